import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failuresOf } from '../../src/runner/expectations.ts';
import { reproTest } from '../../src/runner/repro.ts';
import { runScenario } from '../../src/runner/run.ts';
import { readScenario, type Scenario } from '../../src/runner/scenario.ts';
import { failureKind, shrink, SHRINK_RUNS_MAX } from '../../src/runner/shrink.ts';

const SCENARIO = join(import.meta.dirname, '..', '..', 'scenarios', 'evening-peak.json');

/** The bundled scenario with a service level it misses on some seeds: at most 3% of placements may time out. */
async function strictScenario(): Promise<Scenario> {
  return { ...(await readScenario(SCENARIO)), expect: { timedOutPercentAtMost: 3 } };
}

describe('expectations and shrinking', () => {
  it('an unmet expectation fails the run with the measured value (seed 1)', async () => {
    const result = runScenario(await strictScenario(), 1);
    expect(result.violations).toEqual([]);
    expect(result.unmet).toHaveLength(1);
    expect(result.unmet[0]).toMatch(/^TIMED_OUT % \d+\.\d, expected at most 3$/);
    expect(failuresOf(result)).toEqual(result.unmet);
  });

  it('shrinks a failing run to a smaller scenario that fails the same way, the same way every time (seed 1)', async () => {
    const scenario = await strictScenario();
    const stillFails = (candidate: Scenario): boolean => failuresOf(runScenario(candidate, 1)).some((f) => failureKind(f) === 'TIMED_OUT');
    const shrunk = shrink(scenario, stillFails);
    expect(stillFails(shrunk.scenario)).toBe(true);
    expect(shrunk.scenario.load.durationMinutes).toBeLessThan(scenario.load.durationMinutes);
    expect(shrunk.scenario.faults!.length).toBeLessThanOrEqual(scenario.faults!.length);
    expect(shrunk.runs).toBeLessThanOrEqual(SHRINK_RUNS_MAX);
    expect(shrink(scenario, stillFails)).toEqual(shrunk);
  });

  it('shrinks to the smallest scenario when everything fails, and keeps the original when nothing does', async () => {
    const scenario = await readScenario(SCENARIO);
    const smallest = shrink(scenario, () => true).scenario;
    expect(smallest.load.durationMinutes).toBe(1);
    expect(smallest.faults).toEqual([]);
    expect(smallest.load.disband).toBeUndefined();
    expect(smallest.load.lobbySize.min).toBe(smallest.load.lobbySize.max);
    const kept = shrink(scenario, () => false);
    expect(kept.scenario).toBe(scenario);
    expect(kept.runs).toBeGreaterThan(0);
  });

  it('writes a repro test that holds the scenario, the seed and the failure', async () => {
    const scenario = await strictScenario();
    const text = reproTest(scenario, 42, "TIMED_OUT % 4.0, expected at most 3 (it's 'late')", 'gamelift-sim sweep x.json');
    const json = text.slice(text.indexOf('const scenario: Scenario = ') + 'const scenario: Scenario = '.length, text.indexOf(';\n\nit('));
    expect(JSON.parse(json)).toEqual(scenario);
    expect(text).toContain("it('evening-peak, seed 42: TIMED_OUT % 4.0, expected at most 3 (it\\'s \\'late\\')'");
    expect(text).toContain('runScenario(scenario, 42)');
  });
});
