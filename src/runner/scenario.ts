import { readFile } from 'node:fs/promises';
import { Simulation } from '../api/simulation.ts';
import type { TraceSink } from '../engine/trace.ts';
import type { DurationRange, Timings } from '../model/config.ts';
import type { Expectations } from './expectations.ts';
import { parseThresholds, ThresholdError, type Thresholds } from './thresholds.ts';

/**
 * A scenario: the world a run starts from (fleets, aliases, queues), the load of placement requests to send, and
 * the faults to inject, all in virtual time. A run is a pure function of (scenario, seed).
 *
 * Scenarios are JSON files, so a scenario is data that can be diffed, generated and shrunk, never code.
 */
export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly homeRegion?: string;
  readonly timings?: Partial<Timings>;
  readonly fleets: readonly FleetSpec[];
  readonly aliases?: readonly AliasSpec[];
  readonly queues: readonly QueueSpec[];
  readonly load: LoadSpec;
  readonly faults?: readonly FaultSpec[];
  /** Service levels a run must meet besides GameLift's rules; a run that misses one fails. */
  readonly expect?: Expectations;
  /** k6-style pass/fail criteria over the run's metrics, e.g. `{ time_to_placement: ['p(95)<30'] }`. */
  readonly thresholds?: Thresholds;
}

export interface FleetSpec {
  /** The name other parts of the scenario use to refer to this fleet. */
  readonly name: string;
  readonly fleetType?: 'ON_DEMAND' | 'SPOT';
  readonly instanceType?: string;
  readonly processesPerInstance: number;
  readonly maxConcurrentActivations?: number;
  readonly activationTimeoutSeconds?: number;
  readonly tls?: boolean;
  /** Desired (and maximum) instances per location; the first location listed must be the home Region. */
  readonly locations: Readonly<Record<string, { desired: number; max?: number }>>;
}

export interface AliasSpec {
  readonly name: string;
  /** The fleet a SIMPLE alias routes to; omitted for a TERMINAL alias. */
  readonly fleet?: string;
  readonly message?: string;
}

export interface QueueSpec {
  readonly name: string;
  /** `fleet:<name>` or `alias:<name>`, in priority order. */
  readonly destinations: readonly string[];
  readonly timeoutSeconds?: number;
  readonly playerLatencyPolicies?: readonly { maximumMs: number; durationSeconds?: number }[];
  readonly allowedLocations?: readonly string[];
  readonly priorityOrder?: readonly ('LATENCY' | 'COST' | 'DESTINATION' | 'LOCATION')[];
  readonly locationOrder?: readonly string[];
  readonly customEventData?: string;
}

/** The placement requests a run sends: a Poisson stream per queue, with players and their latencies. */
export interface LoadSpec {
  readonly durationMinutes: number;
  readonly placementsPerMinute: number;
  /** Queue names, picked uniformly per request. */
  readonly queues: readonly string[];
  readonly playersPerPlacement: readonly [number, number];
  readonly maximumPlayers: number;
  /** Per location, the range of latency players report to it; empty sends no latency data. */
  readonly playerLatencyMs?: Readonly<Record<string, readonly [number, number]>>;
  /** The share of requests whose players leave the lobby, and how soon after the request they leave. */
  readonly abandonProbability?: number;
  readonly abandonAfterSeconds?: DurationRange;
}

export type FaultSpec =
  | { readonly atMinute: number; readonly kind: 'spotReclaim'; readonly fleet: string; readonly location?: string; readonly count?: number }
  | { readonly atMinute: number; readonly kind: 'processCrash'; readonly fleet: string; readonly count?: number }
  | { readonly atMinute: number; readonly kind: 'setTimings'; readonly timings: Partial<Timings> }
  | { readonly atMinute: number; readonly kind: 'setCapacity'; readonly fleet: string; readonly location?: string; readonly desired: number };

/** A scenario file that does not parse or does not hold together. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** Reads and checks a scenario file. */
export async function readScenario(path: string): Promise<Scenario> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError(`${path}: ${(error as Error).message}`);
  }
  return checkScenario(data, path);
}

/** Checks the parts of a scenario that the simulator's own operations would not catch with a clear message. */
export function checkScenario(data: unknown, source = 'scenario'): Scenario {
  const s = data as Scenario;
  const problem = (what: string): never => {
    throw new ScenarioError(`${source}: ${what}`);
  };
  if (typeof s !== 'object' || s === null) problem('must be a JSON object');
  if (typeof s.name !== 'string') problem('"name" must be a string');
  if (!Array.isArray(s.fleets) || s.fleets.length === 0) problem('"fleets" must list at least one fleet');
  if (!Array.isArray(s.queues) || s.queues.length === 0) problem('"queues" must list at least one queue');
  if (typeof s.load !== 'object' || s.load === null) problem('"load" must be an object');
  const fleets = new Set(s.fleets.map((f) => f.name));
  const aliases = new Set((s.aliases ?? []).map((a) => a.name));
  const queues = new Set(s.queues.map((q) => q.name));
  for (const f of s.fleets) {
    if (Object.keys(f.locations ?? {}).length === 0) problem(`fleet "${f.name}" must have at least one location`);
  }
  for (const a of s.aliases ?? []) {
    if (a.fleet !== undefined && !fleets.has(a.fleet)) problem(`alias "${a.name}" routes to unknown fleet "${a.fleet}"`);
  }
  for (const q of s.queues) {
    for (const d of q.destinations) {
      const [kind, name] = d.split(':');
      if (!((kind === 'fleet' && fleets.has(name!)) || (kind === 'alias' && aliases.has(name!)))) {
        problem(`queue "${q.name}" destination "${d}" must be fleet:<name> or alias:<name> of the scenario`);
      }
    }
  }
  const load = s.load;
  if (!(load.durationMinutes > 0) || !(load.placementsPerMinute > 0)) problem('"load" needs durationMinutes and placementsPerMinute > 0');
  for (const q of load.queues ?? []) if (!queues.has(q)) problem(`"load" names unknown queue "${q}"`);
  if (!Array.isArray(load.queues) || load.queues.length === 0) problem('"load.queues" must name at least one queue');
  for (const f of s.faults ?? []) {
    if ('fleet' in f && !fleets.has(f.fleet)) problem(`fault at minute ${f.atMinute} names unknown fleet "${f.fleet}"`);
  }
  if (s.thresholds !== undefined) {
    try {
      parseThresholds(s.thresholds);
    } catch (error) {
      if (error instanceof ThresholdError) problem(error.message);
      throw error;
    }
  }
  return s;
}

