import type {
  GameProperty,
  GameSessionPlacementState,
  PlacementFallbackStrategy,
  PriorityType,
} from '@aws-sdk/client-gamelift';
import type { FleetLocation, GameSession, PlayerSession } from '../entities.ts';

export interface LatencyPolicy {
  readonly maximumIndividualPlayerLatencyMs: number;
  /** How long the policy is in force; undefined: until the placement times out. */
  readonly policyDurationSeconds: number | undefined;
}

/** A game session queue: where its placements may go and in which order (PL-8). */
export interface GameSessionQueue {
  readonly name: string;
  readonly arn: string;
  timeoutSeconds: number;
  playerLatencyPolicies: readonly LatencyPolicy[];
  /** Destination fleet or alias ARNs, in the queue's order. */
  destinations: readonly string[];
  allowedLocations: readonly string[] | undefined;
  priorityOrder: readonly PriorityType[] | undefined;
  locationOrder: readonly string[] | undefined;
  customEventData: string | undefined;
  notificationTarget: string | undefined;
  readonly ordinal: number;
}

export interface PlayerLatencyInput {
  readonly playerId: string | undefined;
  readonly regionIdentifier: string | undefined;
  readonly latencyMs: number | undefined;
}

/** What the players reported for one location: their average, and the worst (Infinity if one reported none). */
export interface LocationLatency {
  readonly averageMs: number;
  readonly worstMs: number;
}

export interface PriorityOverride {
  readonly locationOrder: readonly string[];
  readonly fallback: PlacementFallbackStrategy;
}

/** A game session placement: the request as sent, and what the service made of it. */
export interface Placement {
  readonly placementId: string;
  readonly queue: GameSessionQueue;
  status: GameSessionPlacementState;
  readonly startTimeMs: number;
  endTimeMs: number | undefined;
  /** Absolute virtual time of the timeout, from the queue's TimeoutInSeconds when the placement started (PL-5). */
  readonly timeoutAtMs: number;
  readonly gameProperties: readonly GameProperty[];
  readonly maximumPlayerSessionCount: number;
  readonly gameSessionName: string | undefined;
  readonly playerLatencies: readonly PlayerLatencyInput[];
  /** Per location, the players' average and worst latency, worked out once at the start; undefined without data. */
  readonly latencyByLocation: ReadonlyMap<string, LocationLatency> | undefined;
  readonly desiredPlayerSessions: readonly { playerId: string; playerData: string | undefined }[];
  readonly gameSessionData: string | undefined;
  readonly priorityOverride: PriorityOverride | undefined;
  /** The game session the last attempt created; once set, StopGameSessionPlacement is refused (ST-2). */
  gameSession: GameSession | undefined;
  /** Player sessions created at fulfilment (PL-4). */
  placedPlayerSessions: readonly PlayerSession[] | undefined;
  /** Bumped each time the placement starts waiting for capacity; older wait registrations are stale. */
  waitGeneration: number;
  /** The locations whose wait lists hold the placement, while it waits for a free server process. */
  waitingOn: readonly FleetLocation[] | undefined;
}
