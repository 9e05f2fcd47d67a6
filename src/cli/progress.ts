import { SingleBar } from 'cli-progress';
import { formatDuration } from '../runner/report.ts';
import type { RunProgress } from '../runner/run.ts';

/** Where the CLI writes: standard output for results, standard error for errors and progress. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Where progress is drawn: standard error when it is a terminal, else nothing, never a log or a pipe. */
  readonly progress: NodeJS.WritableStream | undefined;
  /**
   * Whether standard output shows on the terminal progress is drawn on, so that a bar must step aside for its lines;
   * false when it goes to a file or a pipe. Unknown is taken as true.
   */
  readonly outOnTerminal?: boolean;
  /** The wall clock in ms, for progress rates and the wall-time line; the run itself never reads it. */
  readonly nowMs: () => number;
}

/** A progress bar on standard error, or nothing when it is not a terminal. */
export interface Progress<T> {
  update(state: T): void;
  /**
   * Writes a line of output (`write` writes it). When standard output shows on the bar's terminal, the bar is cleared
   * first and drawn again, below the line, at the next update, so that neither garbles the other.
   */
  print(write: () => void): void;
  stop(): void;
}

const NONE: Progress<never> = { update: () => {}, print: (write) => write(), stop: () => {} };

/**
 * A cli-progress bar that steps aside for lines of output. A bar draws by returning the cursor to where it started
 * and writing over its line, so a line written meanwhile would be overwritten or glued to it: the bar is stopped
 * (which clears its line) before the line is written, and started anew at the next update.
 */
class SteppingBar {
  #bar: SingleBar | undefined;
  /**
   * Ctrl-C while the bar is drawn: the bar stops, which shows the cursor it hid, and the signal is raised again to end
   * the process as it would have. (cli-progress's own `gracefulExit` stops the bar and lets the process run on.)
   */
  readonly #interrupted = (): void => {
    this.stop();
    process.kill(process.pid, 'SIGINT');
  };

  /** `stepsAside`: whether lines of output show on the bar's terminal (see `Io.outOnTerminal`). */
  constructor(private readonly stream: NodeJS.WritableStream, private readonly format: string, private readonly stepsAside: boolean) {}

  draw(total: number, value: number, payload: object): void {
    if (this.#bar !== undefined) return this.#bar.update(value, payload);
    this.#bar = new SingleBar({ stream: this.stream, hideCursor: true, clearOnComplete: true, format: this.format });
    this.#bar.start(total, value, payload);
    process.once('SIGINT', this.#interrupted);
  }

  print(write: () => void): void {
    if (this.stepsAside) this.stop();
    write();
  }

  stop(): void {
    if (this.#bar === undefined) return;
    process.removeListener('SIGINT', this.#interrupted);
    this.#bar.stop();
    this.#bar = undefined;
  }
}

/**
 * `run`'s bar: virtual time done of the load's duration, placements started, events per second of wall time, and the
 * wall time left at the pace so far (a day of load runs for minutes). The pace counts from the first update: a run
 * resumed from a snapshot (`--from`) starts part of the way in, with the events before it already counted.
 */
export function runProgress(io: Io): Progress<RunProgress> {
  if (io.progress === undefined) return NONE;
  const bar = new SteppingBar(io.progress,
    '  running {bar} {percentage}% | virtual {minutes}/{loadMinutes} min | placements {placements} | {rate} events/s | ETA {left}',
    io.outOnTerminal !== false);
  const started = io.nowMs();
  let first: { readonly value: number; readonly eventsRun: number } | undefined;
  return {
    update: (p) => {
      const elapsedMs = io.nowMs() - started;
      const value = Math.min(p.virtualMs, p.loadMs);
      first ??= { value, eventsRun: p.eventsRun };
      const done = value - first.value;
      const payload = {
        minutes: Math.floor(p.virtualMs / 60_000), loadMinutes: Math.round(p.loadMs / 60_000), placements: p.placements,
        rate: Math.round((p.eventsRun - first.eventsRun) / Math.max(elapsedMs / 1000, 0.001)).toLocaleString('en-US'),
        left: done > 0 ? formatDuration((elapsedMs * (p.loadMs - value)) / done) : '…',
      };
      bar.draw(p.loadMs, value, payload);
    },
    print: (write) => bar.print(write),
    stop: () => bar.stop(),
  };
}

/** `sweep`'s bar: seeds done of the total, failures so far, and the wall time left at the pace so far. */
export function sweepProgress(io: Io, total: number): Progress<{ done: number; failed: number }> {
  if (io.progress === undefined) return NONE;
  const bar = new SteppingBar(io.progress, '  sweeping {bar} {value}/{total} seeds | failed {failed} | ETA {left}', io.outOnTerminal !== false);
  const started = io.nowMs();
  const draw = (done: number, failed: number): void =>
    bar.draw(total, done, { failed, left: done > 0 ? formatDuration(((io.nowMs() - started) * (total - done)) / done) : '…' });
  draw(0, 0);
  return { update: ({ done, failed }) => draw(done, failed), print: (write) => bar.print(write), stop: () => bar.stop() };
}
