import { SingleBar } from 'cli-progress';
import { formatDuration } from '../runner/report.ts';
import type { RunProgress } from '../runner/run.ts';

/** Where the CLI writes: standard output for results, standard error for errors and progress. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Where progress is drawn: standard error when it is a terminal, else nothing, never a log or a pipe. */
  readonly progress: NodeJS.WritableStream | undefined;
  /** The wall clock in ms, for progress rates and the wall-time line; the run itself never reads it. */
  readonly nowMs: () => number;
}

/** A progress bar on standard error, or nothing when it is not a terminal. */
export interface Progress<T> {
  update(state: T): void;
  stop(): void;
}

const NONE: Progress<never> = { update: () => {}, stop: () => {} };

/**
 * `run`'s bar: virtual time done of the load's duration, placements started, events per second of wall time, and the
 * wall time left at the pace so far (a day of load runs for minutes). The pace counts from the first update: a run
 * resumed from a snapshot (`--from`) starts part of the way in, with the events before it already counted.
 */
export function runProgress(io: Io): Progress<RunProgress> {
  if (io.progress === undefined) return NONE;
  const bar = new SingleBar({
    stream: io.progress, hideCursor: true, clearOnComplete: true,
    format: '  running {bar} {percentage}% | virtual {minutes}/{loadMinutes} min | placements {placements} | {rate} events/s | ETA {left}',
  });
  const started = io.nowMs();
  let first: { readonly value: number; readonly eventsRun: number } | undefined;
  return {
    update: (p) => {
      const elapsedMs = io.nowMs() - started;
      const value = Math.min(p.virtualMs, p.loadMs);
      const starting = first === undefined;
      first ??= { value, eventsRun: p.eventsRun };
      const done = value - first.value;
      const payload = {
        minutes: Math.floor(p.virtualMs / 60_000), loadMinutes: Math.round(p.loadMs / 60_000), placements: p.placements,
        rate: Math.round((p.eventsRun - first.eventsRun) / Math.max(elapsedMs / 1000, 0.001)).toLocaleString('en-US'),
        left: done > 0 ? formatDuration((elapsedMs * (p.loadMs - value)) / done) : '…',
      };
      if (starting) bar.start(p.loadMs, value, payload);
      else bar.update(value, payload);
    },
    stop: () => {
      if (first !== undefined) bar.stop();
    },
  };
}

/** `sweep`'s bar: seeds done of the total, failures so far, estimated time left. */
export function sweepProgress(io: Io, total: number): Progress<{ done: number; failed: number }> {
  if (io.progress === undefined) return NONE;
  const bar = new SingleBar({
    stream: io.progress, hideCursor: true, clearOnComplete: true, etaBuffer: 50,
    format: '  sweeping {bar} {value}/{total} seeds | failed {failed} | ETA {eta_formatted}',
  });
  bar.start(total, 0, { failed: 0 });
  return { update: ({ done, failed }) => bar.update(done, { failed }), stop: () => bar.stop() };
}
