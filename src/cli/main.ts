import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { failuresOf } from '../runner/expectations.ts';
import { reproTest } from '../runner/repro.ts';
import { formatRun } from '../runner/report.ts';
import { runScenario } from '../runner/run.ts';
import { readScenario, ScenarioError, type Scenario } from '../runner/scenario.ts';
import { failureKind, shrink } from '../runner/shrink.ts';
import { serve, ServeError } from './serve.ts';

const USAGE = `usage:
  gamelift-sim run <scenario.json> [--seed N]     run a scenario and check the placement rules
  gamelift-sim sweep <scenario.json> [--seeds N] [--from S] [--shrink] [--out DIR]
                                                  run many seeds, print the replay line of each failure;
                                                  --shrink writes the first one as a minimal vitest repro
  gamelift-sim serve [--host H] [--port P] [--seed N] [--scenario FILE] [--clock realtime|manual]
                                                  serve the GameLift API over HTTP (AWS JSON 1.1, RPC v2 CBOR)`;

/** The `gamelift-sim` command line: a thin shell over the runner and the server. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await run(rest);
      case 'sweep':
        return await sweep(rest);
      case 'serve':
        await serve([...rest]);
        return 0;
      default:
        console.error(USAGE);
        return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
    }
  } catch (error) {
    const badArgs = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS_') === true;
    if (error instanceof ScenarioError || error instanceof ServeError || badArgs) {
      console.error(`gamelift-sim: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { seed: { type: 'string', default: '1' } } });
  const path = scenarioPath(positionals, 'run');
  const scenario = await readScenario(path);
  const started = performance.now();
  const result = runScenario(scenario, values.seed);
  const wallMs = performance.now() - started;
  console.log(formatRun(result, wallMs, replayLine(path, values.seed)));
  return failuresOf(result).length === 0 ? 0 : 1;
}

/**
 * Runs seeds from..from+count-1 and prints each failing seed's first failure and replay line. With --shrink, the
 * first failure is shrunk to a minimal scenario and written as a vitest file into --out.
 */
async function sweep(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      seeds: { type: 'string', default: '100' },
      from: { type: 'string', default: '1' },
      shrink: { type: 'boolean', default: false },
      out: { type: 'string', default: '.' },
    },
  });
  const path = scenarioPath(positionals, 'sweep');
  const scenario = await readScenario(path);
  const count = wholeNumber(values.seeds, '--seeds');
  const from = wholeNumber(values.from, '--from');
  const started = performance.now();
  let failed = 0;
  for (let seed = from; seed < from + count; seed++) {
    const failures = failuresOf(runScenario(scenario, seed));
    if (failures.length === 0) continue;
    console.log(`seed ${seed}: ${failures[0]}${failures.length > 1 ? ` (+${failures.length - 1} more)` : ''}`);
    console.log(`  replay: ${replayLine(path, seed)}`);
    if (values.shrink && failed === 0) await writeRepro(scenario, seed, failures[0]!, values.out, `gamelift-sim sweep ${path}`);
    failed++;
  }
  console.log(`${count} seeds, ${failed} failed, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return failed === 0 ? 0 : 1;
}

async function writeRepro(scenario: Scenario, seed: number, failure: string, outDir: string, origin: string): Promise<void> {
  const kind = failureKind(failure);
  const { scenario: smallest, runs } = shrink(scenario, (candidate) =>
    failuresOf(runScenario(candidate, seed)).some((f) => failureKind(f) === kind));
  const file = join(outDir, `repro-${scenario.name}-seed-${seed}.test.ts`);
  await writeFile(file, reproTest(smallest, seed, failuresOf(runScenario(smallest, seed)).find((f) => failureKind(f) === kind)!, origin));
  console.log(`  shrunk in ${runs} runs to ${smallest.load.durationMinutes} minutes and ${smallest.faults?.length ?? 0} faults: ${file}`);
}

function scenarioPath(positionals: string[], command: string): string {
  const path = positionals[0];
  if (path === undefined) throw new ScenarioError(`${command} needs a scenario file`);
  return path;
}

function wholeNumber(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new ScenarioError(`${option} must be a whole number, got "${text}"`);
  return n;
}

function replayLine(path: string, seed: number | string): string {
  return `npx gamelift-sim run ${path} --seed ${seed}`;
}
