import type { DurationRange, Retention, Timings } from '../model/config.ts';
import type { Check } from './checks.ts';
import type { Expectations } from './expectations.ts';
import type { Thresholds } from './thresholds.ts';
import type { TransportFaults } from '../client/transport-faults.ts';
import type { ClientContext, ClientFactory, ClientHandlers, OutcomeReporter } from './client-api.ts';

export type { ClientContext, ClientFactory, ClientHandlers, OutcomeReporter };

/**
 * The scenario model: what a scenario module (`scenarios/*.ts`, `export default defineScenario({...})`) or a
 * scenario file (`scenarios/*.json`) describes. `ScenarioDefinition` is what an author writes; `checkScenario`
 * refuses a bad one with a message naming the scenario's own field path and turns a good one into a `Scenario`, the
 * one form runs, sweeps and shrinking work on. Every number here has a stated bound (`SCENARIO_LIMITS`).
 */

/** A fleet of the world, by the name the rest of the scenario uses for it. */
export interface FleetSpec {
  /** The name other parts of the scenario use to refer to this fleet; unique among the fleets. */
  readonly name: string;
  readonly fleetType?: 'ON_DEMAND' | 'SPOT';
  /** An EC2 instance type GameLift supports; default c5.large. */
  readonly instanceType?: string;
  readonly processesPerInstance: number;
  readonly maxConcurrentActivations?: number;
  readonly activationTimeoutSeconds?: number;
  readonly tls?: boolean;
  /** Desired (and maximum) instances per location; the first location listed must be the home Region. */
  readonly locations: Readonly<Record<string, { readonly desired: number; readonly max?: number }>>;
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
  readonly playerLatencyPolicies?: readonly { readonly maximumMs: number; readonly durationSeconds?: number }[];
  readonly allowedLocations?: readonly string[];
  readonly priorityOrder?: readonly ('LATENCY' | 'COST' | 'DESTINATION' | 'LOCATION')[];
  readonly locationOrder?: readonly string[];
  readonly customEventData?: string;
}

/** A change of a fleet location's desired instances at a minute of the run: the world's planned capacity. */
export interface CapacityChange {
  readonly atMinute: number;
  readonly fleet: string;
  /** The fleet's home Region when left out. */
  readonly location?: string;
  readonly desired: number;
}

/**
 * One phase of lobby arrivals; phases follow each other from the start of the run. `constant`: evenly spaced;
 * `poisson`: a Poisson stream; `ramp`: a Poisson stream whose rate moves linearly from one value to another.
 */
export type ArrivalPhase =
  | { readonly kind: 'constant'; readonly minutes: number; readonly lobbiesPerMinute: number }
  | { readonly kind: 'poisson'; readonly minutes: number; readonly lobbiesPerMinute: number }
  | { readonly kind: 'ramp'; readonly minutes: number; readonly fromPerMinute: number; readonly toPerMinute: number };

/** How the latency one player reports to one region is drawn, in ms (clamped to 1–LATENCY_MS_MAX). */
export type LatencyDistribution =
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'normal'; readonly meanMs: number; readonly sdMs: number };

/** The players: when lobbies arrive, how big they are, what latencies they report, and when they give up. */
export interface PlayersSpec {
  readonly arrivals: readonly ArrivalPhase[];
  /** Queue names, one picked uniformly per lobby. */
  readonly queues: readonly string[];
  /** Players per lobby, both bounds inclusive. */
  readonly lobbySize: { readonly min: number; readonly max: number };
  /** MaximumPlayerSessionCount of the game sessions asked for; default lobbySize.max. */
  readonly maximumPlayers?: number;
  /** Per region, the latency each player reports; none: lobbies send no latency data. */
  readonly latencyMs?: Readonly<Record<string, LatencyDistribution>>;
  /** Impatience: the share of lobbies that disband, and how long after arriving. */
  readonly disband?: { readonly fraction: number; readonly afterSeconds: DurationRange };
}

/** The players section with the run's duration, as a checked `Scenario` holds it: what the lobby generator reads. */
export interface Load extends PlayersSpec {
  /** How long lobbies arrive, in virtual minutes. */
  readonly durationMinutes: number;
  /** At most this many lobbies arrive (a shrink's cut); all that arrive within the duration when absent. */
  readonly lobbiesMax?: number;
}

/** How the game servers and players behave; each member maps onto one of the simulator's `Timings`. */
export interface ServerSpec {
  /** Fleet creation to ACTIVE (fleetActivation). */
  readonly fleetActivationSeconds?: DurationRange;
  /** A new instance until ACTIVE (instanceStart). */
  readonly instanceStartSeconds?: DurationRange;
  /** Game session creation to ActivateGameSession (gameSessionActivation). */
  readonly activationSeconds?: DurationRange;
  /** The share of game sessions whose process never activates them: their activation timeout ends them (PL-4). */
  readonly activationFailureFraction?: number;
  /** How long an ACTIVE game session runs (gameSessionLifetime); none: until terminated. */
  readonly sessionSeconds?: DurationRange;
  /** TERMINATING to TERMINATED (gameSessionTermination). */
  readonly terminationSeconds?: DurationRange;
  /** Player session creation to the player's connection (playerConnect). */
  readonly playerConnectSeconds?: DurationRange;
  /** How long a connected player stays (playerStay); none: until the game session ends. */
  readonly playerStaySeconds?: DurationRange;
  /** The share of players who never connect (playerNoShowProbability). */
  readonly noShowFraction?: number;
  /** StartGameSessionPlacement to the first attempt (placementProcessing). */
  readonly placementProcessingSeconds?: DurationRange;
}

