import { Simulation, type SimulationOptions } from '../../src/api/simulation.ts';

/** Builders shared by the tests: small worlds made through the public operations, as a user would make them. */

export interface FleetSpec {
  readonly locations?: readonly string[];
  readonly processesPerInstance?: number;
  readonly desiredInstances?: number;
  readonly fleetType?: 'ON_DEMAND' | 'SPOT';
  readonly tls?: boolean;
  readonly maxConcurrentActivations?: number;
  readonly activationTimeoutSeconds?: number;
}

/** A simulation whose timings are short and fixed, so tests reason about exact times. */
export function quickSimulation(seed: number | string = 1, options: SimulationOptions = {}): Simulation {
  return new Simulation({
    seed,
    ...options,
    config: {
      ...options.config,
      timings: {
        fleetActivation: { minSeconds: 60, maxSeconds: 60 },
        instanceStart: { minSeconds: 30, maxSeconds: 30 },
        gameSessionActivation: { minSeconds: 2, maxSeconds: 2 },
        gameSessionTermination: { minSeconds: 1, maxSeconds: 1 },
        playerConnect: { minSeconds: 5, maxSeconds: 5 },
        placementProcessing: { minSeconds: 1, maxSeconds: 1 },
        ...options.config?.timings,
      },
    },
  });
}

/** Creates a fleet with the given shape and runs time until it and its instances are ACTIVE; returns its id. */
export function activeFleet(sim: Simulation, spec: FleetSpec = {}): string {
  const home = sim.world.config.homeRegion;
  const locations = spec.locations ?? [home];
  const out = sim.call('CreateFleet', {
    Name: 'test-fleet',
    BuildId: 'build-test',
    EC2InstanceType: 'c5.large',
    FleetType: spec.fleetType ?? 'ON_DEMAND',
    CertificateConfiguration: { CertificateType: spec.tls ? 'GENERATED' : 'DISABLED' },
    RuntimeConfiguration: {
      ServerProcesses: [{ LaunchPath: '/local/game/server', ConcurrentExecutions: spec.processesPerInstance ?? 2 }],
      MaxConcurrentGameSessionActivations: spec.maxConcurrentActivations,
      GameSessionActivationTimeoutSeconds: spec.activationTimeoutSeconds,
    },
    Locations: [...new Set([home, ...locations])].map((Location) => ({ Location })),
  });
  const fleetId = out.FleetAttributes!.FleetId!;
  const desired = spec.desiredInstances ?? 1;
  if (desired !== 1) {
    for (const Location of [...new Set([home, ...locations])]) {
      sim.call('UpdateFleetCapacity', { FleetId: fleetId, Location, DesiredInstances: desired, MaxSize: Math.max(desired, 1) });
    }
  }
  settleFleets(sim);
  return fleetId;
}

/** Runs virtual time until every location of every fleet is ACTIVE and no instance is still starting. */
export function settleFleets(sim: Simulation): void {
  for (let i = 0; i < 100; i++) {
    const pending = [...sim.world.fleets.values()].some((f) =>
      [...f.locations.values()].some((l) => l.status !== 'ACTIVE' || l.pendingCount > 0));
    if (!pending) return;
    sim.advanceBy(30);
  }
  throw new Error('fleets did not settle');
}

/** Creates a game session and runs time until it is ACTIVE; returns its GameSessionId. */
export function activeGameSession(sim: Simulation, fleetId: string, maxPlayers = 10, location?: string): string {
  const id = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: maxPlayers, Location: location }).GameSession!.GameSessionId!;
  sim.advanceBy(3);
  return id;
}

/** Every GameLift exception name a call raises, or undefined when it succeeds. */
export function errorOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as Error).name;
  }
}

/**
 * Calls `run`, expects it to be refused with `name`, and checks the refusal left the state hash as it was.
 * Returns the error message.
 */
export function expectRefusedUnchanged(sim: Simulation, name: string, run: () => unknown): string {
  const before = sim.stateHash();
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error(`expected ${name}, but the call succeeded`);
  if ((caught as Error).name !== name) throw new Error(`expected ${name}, got ${(caught as Error).name}: ${(caught as Error).message}`);
  const after = sim.stateHash();
  if (before !== after) throw new Error(`the refused call (${name}) changed the state`);
  return (caught as Error).message;
}
