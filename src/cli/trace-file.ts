import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { runScenario } from '../runner/run.ts';
import type { ScenarioDefinition } from '../runner/define.ts';
import { checkScenario, readScenario, ScenarioError } from '../runner/scenario.ts';
import { whyFileFailed } from '../api/thrown.ts';

/** What the first line of a trace file holds: enough to run the same scenario with the same seed again. */
export interface TraceHeader {
  readonly trace: 'gamelift-sim';
  readonly version: string;
  readonly scenario: string;
  /** The file the scenario was read from; absent for a run gone on from a snapshot without one. */
  readonly scenarioFile?: string;
  /** The `n` of the first entry that follows: 0, or where the snapshot a run went on from was taken (DT-3). */
  readonly firstEntry?: number;
  readonly seed: number | string;
  readonly options: Readonly<Record<string, unknown>>;
  /**
   * The scenario itself, so that a replay runs what ran even when the file has changed since. A scenario module's
   * client is code, which JSON cannot hold: such a replay imports `scenarioFile` again (`client: true`).
   */
  readonly definition: ScenarioDefinition;
  /** Whether the scenario has its own client, which only its module holds. */
  readonly client?: boolean;
}

/** How much trace text is gathered before it is written out, in bytes. */
const WRITE_CHUNK_BYTES = 1 << 20;

/**
 * Writes a trace as JSON Lines: the header, then every entry's line, read back from the records the trace hash covers.
 * Writes are synchronous because a run is: the run does not yield, so a stream would only queue the whole trace.
 */
export class TraceFileWriter {
  readonly #fd: number;
  #pending: string[] = [];
  #pendingBytes = 0;

  constructor(path: string, header: TraceHeader) {
    try {
      this.#fd = openSync(path, 'w');
    } catch (error) {
      throw new ScenarioError(`--trace ${path}: cannot write it (${whyFileFailed(error)})`);
    }
    this.line(`${JSON.stringify(header)}\n`);
  }

  /** Takes one line, newline included. */
  readonly line = (text: string): void => {
    this.#pending.push(text);
    this.#pendingBytes += text.length;
    if (this.#pendingBytes >= WRITE_CHUNK_BYTES) this.#flush();
  };

  close(): void {
    this.#flush();
    closeSync(this.#fd);
  }

  #flush(): void {
    writeSync(this.#fd, this.#pending.join(''));
    this.#pending = [];
    this.#pendingBytes = 0;
  }
}

/** What a replay found: identical, or the first entry that differs. */
export type ReplayOutcome =
  | { readonly identical: true; readonly header: TraceHeader; readonly entries: number; readonly firstEntry: number }
  | { readonly identical: false; readonly header: TraceHeader; readonly entry: number; readonly recorded: string; readonly replayed: string };

/**
 * Re-runs the scenario and seed a trace file's header names and compares the new trace with the recorded one line by
 * line (DT-1: same inputs, same trace), from the recorded trace's first entry on: a trace that `run --from` wrote
 * begins where its snapshot was taken, and the run from the start must reach the same entries there (DT-3). Throws
 * {@link ScenarioError} when the file is not a gamelift-sim trace.
 */
export async function replayTrace(path: string): Promise<ReplayOutcome> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(`${path}: cannot read it (${whyFileFailed(error)})`);
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = parseHeader(lines[0], path);
  const recorded = lines.slice(1);
  const firstEntry = header.firstEntry ?? 0;
  let replayed = 0;
  let at = 0;
  let differs: { entry: number; recorded: string; replayed: string } | undefined;
  const scenario = header.client === true
    ? await readScenario(header.scenarioFile!)
    : checkScenario(header.definition, `${path} header`);
  await runScenario(scenario, header.seed, {
    wire: header.options['wire'] === true,
    onTraceLine: (line) => {
      if (replayed++ < firstEntry) return;
      if (differs === undefined && recorded[at] !== line.slice(0, -1)) differs = { entry: firstEntry + at, recorded: recorded[at] ?? '(end of trace)', replayed: line.slice(0, -1) };
      at++;
    },
  });
  if (differs === undefined && at < recorded.length) differs = { entry: firstEntry + at, recorded: recorded[at]!, replayed: '(end of trace)' };
  return differs === undefined ? { identical: true, header, entries: at, firstEntry } : { identical: false, header, ...differs };
}

function parseHeader(line: string | undefined, path: string): TraceHeader {
  let header: Partial<TraceHeader> | undefined;
  try {
    header = JSON.parse(line ?? '') as Partial<TraceHeader>;
  } catch {
    // Reported below, with what the first line should be.
  }
  if (header?.trace !== 'gamelift-sim' || header.definition === undefined || header.seed === undefined) {
    throw new ScenarioError(`${path}: not a gamelift-sim trace (its first line must be the header that \`run --trace\` writes)`);
  }
  return header as TraceHeader;
}