/** What building a scenario's world made, by the scenario's names. */
export interface BuiltWorld {
  readonly fleetIds: ReadonlyMap<string, string>;
  readonly aliasIds: ReadonlyMap<string, string>;
}

/** The longest a warm start waits for fleets to become ACTIVE, in virtual seconds. */
const WARM_START_SECONDS_MAX = 6 * 3600;

/**
 * Creates the scenario's fleets, aliases and queues through the public operations, then runs virtual time until
 * every fleet location is ACTIVE with its desired instances, so that load starts on a ready world.
 */
export function buildWorld(sim: Simulation, scenario: Scenario): BuiltWorld {
  const fleetIds = new Map<string, string>();
  const aliasIds = new Map<string, string>();
  for (const f of scenario.fleets) {
    const locations = Object.keys(f.locations);
    const created = sim.call('CreateFleet', {
      Name: f.name,
      BuildId: 'build-scenario',
      EC2InstanceType: (f.instanceType ?? 'c5.large') as never,
      FleetType: f.fleetType ?? 'ON_DEMAND',
      CertificateConfiguration: { CertificateType: f.tls ? 'GENERATED' : 'DISABLED' },
      RuntimeConfiguration: {
        ServerProcesses: [{ LaunchPath: '/local/game/server', ConcurrentExecutions: f.processesPerInstance }],
        MaxConcurrentGameSessionActivations: f.maxConcurrentActivations,
        GameSessionActivationTimeoutSeconds: f.activationTimeoutSeconds,
      },
      Locations: locations.map((Location) => ({ Location })),
    });
    const fleetId = created.FleetAttributes!.FleetId!;
    fleetIds.set(f.name, fleetId);
    for (const [Location, { desired, max }] of Object.entries(f.locations)) {
      sim.call('UpdateFleetCapacity', { FleetId: fleetId, Location, DesiredInstances: desired, MinSize: 0, MaxSize: Math.max(max ?? desired, desired) });
    }
  }
  for (const a of scenario.aliases ?? []) {
    const routing = a.fleet === undefined
      ? { Type: 'TERMINAL' as const, Message: a.message ?? `alias ${a.name} is closed` }
      : { Type: 'SIMPLE' as const, FleetId: fleetIds.get(a.fleet)! };
    aliasIds.set(a.name, sim.call('CreateAlias', { Name: a.name, RoutingStrategy: routing }).Alias!.AliasId!);
  }
  for (const q of scenario.queues) {
    sim.call('CreateGameSessionQueue', {
      Name: q.name,
      TimeoutInSeconds: q.timeoutSeconds,
      Destinations: q.destinations.map((d) => {
        const [kind, name] = d.split(':') as [string, string];
        return { DestinationArn: kind === 'fleet' ? fleetIds.get(name)! : aliasIds.get(name)! };
      }),
      PlayerLatencyPolicies: q.playerLatencyPolicies?.map((p) => ({
        MaximumIndividualPlayerLatencyMilliseconds: p.maximumMs,
        PolicyDurationSeconds: p.durationSeconds,
      })),
      FilterConfiguration: q.allowedLocations === undefined ? undefined : { AllowedLocations: [...q.allowedLocations] },
      PriorityConfiguration: q.priorityOrder === undefined && q.locationOrder === undefined
        ? undefined
        : { PriorityOrder: q.priorityOrder && [...q.priorityOrder], LocationOrder: q.locationOrder && [...q.locationOrder] },
      CustomEventData: q.customEventData,
    });
  }
  warmUp(sim);
  return { fleetIds, aliasIds };
}

function warmUp(sim: Simulation): void {
  const deadlineMs = sim.nowMs + WARM_START_SECONDS_MAX * 1000;
  const ready = (): boolean => [...sim.world.fleets.values()].every((f) =>
    [...f.locations.values()].every((l) => l.status === 'ACTIVE' && l.pendingCount === 0 && l.activeCount >= l.desired));
  while (!ready()) {
    const next = sim.world.engine.nextDueMs();
    if (next === undefined || next > deadlineMs) throw new ScenarioError(`fleets were not ACTIVE within ${WARM_START_SECONDS_MAX} s of virtual time`);
    sim.advanceTo(next);
  }
}

/** A simulation built from a scenario file with `seed`, its fleets ACTIVE: what `gamelift-sim serve --scenario` serves. */
export async function loadScenario(path: string, seed: number | string): Promise<Simulation> {
  return simulationFor(await readScenario(path), seed).sim;
}

/** A new simulation for `scenario` and `seed`, with its world built; `traceSink` sees every trace entry from the first. */
export function simulationFor(
  scenario: Scenario, seed: number | string, traceEntriesKept?: number, traceSink?: TraceSink,
): { sim: Simulation; built: BuiltWorld } {
  const sim = new Simulation({ seed, traceEntriesKept, traceSink, config: { homeRegion: scenario.homeRegion, timings: scenario.timings } });
  return { sim, built: buildWorld(sim, scenario) };
}
