import type { FaultSpec, Scenario } from './scenario.ts';

/** The most runs one shrink may spend; a bound, so that a shrink always ends. */
export const SHRINK_RUNS_MAX = 300;

export interface Shrunk {
  readonly scenario: Scenario;
  /** How many candidate scenarios were run. */
  readonly runs: number;
}

/**
 * Greedily shrinks a failing scenario for one seed: tries smaller scenarios, most reducing first, and keeps any that
 * still fails the same way, until none does or SHRINK_RUNS_MAX runs are spent. Every candidate is run again, so the
 * result is a real failure. The lobby generator draws arrivals from one stream and each lobby's players from a
 * stream of its own, and each fault's targets come from a stream named after the fault, so a cut leaves the load's
 * other draws as they were; the simulated service's own draws (ids, timings) follow from what then happens.
 */
export function shrink(scenario: Scenario, stillFails: (candidate: Scenario) => boolean): Shrunk {
  let current = scenario;
  let runs = 0;
  for (let progressed = true; progressed && runs < SHRINK_RUNS_MAX; ) {
    progressed = false;
    for (const candidate of smallerThan(current)) {
      if (runs++ >= SHRINK_RUNS_MAX) break;
      if (!stillFails(candidate)) continue;
      current = candidate;
      progressed = true;
      break;
    }
  }
  return { scenario: current, runs };
}

/** Scenarios one step smaller than `s`, the biggest cuts first. */
function* smallerThan(s: Scenario): Generator<Scenario> {
  const load = s.load;
  const minutes = load.durationMinutes;
  const faults = s.faults ?? [];
  const withLoad = (changes: Partial<Scenario['load']>): Scenario => ({ ...s, load: { ...load, ...changes } });
  const withFaults = (kept: readonly FaultSpec[]): Scenario => ({ ...s, faults: kept });

  if (minutes > 1) yield withLoad({ durationMinutes: Math.max(1, Math.floor(minutes / 2)) });
  const lateFaults = faults.filter((f) => f.atMinute >= minutes);
  if (lateFaults.length > 0) yield withFaults(faults.filter((f) => f.atMinute < minutes));
  for (let i = 0; i < faults.length; i++) yield withFaults(faults.filter((_, j) => j !== i));
  if ((load.disband?.fraction ?? 0) > 0) yield withLoad({ disband: undefined });
  const { min: fewest, max: most } = load.lobbySize;
  if (most > fewest) yield withLoad({ lobbySize: { min: fewest, max: fewest } });
  if (minutes > 1) yield withLoad({ durationMinutes: minutes - 1 });
}

/** A failure's kind: the rule ID of a broken rule (`PL-5`), or the measure of an unmet expectation (`TIMED_OUT`). */
export function failureKind(failure: string): string {
  return failure.split(/[ :]/, 1)[0]!;
}
