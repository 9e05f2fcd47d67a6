import { parseArgs } from 'node:util';
import { Simulation } from '../api/simulation.ts';
import { loadScenario } from '../runner/scenario.ts';
import { CLOCK_MODES, type ClockMode } from '../wire/server-clock.ts';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from '../wire/server.ts';

const USAGE = `usage: gamelift-sim serve [--host ${DEFAULT_HOST}] [--port ${DEFAULT_PORT}] [--seed N] [--scenario FILE] [--clock realtime|manual]

Serves the GameLift API over HTTP (AWS JSON 1.1 on POST /, Smithy RPC v2 CBOR on POST /service/GameLift/operation/*).
  --host       address to bind; loopback unless told otherwise
  --port       0 picks a free port; the line on standard output names the real one
  --seed       the run's seed (default 1)
  --scenario   serve the world a scenario file builds, its fleets ACTIVE
  --clock      realtime (default): virtual time follows the wall clock; manual: only POST /_sim/advance moves it
Simulator endpoints: POST /_sim/advance {"seconds": N}, GET /_sim/events.`;

const DEFAULT_SEED = 1;

/** A command line `serve` cannot run: a bad option value, or an address it cannot listen on. */
export class ServeError extends Error {
  override readonly name = 'ServeError';
}

/** What `gamelift-sim serve` was asked for. */
export interface ServeArgs {
  readonly host: string;
  readonly port: number;
  readonly seed: number | string;
  readonly scenario: string | undefined;
  readonly clock: ClockMode;
  readonly help: boolean;
}

/** Parses `serve`'s options; throws {@link ServeError} naming the option and what it takes. */
export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      host: { type: 'string', default: DEFAULT_HOST },
      port: { type: 'string', default: String(DEFAULT_PORT) },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      scenario: { type: 'string' },
      clock: { type: 'string', default: 'realtime' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new ServeError(`--port must be an integer in 0–65535, got "${values.port}"`);
  if (!(CLOCK_MODES as readonly string[]).includes(values.clock)) {
    throw new ServeError(`--clock must be ${CLOCK_MODES.join(' or ')}, got "${values.clock}"`);
  }
  if (values.host === '') throw new ServeError('--host must name an address, got ""');
  // A decimal seed is passed as a number, so `--seed 7` replays a run that was seeded with 7 in code (DT-1).
  const seed = /^-?\d{1,15}$/.test(values.seed) ? Number(values.seed) : values.seed;
  return { host: values.host, port, seed, scenario: values.scenario, clock: values.clock as ClockMode, help: values.help };
}

/**
 * `gamelift-sim serve`: serves a simulation over HTTP until SIGINT or SIGTERM, then closes every connection and
 * resolves. Prints exactly `gamelift-sim listening on http://HOST:PORT` on standard output once it accepts
 * connections (with the real port when `--port 0`), and the seed on standard error so that a run can be replayed.
 * Throws {@link ServeError} for bad options or an address it cannot bind.
 */
export async function serve(argv: string[]): Promise<void> {
  const args = parseServeArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sim = args.scenario === undefined ? new Simulation({ seed: args.seed }) : await loadScenario(args.scenario, args.seed);
  const stopped = stopSignal();
  let server;
  try {
    server = await startServer(sim, { host: args.host, port: args.port, clock: args.clock });
  } catch (error) {
    stopped.cancel();
    throw new ServeError(`cannot listen on ${args.host}:${args.port}: ${(error as Error).message}`);
  }
  process.stderr.write(`gamelift-sim: seed ${sim.seed}, clock ${args.clock}, home region ${sim.world.config.homeRegion}\n`);
  process.stdout.write(`gamelift-sim listening on ${server.url}\n`);
  await stopped.promise;
  await server.close();
}

/** Resolves on the first SIGINT or SIGTERM; while it waits, those signals no longer kill the process outright. */
function stopSignal(): { promise: Promise<void>; cancel: () => void } {
  let cancel = (): void => {};
  const promise = new Promise<void>((resolve) => {
    const stop = (): void => {
      cancel();
      resolve();
    };
    cancel = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return { promise, cancel };
}
