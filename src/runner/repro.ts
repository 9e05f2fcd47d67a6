import { extname, relative, dirname } from 'node:path';
import type { Cuts } from './shrink.ts';

/** What a repro replays: the user's scenario file, how the shrink cut it, the seed and the path the client took. */
export interface ReproSpec {
  /** The scenario file the sweep read. */
  readonly scenarioFile: string;
  /** Where the repro is written: the scenario is imported by its path relative to this file. */
  readonly reproFile: string;
  readonly scenarioName: string;
  readonly cuts: Cuts;
  readonly seed: number | string;
  readonly wire: boolean;
  readonly failure: string;
  /** The command that found the failure. */
  readonly origin: string;
}

/** How long a repro's one run may take before vitest gives up on it, in wall ms. */
const REPRO_TIMEOUT_MS = 120_000;

/**
 * A vitest file that replays a failure: it imports the user's scenario module (a JSON scenario is read from its
 * file), applies the shrink's cuts, runs the seed with the user's own client, and asserts that every rule, check and
 * expectation holds. It fails until the user's bug is fixed, then guards against its return.
 */
export function reproTest(spec: ReproSpec): string {
  const quote = (text: string): string => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', ' ')}'`;
  let path = relative(dirname(spec.reproFile), spec.scenarioFile).replaceAll('\\', '/');
  if (!path.startsWith('.')) path = `./${path}`;
  const json = extname(spec.scenarioFile) === '.json';
  const title = `${spec.scenarioName}, seed ${spec.seed}: ${spec.failure}`;
  const options = spec.wire ? ', { wire: true }' : '';
  return `// Found by \`${spec.origin}\` and shrunk by gamelift-sim. Replays one failure; passes once it is fixed.
import { expect, it } from 'vitest';
import { applyCuts, checkScenario, failuresOf, ${json ? 'readScenario, ' : ''}runScenario, type Cuts } from 'gamelift-sim';
${json ? '' : `import definition from ${quote(path)};\n`}
/** How the shrink cut the scenario down. */
const cuts: Cuts = ${JSON.stringify(spec.cuts)};

it(${quote(title)}, async () => {
  const scenario = applyCuts(${json ? `await readScenario(new URL(${quote(path)}, import.meta.url).pathname)` : `checkScenario(definition, ${quote(path)})`}, cuts);
  expect(failuresOf(await runScenario(scenario, ${JSON.stringify(spec.seed)}${options}))).toEqual([]);
}, ${REPRO_TIMEOUT_MS});
`;
}
