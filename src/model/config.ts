/** A duration drawn uniformly between two bounds, in seconds; equal bounds give a fixed duration. */
export interface DurationRange {
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/**
 * How long things take in the simulated service. Defaults look like GameLift: a fleet is ready in minutes, an
 * instance in a few minutes, a server process activates a game session in a few seconds.
 */
export interface Timings {
  /** CreateFleet or CreateFleetLocations until the location (and its first instance) is ACTIVE. */
  readonly fleetActivation: DurationRange;
  /** A new instance from launch to ACTIVE, after scaling up or replacing a reclaimed one. */
  readonly instanceStart: DurationRange;
  /** From a game session's creation until its server process calls ActivateGameSession. */
  readonly gameSessionActivation: DurationRange;
  /** TERMINATING until the server process ends and the session is TERMINATED. */
  readonly gameSessionTermination: DurationRange;
  /** How long an ACTIVE game session runs before its server ends it; undefined: until it is terminated. */
  readonly gameSessionLifetime: DurationRange | undefined;
  /** From a player session's creation until the simulated player connects. */
  readonly playerConnect: DurationRange;
  /** How long a connected player stays; undefined: until the game session ends. */
  readonly playerStay: DurationRange | undefined;
  /** The share of players who never connect, so that their reservation times out (PS-2). */
  readonly playerNoShowProbability: number;
  /** The queue's delay between StartGameSessionPlacement and the first attempt (ST-1 window). */
  readonly placementProcessing: DurationRange;
}

// Fixed by GameLift's documentation rather than by configuration.
/** The notice a spot instance gets before it is reclaimed: two minutes (GS-3). */
export const SPOT_RECLAIM_NOTICE_MS = 120_000;
/** A RESERVED player session whose player has not connected 60 seconds after its creation becomes TIMEDOUT (PS-2). */
export const PLAYER_RESERVATION_TIMEOUT_MS = 60_000;
/** How long a TERMINATED game session stays visible after its TerminationTime: 30 days (DG-9). */
export const TERMINATED_RETENTION_MS = 30 * 24 * 3600_000;
/** The most players a game session holds: a service limit (rules file, input constraints). */
export const PLAYERS_PER_GAME_SESSION_MAX = 200;

/** Everything a simulation is built from besides its seed. */
export interface SimConfig {
  readonly accountId: string;
  readonly homeRegion: string;
  /** Virtual time at which the simulation starts, epoch milliseconds. */
  readonly startMs: number;
  readonly timings: Timings;
}

/**
 * Timings that look like GameLift's [C]: estimates rather than documented values, meant to be overridden per
 * simulation (`makeConfig`, `setTimings`).
 */
export const DEFAULT_TIMINGS: Timings = {
  fleetActivation: { minSeconds: 300, maxSeconds: 300 },
  instanceStart: { minSeconds: 180, maxSeconds: 240 },
  gameSessionActivation: { minSeconds: 2, maxSeconds: 6 },
  gameSessionTermination: { minSeconds: 2, maxSeconds: 5 },
  gameSessionLifetime: undefined,
  playerConnect: { minSeconds: 1, maxSeconds: 10 },
  playerStay: undefined,
  playerNoShowProbability: 0,
  placementProcessing: { minSeconds: 1, maxSeconds: 1 },
};

/**
 * The configuration a simulation gets unless told otherwise: a placeholder account in us-west-2, DEFAULT_TIMINGS,
 * and a fixed start time rather than the wall clock's, so that every run starts at the same instant (DT-2).
 */
export const DEFAULT_CONFIG: SimConfig = {
  accountId: '123456789012',
  homeRegion: 'us-west-2',
  startMs: Date.UTC(2026, 0, 1),
  timings: DEFAULT_TIMINGS,
};

/** A config with `overrides` applied on top of the defaults, timings merged member by member. */
export function makeConfig(overrides: Partial<Omit<SimConfig, 'timings'>> & { timings?: Partial<Timings> } = {}): SimConfig {
  return { ...DEFAULT_CONFIG, ...defined(overrides), timings: { ...DEFAULT_TIMINGS, ...defined(overrides.timings ?? {}) } };
}

/** `record` without its undefined members, so that an unset override keeps the default. */
function defined<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}
