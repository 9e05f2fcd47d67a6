import type {
  FleetStatus,
  FleetType,
  GameProperty,
  GameSessionStatus,
  GameSessionStatusReason,
  PlayerSessionCreationPolicy,
  PlayerSessionStatus,
  ProtectionPolicy,
  RoutingStrategyType,
} from '@aws-sdk/client-gamelift';

/**
 * The simulated world's entities. Times are epoch milliseconds; the api layer turns them into the SDK's shapes.
 * Entities refer to each other directly, so that no lookup is needed on a hot path.
 */

/** One ServerProcess of a fleet's RuntimeConfiguration: what each instance launches, and how many times. */
export interface ServerProcessConfig {
  readonly launchPath: string;
  readonly parameters: string | undefined;
  /** ConcurrentExecutions: processes of this kind on each instance, each hosting one game session at a time. */
  readonly concurrentExecutions: number;
}

/** A fleet's RuntimeConfiguration, checked: how many game sessions an instance hosts and activates (GS-1, GS-2). */
export interface RuntimeConfig {
  readonly serverProcesses: readonly ServerProcessConfig[];
  /** Server processes on each instance: the sum of ConcurrentExecutions (GS-2). */
  readonly processesPerInstance: number;
  /** Game sessions one instance may hold ACTIVATING at once (GS-2). */
  readonly maxConcurrentGameSessionActivations: number;
  /** A game session not ACTIVE this long after its creation ends TERMINATED (GS-1). */
  readonly gameSessionActivationTimeoutSeconds: number;
}

/** A managed EC2 fleet, the only kind simulated [C]: its attributes as CreateFleet set them, and its locations. */
export interface Fleet {
  readonly fleetId: string;
  readonly fleetArn: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly buildId: string | undefined;
  readonly scriptId: string | undefined;
  /** ON_DEMAND or SPOT: only SPOT instances are reclaimed (GS-3); the COST priority prefers them [C]. */
  readonly fleetType: FleetType;
  /** The EC2InstanceType, one the SDK lists. */
  readonly instanceType: string;
  /** CertificateConfiguration GENERATED: game sessions then show an `amazongamelift.com` DnsName (DG-10). */
  readonly tls: boolean;
  readonly creationTimeMs: number;
  /** The status of the home Region's location, which the fleet's Status follows. */
  status: FleetStatus;
  runtime: RuntimeConfig;
  /** The ProtectionPolicy each new game session of the fleet starts with. */
  newGameSessionProtectionPolicy: ProtectionPolicy;
  /** Home Region first, then remote locations in the order they were added. */
  readonly locations: Map<string, FleetLocation>;
}

/** The statuses a fleet location passes through, in order; GameLift's other fleet statuses are not modelled [C]. */
export type LocationStatus = 'NEW' | 'ACTIVATING' | 'ACTIVE';

/** One location of a fleet, its home Region or a remote location: its status, capacity settings and instances. */
export interface FleetLocation {
  readonly fleet: Fleet;
  /** The location's name: an AWS Region, a local zone or a custom location. */
  readonly location: string;
  /** Whether this is the fleet's home Region, whose game session ARNs name no location (DG-10). */
  readonly isHome: boolean;
  status: LocationStatus;
  /** DesiredInstances: the live (PENDING or ACTIVE) instances the location scales to. */
  desired: number;
  /** MinSize. */
  min: number;
  /** MaxSize. */
  max: number;
  /** Every instance not yet terminated, in launch order. */
  readonly instances: Set<Instance>;
  /**
   * ACTIVE instances that can take a game session now: a free server process and room under
   * MaxConcurrentGameSessionActivations. Insertion-ordered, so the choice of instance is deterministic.
   */
  readonly available: Set<Instance>;
  /** Instances of `instances` in status PENDING. */
  pendingCount: number;
  /** Instances of `instances` in status ACTIVE: the location's capacity is this × processes per instance (GS-2). */
  activeCount: number;
}

/**
 * PENDING while the instance starts, ACTIVE while it takes game sessions, TERMINATING once scale-down or a spot
 * reclaim retired it: it takes no new game sessions and goes when its last one ends [C].
 */
export type InstanceStatus = 'PENDING' | 'ACTIVE' | 'TERMINATING';

/** One EC2 instance of a fleet location, running the fleet's server processes, one game session each (GS-2). */
export interface Instance {
  readonly instanceId: string;
  readonly location: FleetLocation;
  /** Where players connect: the IpAddress and DnsName its game sessions show once they have been ACTIVE (DG-10). */
  readonly ipAddress: string;
  readonly dnsName: string;
  /** When the instance was launched: DescribeInstances' CreationTime. */
  readonly creationTimeMs: number;
  status: InstanceStatus;
  /** Game sessions holding a server process here: not yet TERMINATED or ERROR (GS-2). */
  readonly sessions: Set<GameSession>;
  /** Its game sessions still ACTIVATING; at most MaxConcurrentGameSessionActivations (GS-2). */
  activatingCount: number;
  /** Set once EC2 has given its spot reclaim notice; a second notice changes nothing. */
  reclaimed: boolean;
  /** Ports of this instance's server processes that no game session holds, lowest first. */
  readonly freePorts: number[];
}

