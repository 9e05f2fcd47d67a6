import type {
  GameProperty,
  GameSessionPlacementState,
  PlacementFallbackStrategy,
  PriorityType,
} from '@aws-sdk/client-gamelift';
import type { FleetLocation, GameSession } from '../entities.ts';

/** One of a queue's PlayerLatencyPolicies (PL-8 step 2). */
export interface LatencyPolicy {
  /** MaximumIndividualPlayerLatencyMilliseconds: while in force, no player's latency to the location may exceed it. */
  readonly maximumIndividualPlayerLatencyMs: number;
  /** How long the policy is in force; undefined: until the placement times out. */
  readonly policyDurationSeconds: number | undefined;
}

/** A game session queue: where its placements may go and in which order (PL-8). */
export interface GameSessionQueue {
  readonly name: string;
  readonly arn: string;
  /** TimeoutInSeconds; a placement takes the value in force when it starts (PL-5) [C]. */
  timeoutSeconds: number;
  /** PlayerLatencyPolicies as sent; they apply in order of rising maximum, whatever order they came in (PL-8). */
  playerLatencyPolicies: readonly LatencyPolicy[];
  /** Destination fleet or alias ARNs, in the queue's order. */
  destinations: readonly string[];
  /** FilterConfiguration.AllowedLocations; undefined: every location of the destinations is allowed (PL-8). */
  allowedLocations: readonly string[] | undefined;
  /** PriorityConfiguration.PriorityOrder; undefined: PL-8's default order. */
  priorityOrder: readonly PriorityType[] | undefined;
  /** PriorityConfiguration.LocationOrder, used by LOCATION when PriorityOrder names it; the rest alphabetically. */
  locationOrder: readonly string[] | undefined;
  /** CustomEventData, added to every placement event of the queue (PL-10). */
  customEventData: string | undefined;
  /** NotificationTarget, an SNS topic ARN: kept and shown; nothing is sent to it [C]. */
  notificationTarget: string | undefined;
  /** World creation sequence: where DescribeGameSessionQueues resumes, whatever was deleted meanwhile. */
  readonly ordinal: number;
}

/**
 * A placement request's PlayerLatencies as one flat list: PlayerId, RegionIdentifier and LatencyInMilliseconds of each
 * entry in turn, as sent (every member is optional in the service model, and an entry missing one is shown but not used
 * for ranking). A placement keeps them as long as it is retained, 24 entries for 6 players in 4 Regions; flat, they take
 * a third of the memory of an object each.
 */
export type PackedLatencies = readonly (string | number | undefined)[];

/** What the players reported for one location: their average, and the worst (Infinity if one reported none). */
export interface LocationLatency {
  /** The mean of the latencies reported for the location, by the players who reported one. */
  readonly averageMs: number;
  readonly worstMs: number;
  /** Whether every player reported a latency for the location; LATENCY ordering puts the others last (PL-8) [C]. */
  readonly allReported: boolean;
}

/** A placement's PriorityConfigurationOverride (PL-9): locations to try first, within the queue's filter. */
export interface PriorityOverride {
  /** LocationOrder: tried first, in this order. */
  readonly locationOrder: readonly string[];
  /** PlacementFallbackStrategy: DEFAULT_AFTER_SINGLE_PASS follows with the queue's other locations; NONE does not. */
  readonly fallback: PlacementFallbackStrategy;
}

/** One of PlacedPlayerSessions: a player and the player session made for them at fulfilment. */
export interface PlacedPlayerSession {
  readonly playerId: string;
  readonly playerSessionId: string;
}

/** A game session placement: the request as sent, and what the service made of it. */
export interface Placement {
  readonly placementId: string;
  /** The queue it started on; after DeleteGameSessionQueue it goes on with the queue's last settings [C]. */
  readonly queue: GameSessionQueue;
  /** PENDING, then one of the terminal FULFILLED, CANCELLED, TIMED_OUT, FAILED (PL-7). */
  status: GameSessionPlacementState;
  readonly startTimeMs: number;
  /** Set when the placement settles in a terminal status. */
  endTimeMs: number | undefined;
  /** Absolute virtual time of the timeout, from the queue's TimeoutInSeconds when the placement started (PL-5). */
  readonly timeoutAtMs: number;
  readonly gameProperties: readonly GameProperty[];
  readonly maximumPlayerSessionCount: number;
  readonly gameSessionName: string | undefined;
  /** PlayerLatencies as sent, echoed back unchanged (PL-1), flat. */
  readonly playerLatencies: PackedLatencies;
  /**
   * Per location, the players' average and worst latency, worked out once at the start; undefined without data, and
   * once the placement has settled, as only ranking reads it.
   */
  latencyByLocation: ReadonlyMap<string, LocationLatency> | undefined;
  /**
   * DesiredPlayerSessions: the players who get RESERVED player sessions at fulfilment (PL-4). Empty once the
   * placement has settled: only fulfilment reads them, and no answer shows them.
   */
  desiredPlayerSessions: readonly { playerId: string; playerData: string | undefined }[];
  readonly gameSessionData: string | undefined;
  /** PriorityConfigurationOverride; never set together with player latencies (PL-3). */
  readonly priorityOverride: PriorityOverride | undefined;
  /**
   * The game session of the latest attempt; each new attempt replaces it (PL-4). Once set, StopGameSessionPlacement
   * is refused (ST-2), even while the placement waits after an attempt that timed out.
   */
  gameSession: GameSession | undefined;
  /** Attempts that created a game session so far; the next one's number is this plus one (PL-4). */
  attempts: number;
  /**
   * The players seated at fulfilment and their player sessions' ids (PL-4): what Describe and the event show of them,
   * as plain pairs, so that a settled placement does not keep the player session objects alive.
   */
  placedPlayerSessions: readonly PlacedPlayerSession[] | undefined;
  /** Bumped each time the placement starts waiting for capacity; older wait registrations are stale. */
  waitGeneration: number;
  /** The locations whose wait lists hold the placement, while it waits for a free server process. */
  waitingOn: readonly FleetLocation[] | undefined;
}
