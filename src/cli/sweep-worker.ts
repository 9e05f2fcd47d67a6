import { failuresOf } from '../runner/expectations.ts';
import { summaryJson, type RunSummaryJson } from '../runner/report.ts';
import { runScenario, type RunResult } from '../runner/run.ts';
import { readScenario, type Scenario } from '../runner/scenario.ts';
import { oneLine } from './args.ts';

/**
 * One seed of a sweep to run. The scenario is named by its file, not carried: a scenario module's client is code,
 * which cannot cross into a worker thread, so each worker imports the module itself (once).
 */
export interface SeedTask {
  readonly scenarioFile: string;
  readonly seed: number;
  /** Route the client's calls through the SDK's whole pipeline (`--wire`). */
  readonly wire: boolean;
  /** Set when the sweep prints one JSON object per seed: what that object carries besides the result. */
  readonly json?: { readonly version: string; readonly options: Record<string, unknown> };
}

/** A seed's JSON object when its run threw: what it threw, in place of a summary. */
export interface SeedErrorJson {
  readonly version: string;
  readonly scenario: string;
  readonly seed: number;
  readonly options: Readonly<Record<string, unknown>>;
  readonly ok: false;
  readonly error: string;
}

/** One seed's outcome: its failures (empty when it held) and, when asked for, its JSON object. */
export interface SeedOutcome {
  readonly seed: number;
  readonly failures: readonly string[];
  /** How many lobbies arrived (0 when the run threw): where a shrink starts cutting. */
  readonly lobbies: number;
  readonly json?: RunSummaryJson | SeedErrorJson;
}

/** Scenarios read in this thread, by file: a sweep reads its scenario once per thread. */
const scenarios = new Map<string, Promise<Scenario>>();

/**
 * Runs one seed of a sweep; the same function runs in the sweep's process or in a worker thread of its pool. A run
 * that throws (the client under test, most often) is a failing seed like any other, with what it threw as its
 * failure: it is what a sweep is for, and the seed's replay line throws it again.
 */
export default async function runSeed(task: SeedTask): Promise<SeedOutcome> {
  let read = scenarios.get(task.scenarioFile);
  if (read === undefined) scenarios.set(task.scenarioFile, read = readScenario(task.scenarioFile));
  const scenario = await read;
  const ran = await runOrThrown(scenario, task.seed, task.wire);
  const meta = task.json && { version: task.json.version, seed: task.seed, options: task.json.options };
  if ('thrown' in ran) {
    return { seed: task.seed, failures: [ran.thrown], lobbies: 0, ...(meta && { json: { ...meta, scenario: scenario.name, ok: false, error: ran.thrown } }) };
  }
  const { result } = ran;
  return { seed: task.seed, failures: failuresOf(result), lobbies: result.lobbyCount, ...(meta && { json: summaryJson(result, meta) }) };
}

/** The longest message of a thrown error that a failure line quotes, in characters. */
const THROWN_MESSAGE_CHARS_MAX = 300;

/**
 * Runs a scenario with a seed; an error the run throws comes back as a failure, `<ErrorName> thrown by the run:
 * <message>` on one line, whose kind (see `failureKind`) is the error's name.
 */
export async function runOrThrown(scenario: Scenario, seed: number, wire: boolean): Promise<{ result: RunResult } | { thrown: string }> {
  try {
    return { result: await runScenario(scenario, seed, { wire }) };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    const line = oneLine(message);
    const quoted = line.length > THROWN_MESSAGE_CHARS_MAX ? `${line.slice(0, THROWN_MESSAGE_CHARS_MAX)}…` : line;
    return { thrown: `${name} thrown by the run: ${quoted}` };
  }
}
