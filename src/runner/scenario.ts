import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { Simulation, type SimulationOptions } from '../api/simulation.ts';
import { thrownMessage, whyFileFailed } from '../api/thrown.ts';
import type { DurationRange, Timings } from '../model/config.ts';
import type { AliasSpec, FaultSpec, FleetSpec, Load, QueueSpec, ScenarioDefinition } from './define.ts';
import { ScenarioError } from './fields.ts';
import { checkDefinition } from './scenario-schema.ts';

export { ScenarioError };
export type { AliasSpec, FaultSpec, FleetSpec, QueueSpec };

/**
 * A checked scenario, the one form runs, sweeps and shrinking work on: the world a run starts from (fleets, aliases,
 * queues, planned capacity changes), the players (`load`: the duration and the players section, which the lobby
 * generator reads), how the servers behave, the faults to inject, the client under test, checks and expectations,
 * all in virtual time. A run is a pure function of (scenario, seed). `checkScenario` makes one from a definition
 * (a `scenarios/*.ts` module's `defineScenario({...})`, or a JSON file, of either form).
 */
export interface Scenario extends Omit<ScenarioDefinition, 'durationMinutes' | 'players' | 'load'> {
  /** The duration and the players section together, as the lobby generator reads them. */
  readonly load: Load;
}

/** How long a lobby of a JSON scenario of old waited before leaving, when its file did not say. */
const LEGACY_ABANDON_AFTER: DurationRange = { minSeconds: 0, maxSeconds: 10 };

/**
 * Reads and checks a scenario: a TypeScript module (`.ts`, `.mts`, `.js`, `.mjs`) whose default export is a
 * `defineScenario({...})`, or a JSON file. A problem is a ScenarioError naming the file and the scenario's field.
 */
export async function readScenario(path: string): Promise<Scenario> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw new ScenarioError(`${path}: cannot read it (${whyFileFailed(error)})`);
  }
  let data: unknown;
  try {
    if (extname(path) === '.json') {
      data = JSON.parse(await readFile(path, 'utf8'));
    } else {
      const module = await importModule(pathToFileURL(resolve(path)).href);
      if (module.default === undefined) throw new Error('the module must `export default defineScenario({...})`');
      data = module.default;
    }
  } catch (error) {
    throw new ScenarioError(`${path}: ${thrownMessage(error)}`);
  }
  return checkScenario(data, path);
}

/**
 * A scenario module. A `.ts` file in a package without `"type": "module"` is CommonJS to Node and to the hooks tsx
 * registers, and such a module cannot import this package's ES modules while the CLI is loading it (Node refuses
 * the cycle): it is loaded again through tsx's own import, outside that cycle. That import gives the module and
 * what it imports a namespace of their own, so the package is loaded a second time beside the CLI's (1–2 s more to
 * start, and its classes are not the CLI's: `instanceof` across the two fails); the README says to set
 * `"type": "module"` or name the file `.mts`.
 */
async function importModule(url: string): Promise<{ default?: unknown }> {
  try {
    return (await import(url)) as { default?: unknown };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_CYCLE_MODULE') throw error;
    const loaded = (await tsImport(url, import.meta.url)) as { default?: { __esModule?: boolean; default?: unknown } };
    // Compiled to CommonJS, an ES module's exports are the namespace's default, marked `__esModule`, its own default
    // among them.
    return loaded.default?.__esModule === true ? { default: loaded.default.default } : loaded;
  }
}

/**
 * Checks a scenario definition (see `checkDefinition` for what is refused) and turns it into a `Scenario`: the
 * older `load` section becomes a players section with one Poisson phase, uniform latencies and impatience.
 */
export function checkScenario(data: unknown, source = 'scenario'): Scenario {
  let s: ScenarioDefinition;
  try {
    s = checkDefinition(data);
  } catch (error) {
    if (error instanceof ScenarioError) throw new ScenarioError(`${source}: ${error.message}`);
    throw error;
  }
  const { load: legacy, players, durationMinutes, ...rest } = s;
  if (legacy === undefined) return { ...rest, load: { durationMinutes: durationMinutes!, ...players! } };
  return {
    ...rest,
    load: {
      durationMinutes: legacy.durationMinutes,
      arrivals: [{ kind: 'poisson', minutes: legacy.durationMinutes, lobbiesPerMinute: legacy.placementsPerMinute }],
      queues: legacy.queues,
      lobbySize: { min: legacy.playersPerPlacement[0], max: legacy.playersPerPlacement[1] },
      maximumPlayers: legacy.maximumPlayers,
      latencyMs: Object.fromEntries(Object.entries(legacy.playerLatencyMs ?? {}).map(([region, [minMs, maxMs]]) => [region, { kind: 'uniform', minMs, maxMs }])),
      disband: legacy.abandonProbability === undefined
        ? undefined
        : { fraction: legacy.abandonProbability, afterSeconds: legacy.abandonAfterSeconds ?? LEGACY_ABANDON_AFTER },
    },
  };
}

/**
 * The definition a checked scenario reads back as, in the current form (`durationMinutes` and `players` rather than
 * an older `load`), so that `checkScenario(definitionOf(s))` gives `s` again: what a trace file's header stores.
 */
export function definitionOf(scenario: Scenario): ScenarioDefinition {
  const { load: { durationMinutes, ...players }, ...rest } = scenario;
  return { ...rest, durationMinutes, players };
}

/** The simulator's timings a scenario sets: its `timings`, then its `server` section's, which take precedence. */
export function timingsOf(scenario: Scenario): Partial<Timings> {
  const v = scenario.server ?? {};
  const fromServer: Partial<Record<keyof Timings, unknown>> = {
    fleetActivation: v.fleetActivationSeconds,
    instanceStart: v.instanceStartSeconds,
    gameSessionActivation: v.activationSeconds,
    gameSessionTermination: v.terminationSeconds,
    gameSessionLifetime: v.sessionSeconds,
    playerConnect: v.playerConnectSeconds,
    playerStay: v.playerStaySeconds,
    playerNoShowProbability: v.noShowFraction,
    placementProcessing: v.placementProcessingSeconds,
  };
  return { ...scenario.timings, ...Object.fromEntries(Object.entries(fromServer).filter(([, x]) => x !== undefined)) };
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

/**
 * A new simulation for `scenario` and `seed`, with its world built; `observers.traceSink` sees every trace entry and
 * `observers.onCall` every call from the first; `observers.placementEventsKept` bounds the events kept for reading
 * back (listeners see all).
 */
export function simulationFor(
  scenario: Scenario, seed: number | string, traceEntriesKept?: number,
  observers: Pick<SimulationOptions, 'traceSink' | 'onCall' | 'placementEventsKept'> = {},
): { sim: Simulation; built: BuiltWorld } {
  const sim = new Simulation({
    seed, traceEntriesKept, ...observers,
    config: { homeRegion: scenario.homeRegion, timings: timingsOf(scenario), retention: scenario.retention },
  });
  const built = buildWorld(sim, scenario);
  const failFraction = scenario.server?.activationFailureFraction;
  if (failFraction !== undefined && failFraction > 0) {
    for (const fleetId of built.fleetIds.values()) sim.setActivationFault({ fleet: fleetId }, { failFraction });
  }
  return { sim, built };
}
