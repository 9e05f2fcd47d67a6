import { PairsShape, RecordShape } from '../engine/record-codec.ts';

/** The kinds of state change the model records most often, written from their values (see {@link RecordShape}). */
export const CHANGES = {
  instanceLaunched: RecordShape.change('instanceLaunched', 'fleetId', 'location', 'instanceId'),
  instanceActive: RecordShape.change('instanceActive', 'instanceId'),
  gameSessionCreated: RecordShape.change('gameSessionCreated', 'gameSessionId', 'instanceId', 'port'),
  gameSessionStatus: RecordShape.change('gameSessionStatus', 'gameSessionId', 'status', 'reason'),
  gameSessionExpired: RecordShape.change('gameSessionExpired', 'gameSessionId'),
  /** A player session ends on its own: TIMEDOUT, or COMPLETED when the player leaves. */
  playerSessionStatus: RecordShape.change('playerSessionStatus', 'playerSessionId', 'status'),
  placementStarted: RecordShape.change('placementStarted', 'placementId', 'queue'),
  placementAttempt: RecordShape.change('placementAttempt', 'placementId', 'attempt', 'gameSessionId'),
  placementAttemptTimedOut: RecordShape.change('placementAttemptTimedOut', 'placementId', 'gameSessionId'),
  placementStatus: RecordShape.change('placementStatus', 'placementId', 'status'),
  placementExpired: RecordShape.change('placementExpired', 'placementId'),
} as const;

/**
 * The changes that list a game session's player sessions, with a member of each, as they are made or end. Those made
 * come with when each player connects, in ms from then (null: never), which is when each turns ACTIVE (PS-2); those
 * that end, with how (`endedAs`, the player session's own member, which a pair is read from: the status it ends in).
 */
export const PLAYER_SESSION_CHANGES = {
  created: new PairsShape('playerSessionsCreated', 'gameSessionId', 'playerSessions', 'playerSessionId', 'playerId', 'connectInMs'),
  ended: new PairsShape('playerSessionsEnded', 'gameSessionId', 'playerSessions', 'playerSessionId', 'endedAs'),
} as const;

/** The trace record of a placement event: its id and type name it; its other members follow from the changes before. */
export const PLACEMENT_EVENT_RECORD = RecordShape.structure('id', 'type', 'placementId');
