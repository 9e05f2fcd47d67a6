import { failuresOf } from '../runner/expectations.ts';
import { summaryJson, type RunSummaryJson } from '../runner/report.ts';
import { runScenario } from '../runner/run.ts';
import type { Scenario } from '../runner/scenario.ts';

/** One seed of a sweep to run. */
export interface SeedTask {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Set when the sweep prints one JSON object per seed: what that object carries besides the result. */
  readonly json?: { readonly version: string; readonly options: Record<string, unknown> };
}

/** One seed's outcome: its failures (empty when it held) and, when asked for, its JSON summary. */
export interface SeedOutcome {
  readonly seed: number;
  readonly failures: readonly string[];
  readonly json?: RunSummaryJson;
}

/** Runs one seed of a sweep; the same function runs in the sweep's process or in a worker thread of its pool. */
export default function runSeed(task: SeedTask): SeedOutcome {
  const result = runScenario(task.scenario, task.seed);
  const json = task.json && summaryJson(result, { version: task.json.version, seed: task.seed, options: task.json.options });
  return { seed: task.seed, failures: failuresOf(result), ...(json && { json }) };
}