/** A game session: where it runs, what it was created with, and its status (GS-1). */
export interface GameSession {
  /** The GameSessionId, which is always an ARN (DG-10). */
  readonly gameSessionId: string;
  readonly fleet: Fleet;
  readonly location: FleetLocation;
  /** The instance whose server process hosts it (GS-2). */
  readonly instance: Instance;
  /** The Port of its server process, held until the session ends. */
  readonly port: number;
  readonly creationTimeMs: number;
  name: string | undefined;
  readonly creatorId: string | undefined;
  gameProperties: GameProperty[];
  readonly gameSessionData: string | undefined;
  maximumPlayerSessionCount: number;
  /** ACCEPT_ALL or DENY_ALL: whether new player sessions may join (PS-1). */
  playerSessionCreationPolicy: PlayerSessionCreationPolicy;
  protectionPolicy: ProtectionPolicy;
  /** Changed only along GS-1's allowed transitions. */
  status: GameSessionStatus;
  /** Whether the session has been ACTIVE: from then on it shows its IpAddress, DnsName and Port (DG-10). */
  activated: boolean;
  /** INTERRUPTED, TRIGGERED_ON_PROCESS_TERMINATE or FORCE_TERMINATED where one applies, else undefined (DG-10). */
  statusReason: GameSessionStatusReason | undefined;
  /** When the session became TERMINATED; undefined before, and for an ERROR session. */
  terminationTimeMs: number | undefined;
  /** RESERVED plus ACTIVE player sessions (PS-3). */
  currentPlayerSessionCount: number;
  /** Every player session of this game session, in creation order, while it runs; empty once they are packed. */
  playerSessions: PlayerSession[];
  /**
   * The player sessions of an ended game session, packed into one string (packed-player-sessions.ts); undefined
   * while it runs, or when it had none. Read them through the world's PlayerSessionStore.
   */
  packedPlayerSessions: string | undefined;
  /**
   * The placement whose attempt created this session (PL-4), for good; undefined for a session made by
   * CreateGameSession. Whether the placement still waits on it is the placement's to say (its latest attempt).
   */
  readonly placementId: string | undefined;
}

/** A player's place in a game session, RESERVED at creation (PS-1, PS-2). */
export interface PlayerSession {
  readonly playerSessionId: string;
  readonly playerId: string;
  readonly playerData: string | undefined;
  /** The game session it belongs to; its connection details are the player's (IpAddress, DnsName, Port). */
  readonly gameSession: GameSession;
  readonly creationTimeMs: number;
  /** World creation sequence: where a listing of a player's sessions resumes, whatever expired meanwhile. */
  readonly ordinal: number;
  /**
   * When the player connects: the player session is ACTIVE from then on until it ends (PS-2). Undefined for a player
   * who never connects, or who would connect only after the reservation timed out, and for an ended player session
   * read back from its pack (its status is how it ended). Known when the place is reserved, so the connection needs
   * no event of its own: {@link playerSessionStatus} reads it.
   */
  readonly connectAtMs: number | undefined;
  /** How the player session ended, COMPLETED or TIMEDOUT; undefined while it is RESERVED or ACTIVE. */
  endedAs: EndedPlayerSessionStatus | undefined;
  /** When the player session became COMPLETED or TIMEDOUT; undefined before. */
  terminationTimeMs: number | undefined;
}

/** The statuses a player session ends in (PS-2). */
export type EndedPlayerSessionStatus = Extract<PlayerSessionStatus, 'COMPLETED' | 'TIMEDOUT'>;

/** A player session's status at `nowMs`: RESERVED → ACTIVE at its connection, → COMPLETED, or RESERVED → TIMEDOUT (PS-2). */
export function playerSessionStatus(ps: PlayerSession, nowMs: number): PlayerSessionStatus {
  if (ps.endedAs !== undefined) return ps.endedAs;
  return ps.connectAtMs !== undefined && ps.connectAtMs <= nowMs ? 'ACTIVE' : 'RESERVED';
}

/** An alias: a name that routes to one fleet (SIMPLE) or refuses with a message (TERMINAL) (DG-3). */
export interface Alias {
  readonly aliasId: string;
  readonly aliasArn: string;
  name: string;
  description: string | undefined;
  /** The RoutingStrategy's Type. */
  routingType: RoutingStrategyType;
  /** The fleet a SIMPLE alias routes to, by id; undefined for a TERMINAL alias. */
  fleetId: string | undefined;
  /** The message a TERMINAL alias refuses with (TerminalRoutingStrategyException); undefined for a SIMPLE alias. */
  message: string | undefined;
  readonly creationTimeMs: number;
  lastUpdatedTimeMs: number;
}
