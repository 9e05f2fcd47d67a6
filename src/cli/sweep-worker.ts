import { failuresOf } from '../runner/expectations.ts';
import { summaryJson, type RunSummaryJson } from '../runner/report.ts';
import { runScenario } from '../runner/run.ts';
import { readScenario, type Scenario } from '../runner/scenario.ts';

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

/** One seed's outcome: its failures (empty when it held) and, when asked for, its JSON summary. */
export interface SeedOutcome {
  readonly seed: number;
  readonly failures: readonly string[];
  /** How many lobbies arrived: where a shrink starts cutting. */
  readonly lobbies: number;
  readonly json?: RunSummaryJson;
}

/** Scenarios read in this thread, by file: a sweep reads its scenario once per thread. */
const scenarios = new Map<string, Promise<Scenario>>();

/** Runs one seed of a sweep; the same function runs in the sweep's process or in a worker thread of its pool. */
export default async function runSeed(task: SeedTask): Promise<SeedOutcome> {
  let scenario = scenarios.get(task.scenarioFile);
  if (scenario === undefined) scenarios.set(task.scenarioFile, scenario = readScenario(task.scenarioFile));
  const result = await runScenario(await scenario, task.seed, { wire: task.wire });
  const json = task.json && summaryJson(result, { version: task.json.version, seed: task.seed, options: task.json.options });
  return { seed: task.seed, failures: failuresOf(result), lobbies: result.lobbyCount, ...(json && { json }) };
}
