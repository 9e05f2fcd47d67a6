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
  const endSecond = isoSecond(placement.endTimeMs!);
  const session = placement.gameSession;
  // Members set one by one in the order a spread would give them, without the objects a conditional spread makes.
  const detail: { -readonly [K in keyof PlacementEventDetail]: PlacementEventDetail[K] } = {
    type: DETAIL_TYPES[status],
    placementId: placement.placementId,
    startTime: isoTime(placement.startTimeMs),
    endTime: withMs(endSecond, placement.endTimeMs!),
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
    // EventBridge's `time` is in whole seconds, without a millisecond fraction (PL-10).
    time: `${endSecond}Z`,
    region,
    resources: [placement.queue.arn],
    detail,
  };
}

/** The time `ms` as `new Date(ms).toISOString()` writes it. */
function isoTime(ms: number): string {
  return withMs(isoSecond(ms), ms);
}

/** Milliseconds in a day: Date's days are all this long (no leap seconds). */
const DAY_MS = 86_400_000;
/** The largest distance from the epoch that a Date holds, in ms. */
const DATE_MS_MAX = 8.64e15;
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** The day `isoSecond` last wrote, and its date as toISOString writes it, up to and with the `T`. */
let dayCached = NaN;
let dayText = '';

/**
 * The time `ms` as toISOString writes it, up to its whole second (`2021-03-01T15:50:52`). The date comes from a Date
 * once a day, the time of day from tables: a Date's own formatting, twice for each settled placement, cost more than
 * the rest of making its event.
 */
function isoSecond(ms: number): string {
  // Not a time a Date holds (toISOString refuses it), or not a whole ms: the Date says what to do.
  if (!(Math.abs(ms) <= DATE_MS_MAX && Number.isInteger(ms))) return new Date(ms).toISOString().slice(0, -5);
  const day = Math.floor(ms / DAY_MS);
  if (day !== dayCached) {
    const midnight = new Date(day * DAY_MS).toISOString();
    dayText = midnight.slice(0, midnight.indexOf('T') + 1);
    dayCached = day;
  }
  const inDay = ms - day * DAY_MS;
  const hours = Math.floor(inDay / 3_600_000);
  const minutes = Math.floor(inDay / 60_000) % 60;
  const seconds = Math.floor(inDay / 1000) % 60;
  return `${dayText}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}`;
}

/** `second` (from isoSecond(ms)) with the milliseconds of `ms` and the `Z` that toISOString ends with. */
function withMs(second: string, ms: number): string {
  // A Date drops a fraction of a millisecond towards zero (TimeClip); the clock holds whole ms, but the text is exact.
  const whole = Math.trunc(ms);
  const fraction = whole - Math.floor(whole / 1000) * 1000;
  return `${second}.${THREE_DIGITS[fraction]}Z`;
}
