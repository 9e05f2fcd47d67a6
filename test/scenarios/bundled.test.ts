import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runner/run.ts';
import { readScenario } from '../../src/runner/scenario.ts';

const DIR = join(import.meta.dirname, '..', '..', 'scenarios');
const BUNDLED = readdirSync(DIR).filter((file) => file.endsWith('.ts')).sort();

/** Every bundled TypeScript scenario holds its checks, expectations and thresholds for the reference client. */
describe('bundled scenarios', () => {
  it('include the five the README names', () => {
    expect(BUNDLED).toEqual(expect.arrayContaining(
      ['quickstart.ts', 'launch-day.ts', 'spot-reclaim-storm.ts', 'lobby-churn.ts', 'multi-region.ts']));
  });

  it.each(BUNDLED)('%s holds on seed 1', async (file) => {
    const result = await runScenario(await readScenario(join(DIR, file)), 1);
    expect(result.violations).toEqual([]);
    expect(result.unmet).toEqual([]);
    expect(Object.entries(result.checksByRule).filter(([, c]) => c.failed > 0)).toEqual([]);
    expect(result.thresholds.filter((t) => !t.held)).toEqual([]);
  }, 30_000);
});
