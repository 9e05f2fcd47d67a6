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

/**
 * The event for a placement that has just reached a terminal status. Its placed player sessions are copies of the
 * placement's pairs: the event goes to listeners, and what a listener does to it must not reach the placement (PL-7).
 */
export function placementEvent(placement: Placement, id: string, account: string, region: string): PlacementEvent {
  const status = placement.status;
  if (status === 'PENDING') throw new Error(`placement ${placement.placementId} is not terminal`);
  const endTime = new Date(placement.endTimeMs!).toISOString();
  const session = placement.gameSession;
  // Members set one by one in the order a spread would give them, without the objects a conditional spread makes.
  const detail: { -readonly [K in keyof PlacementEventDetail]: PlacementEventDetail[K] } = {
    type: DETAIL_TYPES[status],
    placementId: placement.placementId,
    startTime: new Date(placement.startTimeMs).toISOString(),
    endTime,
  };
  if (placement.queue.customEventData !== undefined) detail.customEventData = placement.queue.customEventData;
  if (status === 'FULFILLED' && session !== undefined) {
    detail.gameSessionArn = session.gameSessionId;
    detail.gameSessionRegion = session.location.location;
    detail.ipAddress = session.instance.ipAddress;
    detail.dnsName = session.instance.dnsName;
    detail.port = String(session.port);
    detail.placedPlayerSessions = (placement.placedPlayerSessions ?? []).map(({ playerId, playerSessionId }) => ({ playerId, playerSessionId }));
  }
  return {
    version: '0',
    id,
    'detail-type': 'GameLift Queue Placement Event',
    source: 'aws.gamelift',
    account,
    time: wholeSeconds(endTime),
    region,
    resources: [placement.queue.arn],
    detail,
  };
}

/** An ISO-8601 time without its millisecond fraction, which EventBridge's `time` never carries (PL-10). */
function wholeSeconds(iso: string): string {
  // toISOString always ends in `.sssZ`, whatever the year.
  return `${iso.slice(0, -5)}Z`;
}
