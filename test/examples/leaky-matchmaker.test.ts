import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runner/run.ts';
import { readScenario, type Scenario } from '../../src/runner/scenario.ts';
import { leakyMatchmaker } from '../../examples/leaky-matchmaker.scenario.ts';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'leaky-matchmaker.scenario.ts');
const SEEDS = [1, 2, 3];

describe('examples/leaky-matchmaker', () => {
  it('the bundled disbanded-lobby-session check finds the planted leak on a short sweep; the one-line fix holds on the same seeds', async () => {
    const buggy = await readScenario(EXAMPLE);
    const leaks: number[] = [];
    // One run at a time: the virtual globals are the process's.
    for (const seed of SEEDS) leaks.push((await runScenario(buggy, seed)).checksByRule['disbanded-lobby-session']!.failed);
    expect(leaks.some((failed) => failed > 0)).toBe(true);
    const fixed: Scenario = { ...buggy, client: leakyMatchmaker(false) };
    for (const seed of SEEDS) {
      const held = await runScenario(fixed, seed);
      expect(held.violations).toEqual([]);
      expect(held.placementCount).toBeGreaterThan(0);
    }
  }, 30_000);
});
