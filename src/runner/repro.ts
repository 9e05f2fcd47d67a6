import type { Scenario } from './scenario.ts';

/**
 * A self-contained vitest file that replays a failure: the shrunk scenario inline, the seed, and the assertion that
 * the run meets every rule and expectation. It fails until the failure is fixed, then guards against its return.
 */
export function reproTest(scenario: Scenario, seed: number | string, failure: string, origin: string): string {
  const title = `${scenario.name}, seed ${seed}: ${failure}`.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
  return `// Found by \`${origin}\` and shrunk by gamelift-sim. Replays one failure; passes once it is fixed.
import { expect, it } from 'vitest';
import { failuresOf, runScenario, type Scenario } from 'gamelift-sim';

const scenario: Scenario = ${JSON.stringify(scenario, null, 2)};

it('${title}', () => {
  expect(failuresOf(runScenario(scenario, ${JSON.stringify(seed)}))).toEqual([]);
});
`;
}
