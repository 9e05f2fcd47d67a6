import type { Placement } from './entities.ts';

/** The `detail.type` of each terminal placement status (PL-10). */
const DETAIL_TYPES = {
  FULFILLED: 'PlacementFulfilled',
  CANCELLED: 'PlacementCancelled',
  TIMED_OUT: 'PlacementTimedOut',
  FAILED: 'PlacementFailed',
} as const;

/** A queue placement event, shaped like the one GameLift sends to Amazon EventBridge (PL-10). */
export interface PlacementEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': 'GameLift Queue Placement Event';
  readonly source: 'aws.gamelift';
  readonly account: string;
  /** When the event happened, in whole seconds (`2021-03-01T15:50:52Z`), as EventBridge stamps it (PL-10). */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: PlacementEventDetail;
}

export interface PlacementEventDetail {
  readonly type: (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES];
  readonly placementId: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly customEventData?: string;
  readonly gameSessionArn?: string;
  readonly gameSessionRegion?: string;
  readonly ipAddress?: string;
  readonly dnsName?: string;
  readonly port?: string;
  readonly placedPlayerSessions?: readonly { playerId: string; playerSessionId: string }[];
}

/** The event for a placement that has just reached a terminal status. */
export function placementEvent(placement: Placement, id: string, account: string, region: string): PlacementEvent {
  const status = placement.status;
  if (status === 'PENDING') throw new Error(`placement ${placement.placementId} is not terminal`);
  const endTime = new Date(placement.endTimeMs!).toISOString();
  const session = placement.gameSession;
  const fulfilled = status === 'FULFILLED' && session !== undefined;
  const detail: PlacementEventDetail = {
    type: DETAIL_TYPES[status],
    placementId: placement.placementId,
    startTime: new Date(placement.startTimeMs).toISOString(),
    endTime,
    ...(placement.queue.customEventData !== undefined && { customEventData: placement.queue.customEventData }),
    ...(fulfilled && {
      gameSessionArn: session.gameSessionId,
      gameSessionRegion: session.location.location,
      ipAddress: session.instance.ipAddress,
      dnsName: session.instance.dnsName,
      port: String(session.port),
      placedPlayerSessions: (placement.placedPlayerSessions ?? []).map((ps) => ({
        playerId: ps.playerId,
        playerSessionId: ps.playerSessionId,
      })),
    }),
  };
  return {
    version: '0',
    id,
    'detail-type': 'GameLift Queue Placement Event',
    source: 'aws.gamelift',
    account,
    time: wholeSeconds(placement.endTimeMs!),
    region,
    resources: [placement.queue.arn],
    detail,
  };
}

/** ISO-8601 without the millisecond fraction, which EventBridge's `time` never carries (PL-10). */
function wholeSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
