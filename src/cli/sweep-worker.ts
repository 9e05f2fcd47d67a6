import { describeThrown } from '../api/thrown.ts';
import { failuresOf } from '../runner/expectations.ts';
import { summaryJson, type RunSummaryJson } from '../runner/report.ts';
import { runScenario, type RunResult } from '../runner/run.ts';
import { readScenario, type Scenario } from '../runner/scenario.ts';
import { THROWN_BY_THE_RUN } from '../runner/shrink.ts';
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
  const json = task.json;
  if ('thrown' in ran) {
    const thrown = json && { version: json.version, scenario: scenario.name, seed: task.seed, options: json.options, ok: false as const, error: ran.thrown };
    return { seed: task.seed, failures: [ran.thrown], lobbies: 0, ...(thrown && { json: thrown }) };
  }
  const { result } = ran;
  const summary = json && summaryJson(result, { version: json.version, seed: task.seed, options: json.options });
  return { seed: task.seed, failures: failuresOf(result), lobbies: result.lobbyCount, ...(summary && { json: summary }) };
}

/** The most of what a run threw that a failure line quotes, in characters. */
const THROWN_CHARS_MAX = 300;

/**
 * Runs a scenario with a seed; what the run throws comes back as a failure on one line, `thrown by the run:
 * TypeError: …` (see `failureKind` for its kind).
 */
export async function runOrThrown(scenario: Scenario, seed: number, wire: boolean): Promise<{ result: RunResult } | { thrown: string }> {
  try {
    return { result: await runScenario(scenario, seed, { wire }) };
  } catch (error) {
    const line = oneLine(describeThrown(error));
    const quoted = line.length > THROWN_CHARS_MAX ? `${line.slice(0, THROWN_CHARS_MAX)}…` : line;
    return { thrown: `${THROWN_BY_THE_RUN}${quoted}` };
  }
}
