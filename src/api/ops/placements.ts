import {
  PlacementFallbackStrategy,
  type DescribeGameSessionPlacementOutput,
  type GameSessionPlacement as SdkPlacement,
  type PlacedPlayerSession as SdkPlacedPlayerSession,
  type PlayerLatency,
  type StartGameSessionPlacementOutput,
  type StopGameSessionPlacementOutput,
} from '@aws-sdk/client-gamelift';
import { latencyByLocation } from '../../model/placement/destinations.ts';
import type { PackedLatencies, PlacedPlayerSession, Placement } from '../../model/placement/entities.ts';
import type { ApiContext } from '../context.ts';
import { fail } from '../errors.ts';
import {
  GAME_SESSION_DATA,
  LOCATION,
  NON_EMPTY_1024,
  PLACEMENT_ID,
  PLAYER_DATA,
  PLAYER_ID,
  QUEUE_NAME_OR_ARN,
  REGION_IDENTIFIER,
  gameProperties,
  latencyInMilliseconds,
  maximumPlayerSessionCount,
} from '../shapes.ts';
import {
  checkedItem,
  invalid,
  memberOf,
  members,
  optionalEnum,
  optionalItems,
  optionalList,
  optionalObject,
  optionalString,
  requiredList,
  requiredObject,
  requiredString,
} from '../validate.ts';
import { gamePropertiesView } from '../views.ts';
import { queueOfPlacement } from './queues.ts';

/** Latency entries one placement request may carry; a bound on the work of ranking locations [C]. */
export const PLAYER_LATENCIES_MAX = 10_000;

/**
 * StartGameSessionPlacement (PL-1..PL-3): a PENDING placement on an existing queue, under an id never used before,
 * with either player latencies or a priority override (on a queue that prioritizes by LOCATION), not both. Unknown
 * queue: NotFoundException; the other refusals, and DesiredPlayerSessions that repeat a player or outnumber
 * MaximumPlayerSessionCount, are InvalidRequestException. The placement takes the queue's timeout as it is now [C].
 */
export function startGameSessionPlacement(ctx: ApiContext, input: unknown): StartGameSessionPlacementOutput {
  const { world, placements } = ctx;
  const m = members(input);
  const placementId = requiredString(m.PlacementId, 'PlacementId', PLACEMENT_ID);
  const queueName = requiredString(m.GameSessionQueueName, 'GameSessionQueueName', QUEUE_NAME_OR_ARN);
  const properties = gameProperties(m.GameProperties) ?? [];
  const maxPlayers = maximumPlayerSessionCount(m.MaximumPlayerSessionCount, true)!;
  const gameSessionName = optionalString(m.GameSessionName, 'GameSessionName', NON_EMPTY_1024);
  const latencies = playerLatencies(m.PlayerLatencies);
  const desired = optionalList(m.DesiredPlayerSessions, 'DesiredPlayerSessions', {}, desiredPlayerSession) ?? [];
  if (desired.length > maxPlayers) {
    invalid('DesiredPlayerSessions', `must not hold more players than MaximumPlayerSessionCount ${maxPlayers}`, desired.length);
  }
  const repeat = repeatedPlayer(desired);
  if (repeat >= 0) invalid(`DesiredPlayerSessions[${repeat}].PlayerId`, 'must not repeat a player', desired[repeat]!.playerId);
  const gameSessionData = optionalString(m.GameSessionData, 'GameSessionData', GAME_SESSION_DATA);
  const overrideIn = optionalObject(m.PriorityConfigurationOverride, 'PriorityConfigurationOverride');
  const override = overrideIn === undefined ? undefined : {
    locationOrder: requiredList(overrideIn.LocationOrder, 'PriorityConfigurationOverride.LocationOrder', { min: 1, max: 10, unique: true }, (v, path) => requiredString(v, path, LOCATION)),
    fallback: optionalEnum(overrideIn.PlacementFallbackStrategy, 'PriorityConfigurationOverride.PlacementFallbackStrategy', Object.values(PlacementFallbackStrategy)) ?? 'DEFAULT_AFTER_SINGLE_PASS',
  };
  if (override !== undefined && latencies.length > 0) {
    fail('InvalidRequestException', 'PlayerLatencies and PriorityConfigurationOverride must not be set together (PL-3)');
  }

  const queue = queueOfPlacement(ctx, queueName);
  if (override !== undefined && !queue.priorityOrder?.includes('LOCATION')) {
    invalid('PriorityConfigurationOverride', `needs queue ${queue.name} to have LOCATION in its PriorityConfiguration.PriorityOrder (PL-3)`, queue.priorityOrder ?? []);
  }
  if (placements.idUsed(placementId)) {
    invalid('PlacementId', 'must not be the id of an earlier placement, whatever its status (PL-2)', placementId);
  }

  const placement: Placement = {
    placementId,
    queue,
    status: 'PENDING',
    startTimeMs: world.nowMs,
    endTimeMs: undefined,
    timeoutAtMs: world.nowMs + queue.timeoutSeconds * 1000,
    gameProperties: properties,
    maximumPlayerSessionCount: maxPlayers,
    gameSessionName,
    playerLatencies: latencies,
    latencyByLocation: latencyByLocation(latencies),
    desiredPlayerSessions: desired,
    gameSessionData,
    priorityOverride: override,
    gameSession: undefined,
    attempts: 0,
    placedPlayerSessions: undefined,
    waitGeneration: 0,
    waitingOn: undefined,
  };
  placements.start(placement);
  return { GameSessionPlacement: placementView(placement) };
}

