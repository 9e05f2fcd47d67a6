import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { formatRun } from '../runner/report.ts';
import { runScenario } from '../runner/run.ts';
import { readScenario, ScenarioError } from '../runner/scenario.ts';
import { serve, ServeError } from './serve.ts';

const USAGE = `usage:
  gamelift-sim run <scenario.json> [--seed N]     run a scenario and check the placement rules
  gamelift-sim sweep <scenario.json> [--seeds N] [--from S]
                                                  run many seeds, print the replay line of each failure
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
  const path = positionals[0];
  if (path === undefined) throw new ScenarioError('run needs a scenario file');
  const scenario = await readScenario(path);
  const started = performance.now();
  const result = runScenario(scenario, values.seed);
  const wallMs = performance.now() - started;
  console.log(formatRun(result, wallMs, `npx gamelift-sim run ${path} --seed ${values.seed}`));
  return result.violations.length === 0 ? 0 : 1;
}

async function sweep(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { seeds: { type: 'string', default: '100' }, from: { type: 'string', default: '1' } },
  });
  const path = positionals[0];
  if (path === undefined) throw new ScenarioError('sweep needs a scenario file');
  const scenario = await readScenario(path);
  const count = Number(values.seeds);
  const from = Number(values.from);
  let failures = 0;
  const started = performance.now();
  for (let seed = from; seed < from + count; seed++) {
    const result = runScenario(scenario, seed);
    if (result.violations.length === 0) continue;
    failures++;
    console.log(`seed ${seed}: ${result.violations[0]} (+${result.violations.length - 1} more)`);
    console.log(`  replay: npx gamelift-sim run ${path} --seed ${seed}`);
  }
  const wallS = (performance.now() - started) / 1000;
  console.log(`${count} seeds, ${failures} failed, ${wallS.toFixed(1)} s`);
  return failures === 0 ? 0 : 1;
}
