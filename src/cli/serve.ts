import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Simulation } from '../api/simulation.ts';
import { SnapshotError } from '../api/snapshot.ts';
import {
  GAME_SESSION_RETENTION_DAYS_MAX, GAME_SESSION_RETENTION_DAYS_MIN, PLACEMENT_RETENTION_HOURS_MAX, PLACEMENT_RETENTION_HOURS_MIN,
  type Retention,
} from '../model/config.ts';
import { readScenario, simulationFor } from '../runner/scenario.ts';
import { whyFileFailed } from '../api/thrown.ts';
import { CLOCK_MODES, SPEED_MAX, type ClockMode } from '../wire/server-clock.ts';
import { GAMELIFT_RATE_LIMITS } from '../wire/throttle.ts';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from '../wire/server.ts';

const USAGE = `usage: gamelift-sim serve [--host ${DEFAULT_HOST}] [--port ${DEFAULT_PORT}] [--seed N] [--scenario FILE | --from SNAPSHOT] [--clock realtime|manual]
                          [--speed N] [--no-throttle] [--retention-game-sessions-days D] [--retention-placements-hours H]

Serves the GameLift API over HTTP (AWS JSON 1.1 on POST /, Smithy RPC v2 CBOR on POST /service/GameLift/operation/*).
  --host       address to bind; loopback unless told otherwise
  --port       0 picks a free port; the line on standard output names the real one
  --seed       the run's seed (default 1)
  --scenario   serve the world a scenario file builds, its fleets ACTIVE
  --from       serve the simulation a snapshot saved (POST /_sim/snapshot), going on from where it stood (DT-3)
  --clock      realtime (default): virtual time follows the wall clock; manual: only POST /_sim/advance moves it
  --speed      with --clock realtime, virtual seconds per wall second (default 1, at most ${SPEED_MAX})
  --no-throttle  admit every request; by default GameLift's rates apply in virtual time (WR-5), so under
               --clock manual the 501st call in one virtual instant is throttled until time is advanced
  --retention-game-sessions-days  days an ended game session stays visible (default 30, DG-9; at least 1/24)
  --retention-placements-hours    hours a settled placement stays visible (default 720; at least 1): shorter
               retention keeps a long-lived server's memory flat (not with --scenario, whose file sets retention)
Simulator endpoints (JSON): POST /_sim/advance {"seconds": N}, GET /_sim/state, GET /_sim/events[?after=CURSOR&limit=N],
  POST /_sim/faults/{reclaim-spot-instance,crash-game-session-process,fail-placement,set-timings,reclaim-spot,
  crash-processes,lose-capacity,recover-capacity,activation-fault}; POST /_sim/snapshot
  answers the whole simulation as snapshot bytes.
SIGINT or SIGTERM: stop accepting, finish the requests in flight, exit 0; a second signal exits at once.`;

const DEFAULT_SEED = 1;

/**
 * Trace entries a served simulation keeps in memory: none. Over HTTP only the trace's hash is read (`GET
 * /_sim/state`, the fault endpoints), and the hash covers every entry however many are kept; the 100,000 a
 * simulation keeps by default would be memory and garbage-collection time for nothing (~1.7 KB for each
 * DescribeGameSessions call of ten sessions, 170 MB once full, and a seventh of the server's CPU per call).
 */
export const SERVED_TRACE_ENTRIES_KEPT = 0;

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
  /** A snapshot file to serve from, instead of a new simulation. */
  readonly from: string | undefined;
  readonly clock: ClockMode;
  readonly speed: number;
  readonly throttle: boolean;
  /** Shortened retention, member by member; GameLift's where left out. */
  readonly retention: Partial<Retention>;
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
      seed: { type: 'string' },
      scenario: { type: 'string' },
      from: { type: 'string' },
      clock: { type: 'string', default: 'realtime' },
      speed: { type: 'string', default: '1' },
      'no-throttle': { type: 'boolean', default: false },
      'retention-game-sessions-days': { type: 'string' },
      'retention-placements-hours': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new ServeError(`--port must be an integer in 0–65535, got "${values.port}"`);
  if (!(CLOCK_MODES as readonly string[]).includes(values.clock)) {
    throw new ServeError(`--clock must be ${CLOCK_MODES.join(' or ')}, got "${values.clock}"`);
  }
  const speed = /^\d+(\.\d+)?$/.test(values.speed) ? Number(values.speed) : NaN;
  if (!(speed > 0 && speed <= SPEED_MAX)) throw new ServeError(`--speed must be a number in (0, ${SPEED_MAX}], got "${values.speed}"`);
  if (speed !== 1 && values.clock === 'manual') throw new ServeError('--speed applies to --clock realtime; a manual clock moves only with POST /_sim/advance');
  if (values.host === '') throw new ServeError('--host must name an address, got ""');
  if (values.from !== undefined && (values.scenario !== undefined || values.seed !== undefined)) {
    throw new ServeError(`--from serves the snapshot's own world and seed: ${values.scenario !== undefined ? '--scenario' : '--seed'} does not apply`);
  }
  const seedText = values.seed ?? String(DEFAULT_SEED);
  // A decimal seed is passed as a number, so `--seed 7` replays a run that was seeded with 7 in code (DT-1).
  const seed = /^-?\d{1,15}$/.test(seedText) ? Number(seedText) : seedText;
  const gameSessionsDays = retentionOf('--retention-game-sessions-days', values['retention-game-sessions-days'], GAME_SESSION_RETENTION_DAYS_MIN, GAME_SESSION_RETENTION_DAYS_MAX);
  const placementsHours = retentionOf('--retention-placements-hours', values['retention-placements-hours'], PLACEMENT_RETENTION_HOURS_MIN, PLACEMENT_RETENTION_HOURS_MAX);
  const retention = { ...(gameSessionsDays === undefined ? {} : { gameSessionsDays }), ...(placementsHours === undefined ? {} : { placementsHours }) };
  if (values.scenario !== undefined && Object.keys(retention).length > 0) {
    throw new ServeError('--retention-* options take no --scenario: set retention in the scenario file');
  }
  if (values.from !== undefined && Object.keys(retention).length > 0) {
    throw new ServeError("--retention-* options take no --from: a snapshot keeps its own world's retention");
  }
  return {
    host: values.host, port, seed, scenario: values.scenario, from: values.from, clock: values.clock as ClockMode, speed,
    throttle: !values['no-throttle'], retention, help: values.help,
  };
}