/** Made once, not per call: every placement request passes here. */
const PLAYER_LATENCIES_RULE = { max: PLAYER_LATENCIES_MAX };

/**
 * PlayerLatencies, each entry checked (a list item: see `ItemCheck`) and read once, straight into the flat list the
 * placement keeps (PackedLatencies), made at its length: an object per entry on the way, two dozen for a placement
 * of 6 players in 4 Regions, was the largest part of the garbage a placement request made.
 */
function playerLatencies(value: unknown): PackedLatencies {
  const list = optionalItems(value, 'PlayerLatencies', PLAYER_LATENCIES_RULE) ?? [];
  const packed = new Array<string | number | undefined>(3 * list.length);
  let at = 0;
  const packEntry = (item: unknown, path: string): void => {
    const l = requiredObject(item, path);
    packed[at] = optionalString(l.PlayerId, memberOf(path, 'PlayerId'), PLAYER_ID);
    packed[at + 1] = optionalString(l.RegionIdentifier, memberOf(path, 'RegionIdentifier'), REGION_IDENTIFIER);
    packed[at + 2] = latencyInMilliseconds(l.LatencyInMilliseconds, memberOf(path, 'LatencyInMilliseconds'));
  };
  for (let i = 0; i < list.length; i++, at += 3) checkedItem(list, i, 'PlayerLatencies', packEntry);
  return packed;
}

/** Up to this many DesiredPlayerSessions are told apart by comparing each with those before it, without a set. */
const REPEAT_SCAN_PLAYERS_MAX = 16;

/**
 * The index of the first DesiredPlayerSessions entry whose PlayerId an earlier entry has, or -1. A request holds a
 * few players (2 to 10 in a load test), and a set made for each was most of the cost of checking them.
 */
function repeatedPlayer(desired: Placement['desiredPlayerSessions']): number {
  if (desired.length <= REPEAT_SCAN_PLAYERS_MAX) {
    for (let i = 1; i < desired.length; i++) {
      const { playerId } = desired[i]!;
      for (let j = 0; j < i; j++) if (desired[j]!.playerId === playerId) return i;
    }
    return -1;
  }
  const seen = new Set<string>();
  for (let i = 0; i < desired.length; i++) {
    const { playerId } = desired[i]!;
    if (seen.has(playerId)) return i;
    seen.add(playerId);
  }
  return -1;
}

/** One DesiredPlayerSessions entry, checked (a list item: see `ItemCheck`). */
function desiredPlayerSession(item: unknown, path: string): Placement['desiredPlayerSessions'][number] {
  const d = requiredObject(item, path);
  return {
    playerId: requiredString(d.PlayerId, memberOf(path, 'PlayerId'), PLAYER_ID),
    playerData: optionalString(d.PlayerData, memberOf(path, 'PlayerData'), PLAYER_DATA),
  };
}

/**
 * DescribeGameSessionPlacement: the placement in whatever status, a settled one until its retention ends
 * (`retention.placementsHours`, 30 days by default) [C]. Unknown or gone PlacementId: NotFoundException; malformed:
 * InvalidRequestException.
 */
