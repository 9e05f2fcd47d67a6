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
export const GAME_SESSION_RETENTION_DAYS_MAX = 30;
/** The shortest retention a load test may set for ended game sessions: one hour, longer than any queue timeout. */
export const GAME_SESSION_RETENTION_DAYS_MIN = 1 / 24;
/** How long a settled placement stays visible to DescribeGameSessionPlacement by default: 30 days, as a game session [C]. */
export const PLACEMENT_RETENTION_HOURS_MAX = 30 * 24;
/** The shortest retention a load test may set for settled placements, in hours. */
export const PLACEMENT_RETENTION_HOURS_MIN = 1;
/** The most players a game session holds: a service limit (rules file, input constraints). */
export const PLAYERS_PER_GAME_SESSION_MAX = 200;

/**
 * How long ended things stay visible. The defaults are GameLift's (DG-9) and our choice for placements [C]; a load
 * test may shorten both, so that a day of traffic keeps an hour of history instead of every session it ever made.
 */
export interface Retention {
  /** Days a TERMINATED (or ERROR) game session and its player sessions stay visible after they ended (DG-9: 30). */
  readonly gameSessionsDays: number;
  /**
   * Hours a settled placement stays visible to DescribeGameSessionPlacement after its EndTime [C]; afterwards it is
   * NotFoundException there, while its PlacementId stays used for good (PL-2).
   */
  readonly placementsHours: number;
}

/** GameLift's retention (DG-9), and as long for placements [C]. */
export const DEFAULT_RETENTION: Retention = {
  gameSessionsDays: GAME_SESSION_RETENTION_DAYS_MAX,
  placementsHours: PLACEMENT_RETENTION_HOURS_MAX,
};

/** Everything a simulation is built from besides its seed. */
export interface SimConfig {
  readonly accountId: string;
  readonly homeRegion: string;
  /** Virtual time at which the simulation starts, epoch milliseconds. */
  readonly startMs: number;
  readonly timings: Timings;
  readonly retention: Retention;
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
  retention: DEFAULT_RETENTION,
};

/** What a caller may override: any member, timings and retention member by member. */
export type ConfigOverrides = Partial<Omit<SimConfig, 'timings' | 'retention'>> & {
  timings?: Partial<Timings>;
  retention?: Partial<Retention>;
};

/**
 * A config with `overrides` applied on top of the defaults, timings and retention merged member by member. A
 * retention outside its limits is a programmer error (RangeError): longer than GameLift's would break DG-9, shorter
 * than an hour would let an ended attempt's game session go while its placement may still try again.
 */
export function makeConfig(overrides: ConfigOverrides = {}): SimConfig {
  const retention = { ...DEFAULT_RETENTION, ...defined(overrides.retention ?? {}) };
  const within = (value: number, min: number, max: number): boolean => value >= min && value <= max;
  if (!within(retention.gameSessionsDays, GAME_SESSION_RETENTION_DAYS_MIN, GAME_SESSION_RETENTION_DAYS_MAX)) {
    throw new RangeError(`retention.gameSessionsDays must be from 1/24 (one hour) to ${GAME_SESSION_RETENTION_DAYS_MAX}, got ${retention.gameSessionsDays}`);
  }
  if (!within(retention.placementsHours, PLACEMENT_RETENTION_HOURS_MIN, PLACEMENT_RETENTION_HOURS_MAX)) {
    throw new RangeError(`retention.placementsHours must be from ${PLACEMENT_RETENTION_HOURS_MIN} to ${PLACEMENT_RETENTION_HOURS_MAX}, got ${retention.placementsHours}`);
  }
  return { ...DEFAULT_CONFIG, ...defined(overrides), timings: { ...DEFAULT_TIMINGS, ...defined(overrides.timings ?? {}) }, retention };
}

/** `record` without its undefined members, so that an unset override keeps the default. */
function defined<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}
