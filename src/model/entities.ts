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

export interface ServerProcessConfig {
  readonly launchPath: string;
  readonly parameters: string | undefined;
  readonly concurrentExecutions: number;
}

export interface RuntimeConfig {
  readonly serverProcesses: readonly ServerProcessConfig[];
  /** Server processes on each instance: the sum of ConcurrentExecutions (GS-2). */
  readonly processesPerInstance: number;
  readonly maxConcurrentGameSessionActivations: number;
  readonly gameSessionActivationTimeoutSeconds: number;
}

export interface Fleet {
  readonly fleetId: string;
  readonly fleetArn: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly buildId: string | undefined;
  readonly scriptId: string | undefined;
  readonly fleetType: FleetType;
  readonly instanceType: string;
  readonly tls: boolean;
  readonly creationTimeMs: number;
  status: FleetStatus;
  runtime: RuntimeConfig;
  newGameSessionProtectionPolicy: ProtectionPolicy;
  /** Home Region first, then remote locations in the order they were added. */
  readonly locations: Map<string, FleetLocation>;
}

export type LocationStatus = 'NEW' | 'ACTIVATING' | 'ACTIVE';

export interface FleetLocation {
  readonly fleet: Fleet;
  readonly location: string;
  readonly isHome: boolean;
  status: LocationStatus;
  desired: number;
  min: number;
  max: number;
  /** Every instance not yet terminated, in launch order. */
  readonly instances: Set<Instance>;
  /**
   * ACTIVE instances that can take a game session now: a free server process and room under
   * MaxConcurrentGameSessionActivations. Insertion-ordered, so the choice of instance is deterministic.
   */
  readonly available: Set<Instance>;
  pendingCount: number;
  activeCount: number;
}

export type InstanceStatus = 'PENDING' | 'ACTIVE' | 'TERMINATING';

export interface Instance {
  readonly instanceId: string;
  readonly location: FleetLocation;
  readonly ipAddress: string;
  readonly dnsName: string;
  status: InstanceStatus;
  /** Game sessions holding a server process here: not yet TERMINATED or ERROR (GS-2). */
  readonly sessions: Set<GameSession>;
  activatingCount: number;
  /** Set once EC2 has given its spot reclaim notice; a second notice changes nothing. */
  reclaimed: boolean;
  /** Ports of this instance's server processes that no game session holds, lowest first. */
  readonly freePorts: number[];
}

export interface GameSession {
  readonly gameSessionId: string;
  readonly fleet: Fleet;
  readonly location: FleetLocation;
  readonly instance: Instance;
  readonly port: number;
  readonly creationTimeMs: number;
  name: string | undefined;
  readonly creatorId: string | undefined;
  gameProperties: GameProperty[];
  readonly gameSessionData: string | undefined;
  maximumPlayerSessionCount: number;
  playerSessionCreationPolicy: PlayerSessionCreationPolicy;
  protectionPolicy: ProtectionPolicy;
  status: GameSessionStatus;
  /** Whether the session has been ACTIVE: from then on it shows its IpAddress, DnsName and Port (DG-10). */
  activated: boolean;
  statusReason: GameSessionStatusReason | undefined;
  terminationTimeMs: number | undefined;
  /** RESERVED plus ACTIVE player sessions (PS-3). */
  currentPlayerSessionCount: number;
  /** Every player session of this game session, in creation order. */
  readonly playerSessions: PlayerSession[];
  /** The placement whose attempt created this session, while that placement waits on it. */
  placementId: string | undefined;
}

export interface PlayerSession {
  readonly playerSessionId: string;
  readonly playerId: string;
  readonly playerData: string | undefined;
  readonly gameSession: GameSession;
  readonly creationTimeMs: number;
  /** World creation sequence: where a listing of a player's sessions resumes, whatever expired meanwhile. */
  readonly ordinal: number;
  status: PlayerSessionStatus;
  terminationTimeMs: number | undefined;
}

export interface Alias {
  readonly aliasId: string;
  readonly aliasArn: string;
  name: string;
  description: string | undefined;
  routingType: RoutingStrategyType;
  fleetId: string | undefined;
  message: string | undefined;
  readonly creationTimeMs: number;
  lastUpdatedTimeMs: number;
}