export function describeGameSessionPlacement(ctx: ApiContext, input: unknown): DescribeGameSessionPlacementOutput {
  const m = members(input);
  return { GameSessionPlacement: placementView(placementOf(ctx, requiredString(m.PlacementId, 'PlacementId', PLACEMENT_ID))) };
}

/**
 * StopGameSessionPlacement (ST-1..ST-5): only a PENDING placement whose attempt has created no game session yet can
 * be cancelled; any other is refused with InvalidRequestException and left as it is. Unknown PlacementId:
 * NotFoundException.
 */
export function stopGameSessionPlacement(ctx: ApiContext, input: unknown): StopGameSessionPlacementOutput {
  const m = members(input);
  const placement = placementOf(ctx, requiredString(m.PlacementId, 'PlacementId', PLACEMENT_ID));
  if (placement.status !== 'PENDING') {
    fail('InvalidRequestException', `placement ${placement.placementId} is ${placement.status} and can no longer be stopped (ST-3)`);
  }
  if (placement.gameSession !== undefined) {
    fail('InvalidRequestException', `placement ${placement.placementId} has already created game session ${placement.gameSession.gameSessionId}; end it with TerminateGameSession (ST-2)`);
  }
  ctx.placements.cancel(placement);
  return { GameSessionPlacement: placementView(placement) };
}

function placementOf(ctx: ApiContext, placementId: string): Placement {
  const placement = ctx.placements.placements.get(placementId);
  if (placement === undefined) fail('NotFoundException', `PlacementId must name an existing placement, got "${placementId}"`);
  return placement;
}

/**
 * A placement as the SDK shows it: the request's fields always (ST-5); the id, ARN and Region of its latest attempt's
 * game session once an attempt has created one, changing with each new attempt; its connection details and placed
 * players only once FULFILLED (PL-4).
 */
export function placementView(p: Placement): SdkPlacement {
  const session = p.gameSession;
  const fulfilled = p.status === 'FULFILLED' && session !== undefined;
  return {
    PlacementId: p.placementId,
    GameSessionQueueName: p.queue.name,
    Status: p.status,
    GameProperties: gamePropertiesView(p.gameProperties),
    MaximumPlayerSessionCount: p.maximumPlayerSessionCount,
    GameSessionName: p.gameSessionName,
    GameSessionId: session?.gameSessionId,
    GameSessionArn: session?.gameSessionId,
    GameSessionRegion: session?.location.location,
    PlayerLatencies: p.playerLatencies.length === 0 ? undefined : playerLatenciesView(p.playerLatencies),
    StartTime: new Date(p.startTimeMs),
    EndTime: p.endTimeMs === undefined ? undefined : new Date(p.endTimeMs),
    IpAddress: fulfilled ? session.instance.ipAddress : undefined,
    DnsName: fulfilled ? session.instance.dnsName : undefined,
    Port: fulfilled ? session.port : undefined,
    PlacedPlayerSessions: fulfilled ? placedPlayerSessionsView(p.placedPlayerSessions ?? []) : undefined,
    GameSessionData: p.gameSessionData,
    PriorityConfigurationOverride: p.priorityOverride === undefined ? undefined : {
      LocationOrder: [...p.priorityOverride.locationOrder],
      PlacementFallbackStrategy: p.priorityOverride.fallback,
    },
  };
}

/**
 * PlayerLatencies as the SDK shows them: each entry with every member, set or not, as sent (PL-1). Read from the flat
 * list in one pass into an array of the final length: a placement is shown two or three times, 24 entries for 6
 * players in 4 Regions, and this is most of what showing it allocates.
 */
function playerLatenciesView(packed: PackedLatencies): PlayerLatency[] {
  const view: PlayerLatency[] = new Array(packed.length / 3);
  for (let i = 0, at = 0; at < packed.length; i++, at += 3) {
    view[i] = {
      PlayerId: packed[at] as string | undefined,
      RegionIdentifier: packed[at + 1] as string | undefined,
      LatencyInMilliseconds: packed[at + 2] as number | undefined,
    };
  }
  return view;
}

/** PlacedPlayerSessions as the SDK shows them, in the placement's order (PL-4). */
function placedPlayerSessionsView(placed: readonly PlacedPlayerSession[]): SdkPlacedPlayerSession[] {
  const view: SdkPlacedPlayerSession[] = new Array(placed.length);
  for (let i = 0; i < placed.length; i++) view[i] = { PlayerId: placed[i]!.playerId, PlayerSessionId: placed[i]!.playerSessionId };
  return view;
}