/** When a fault strikes: at a minute, or for a window of minutes (undone, or repeated, until its end). */
export interface FaultTiming {
  readonly atMinute: number;
  /**
   * A window: capacity loss recovers and activation faults end when it closes; a reclaim storm or crashes strike
   * again every `everySeconds` within it. Left out: a one-off strike, or a condition that lasts to the end.
   */
  readonly forMinutes?: number;
  /** How often a reclaim storm or crashes strike within the window, in virtual seconds; default 60. */
  readonly everySeconds?: number;
}

/** Which part of the world a fault hits: a fleet by the scenario's name, one location or all, a count or a fraction. */
export interface FaultTarget {
  readonly fleet: string;
  readonly location?: string;
  /** How many targets; default 1 unless `fraction` is set. */
  readonly count?: number;
  /** Which share of the targets, in [0, 1]. */
  readonly fraction?: number;
}

/** A fault a matchmaker must survive, in virtual time. */
export type FaultSpec = FaultTiming & (
  | ({ readonly kind: 'spotReclaim' } & FaultTarget)
  | ({ readonly kind: 'processCrash' } & FaultTarget)
  | ({ readonly kind: 'capacityLoss'; readonly abrupt?: boolean } & FaultTarget)
  | { readonly kind: 'activationFailure'; readonly fleet: string; readonly location?: string; readonly fraction: number }
  | { readonly kind: 'slowActivation'; readonly fleet: string; readonly location?: string; readonly delaySeconds: DurationRange }
  | { readonly kind: 'setTimings'; readonly timings: Partial<Timings> }
  | { readonly kind: 'setCapacity'; readonly fleet: string; readonly location?: string; readonly desired: number }
);

/** The legacy `load` section of JSON scenarios: a Poisson stream of placement requests. Still accepted. */
export interface LegacyLoadSpec {
  readonly durationMinutes: number;
  readonly placementsPerMinute: number;
  readonly queues: readonly string[];
  readonly playersPerPlacement: readonly [number, number];
  readonly maximumPlayers: number;
  readonly playerLatencyMs?: Readonly<Record<string, readonly [number, number]>>;
  readonly abandonProbability?: number;
  readonly abandonAfterSeconds?: DurationRange;
}

/** What a scenario's author writes: `durationMinutes` and `players`, or (JSON scenarios of old) a `load` section. */
export interface ScenarioDefinition {
  readonly name: string;
  readonly description?: string;
  readonly homeRegion?: string;
  /** How long lobbies arrive, in virtual minutes; the run then lets the last placements settle. */
  readonly durationMinutes?: number;
  readonly fleets: readonly FleetSpec[];
  readonly aliases?: readonly AliasSpec[];
  readonly queues: readonly QueueSpec[];
  readonly capacity?: readonly CapacityChange[];
  readonly players?: PlayersSpec;
  readonly server?: ServerSpec;
  /** The simulator's timings directly, as JSON scenarios of old set them; `server` overrides them. */
  readonly timings?: Partial<Timings>;
  /** Shorter retention of ended game sessions and settled placements than GameLift's, for load tests. */
  readonly retention?: Partial<Retention>;
  readonly load?: LegacyLoadSpec;
  readonly faults?: readonly FaultSpec[];
  /** The matchmaker under test (see `ClientFactory`); none: the bundled reference client. */
  readonly client?: ClientFactory;
  /** How the bundled reference client works, when the scenario has no `client`. */
  readonly referenceClient?: ReferenceClientSpec;
  /** Faults of the network between the client and GameLift: throttling, internal errors, lost responses, delays. */
  readonly transport?: TransportFaults;
  /** Invariants checked during and at the end of the run, besides the bundled ones the runner adds. */
  readonly checks?: readonly Check[];
  /** Service levels a run must meet besides GameLift's rules; a run that misses one fails. */
  readonly expect?: Expectations;
  /** k6-style pass/fail criteria over the run's metrics, e.g. `{ time_to_placement: ['p(95)<30'] }`. */
  readonly thresholds?: Thresholds;
}

/** The bundled reference client's settings. */
export interface ReferenceClientSpec {
  /** `poll` DescribeGameSessionPlacement (the default), or listen to the queue's placement `events`. */
  readonly outcomes?: 'poll' | 'events';
  /** Seconds between two polls of one pending placement; default 5. */
  readonly pollSeconds?: number;
}

/**
 * Declares a scenario with full typing: `export default defineScenario({...})` in a `scenarios/*.ts` module. It
 * returns the definition as it is; loading the module checks it.
 */
export function defineScenario<const S extends ScenarioDefinition>(definition: S): S {
  return definition;
}