/** A retention option's number, within [min, max]; undefined when not given. */
function retentionOf(option: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new ServeError(`${option} must be a number in ${+min.toFixed(4)}–${max}, got "${text}"`);
  return value;
}

/**
 * `gamelift-sim serve`: serves a simulation over HTTP until SIGINT or SIGTERM, then shuts down gracefully (stops
 * accepting, finishes the requests in flight within SHUTDOWN_WAIT_MS) and resolves; a second signal meanwhile exits
 * at once with 128 + the signal's number. Prints exactly `gamelift-sim listening on http://HOST:PORT` on standard
 * output once it accepts connections (with the real port when `--port 0`), and on standard error the seed (so that
 * a run can be replayed), the clock, and whether and why requests are throttled.
 * Throws {@link ServeError} for bad options or an address it cannot bind.
 */
export async function serve(argv: string[]): Promise<void> {
  const args = parseServeArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sim = args.from !== undefined
    ? await restoreFrom(args.from)
    : args.scenario === undefined
      ? new Simulation({ seed: args.seed, traceEntriesKept: SERVED_TRACE_ENTRIES_KEPT, config: { retention: args.retention } })
      : simulationFor(await readScenario(args.scenario), args.seed, SERVED_TRACE_ENTRIES_KEPT).sim;
  const stopped = stopSignal();
  let server;
  try {
    server = await startServer(sim, { host: args.host, port: args.port, clock: args.clock, speed: args.speed, throttle: args.throttle ? undefined : false });
  } catch (error) {
    stopped.cancel();
    throw new ServeError(`cannot listen on ${args.host}:${args.port}: ${(error as Error).message}`);
  }
  process.stderr.write(`gamelift-sim: seed ${sim.seed}, clock ${args.clock}${args.clock === 'realtime' && args.speed !== 1 ? ` ×${args.speed}` : ''}, ` +
    `home region ${sim.world.config.homeRegion}; ${throttlingNote(args)}\n`);
  process.stdout.write(`gamelift-sim listening on ${server.url}\n`);
  const signal = await stopped.promise;
  // A second signal while the requests in flight finish: the user wants out now.
  const now = (): never => process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  process.once('SIGINT', now);
  process.once('SIGTERM', now);
  try {
    await server.close();
  } finally {
    process.off('SIGINT', now);
    process.off('SIGTERM', now);
  }
}

/** The simulation a snapshot file saved; a file that cannot be read or restored is a ServeError naming it. */
async function restoreFrom(file: string): Promise<Simulation> {
  try {
    return Simulation.restore(await readFile(file), { traceEntriesKept: SERVED_TRACE_ENTRIES_KEPT });
  } catch (error) {
    const why = error instanceof SnapshotError ? error.message : whyFileFailed(error);
    throw new ServeError(`--from ${file}: ${why}`);
  }
}

/** The startup line's word on WR-5, which otherwise surprises: under a manual clock, throttled calls stay throttled. */
function throttlingNote(args: ServeArgs): string {
  if (!args.throttle) return 'throttling off (--no-throttle)';
  const rates = `throttling at GameLift's rates in virtual time (${GAMELIFT_RATE_LIMITS.accountPerSecond} requests per second)`;
  return args.clock === 'manual'
    ? `${rates}: with a manual clock, after ${GAMELIFT_RATE_LIMITS.accountPerSecond} calls in one virtual instant every call is throttled until POST /_sim/advance moves time; --no-throttle switches it off`
    : `${rates}; --no-throttle switches it off`;
}

/** Resolves with the first SIGINT or SIGTERM; while it waits, those signals no longer kill the process outright. */
function stopSignal(): { promise: Promise<NodeJS.Signals>; cancel: () => void } {
  let cancel = (): void => {};
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      cancel();
      resolve(signal);
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
