import {
  PriorityType,
  type CreateGameSessionQueueOutput,
  type DeleteGameSessionQueueOutput,
  type DescribeGameSessionQueuesOutput,
  type GameSessionQueue as SdkQueue,
  type UpdateGameSessionQueueOutput,
} from '@aws-sdk/client-gamelift';
import { queueArn, resourceIdOf } from '../../model/arn.ts';
import type { GameSessionQueue, LatencyPolicy } from '../../model/placement/entities.ts';
import type { ApiContext } from '../context.ts';
import { fail } from '../errors.ts';
import { aliasOf, fleetOf } from '../resolve.ts';
import { LOCATION, QUEUE_NAME_OR_ARN, nextToken, pageLimit } from '../shapes.ts';
import {
  invalid,
  memberOf,
  members,
  optionalInt,
  optionalList,
  optionalObject,
  optionalString,
  requiredEnum,
  requiredInt,
  requiredList,
  requiredObject,
  requiredString,
} from '../validate.ts';

const QUEUE_NAME = { min: 1, max: 128, pattern: /^[a-zA-Z0-9-]+$/, patternText: '[a-zA-Z0-9-]+' };
const DESTINATION_ARN = { min: 1, max: 256, pattern: /^[a-zA-Z0-9:/-]+$/, patternText: '[a-zA-Z0-9:/-]+' };
const NOTIFICATION_TARGET = { max: 300, pattern: /^[a-zA-Z0-9:_-]*(\.fifo)?$/, patternText: '[a-zA-Z0-9:_-]*(\\.fifo)?' };
/** TimeoutInSeconds: 10–600 seconds, 600 when not set (rules file, input table). */
export const QUEUE_TIMEOUT_SECONDS = { min: 10, max: 600, default: 600 } as const;
/** Names one DescribeGameSessionQueues call may list. */
const QUEUE_NAMES_MAX = 20;

/** The members CreateGameSessionQueue and UpdateGameSessionQueue share, checked; undefined where not sent. */
interface QueueSettings {
  timeoutSeconds?: number;
  playerLatencyPolicies?: LatencyPolicy[];
  destinations?: string[];
  /** null: the request removes the filter (an empty FilterConfiguration). */
  allowedLocations?: string[] | null;
  priority?: { order: PriorityType[] | undefined; locationOrder: string[] | undefined } | null;
  customEventData?: string;
  notificationTarget?: string;
}

function queueSettings(ctx: ApiContext, m: Record<string, unknown>): QueueSettings {
  const timeoutSeconds = optionalInt(m.TimeoutInSeconds, 'TimeoutInSeconds', QUEUE_TIMEOUT_SECONDS);
  const playerLatencyPolicies = optionalList(m.PlayerLatencyPolicies, 'PlayerLatencyPolicies', {}, (item, path) => {
    const p = requiredObject(item, path);
    return {
      maximumIndividualPlayerLatencyMs: requiredInt(p.MaximumIndividualPlayerLatencyMilliseconds, memberOf(path, 'MaximumIndividualPlayerLatencyMilliseconds'), { min: 0 }),
      policyDurationSeconds: optionalInt(p.PolicyDurationSeconds, memberOf(path, 'PolicyDurationSeconds'), { min: 0 }),
    };
  });
  const destinations = optionalList(m.Destinations, 'Destinations', { unique: true }, (item, path) =>
    destinationArn(ctx, requiredString(requiredObject(item, path).DestinationArn, memberOf(path, 'DestinationArn'), DESTINATION_ARN), memberOf(path, 'DestinationArn')));
  const filter = optionalObject(m.FilterConfiguration, 'FilterConfiguration');
  const allowed = filter === undefined ? undefined : optionalList(filter.AllowedLocations, 'FilterConfiguration.AllowedLocations', { min: 1, max: 100, unique: true }, (v, path) => requiredString(v, path, LOCATION));
  const priority = optionalObject(m.PriorityConfiguration, 'PriorityConfiguration');
  const order = priority === undefined ? undefined : optionalList(priority.PriorityOrder, 'PriorityConfiguration.PriorityOrder', { min: 1, max: 4, unique: true }, (v, path) => requiredEnum(v, path, Object.values(PriorityType)));
  const locationOrder = priority === undefined ? undefined : optionalList(priority.LocationOrder, 'PriorityConfiguration.LocationOrder', { min: 1, max: 100, unique: true }, (v, path) => requiredString(v, path, LOCATION));
  return {
    timeoutSeconds,
    playerLatencyPolicies,
    destinations,
    allowedLocations: filter === undefined ? undefined : allowed ?? null,
    priority: priority === undefined ? undefined : order === undefined && locationOrder === undefined ? null : { order, locationOrder },
    customEventData: optionalString(m.CustomEventData, 'CustomEventData', { max: 256 }),
    notificationTarget: optionalString(m.NotificationTarget, 'NotificationTarget', NOTIFICATION_TARGET),
  };
}

/** A destination's ARN: a fleet or alias given by id or ARN, which must exist [I]. */
function destinationArn(ctx: ApiContext, idOrArn: string, field: string): string {
  const id = resourceIdOf(idOrArn);
  if (id.startsWith('alias-')) return aliasOf(ctx.world, idOrArn, field).aliasArn;
  if (/^[a-z]*fleet-/.test(id)) return fleetOf(ctx.world, idOrArn, field).fleetArn;
  invalid(field, 'must name a fleet or an alias', idOrArn);
}

function apply(queue: GameSessionQueue, s: QueueSettings): void {
  if (s.timeoutSeconds !== undefined) queue.timeoutSeconds = s.timeoutSeconds;
  if (s.playerLatencyPolicies !== undefined) queue.playerLatencyPolicies = s.playerLatencyPolicies;
  if (s.destinations !== undefined) queue.destinations = s.destinations;
  if (s.allowedLocations !== undefined) queue.allowedLocations = s.allowedLocations ?? undefined;
  if (s.priority !== undefined) {
    queue.priorityOrder = s.priority?.order;
    queue.locationOrder = s.priority?.locationOrder;
  }
  if (s.customEventData !== undefined) queue.customEventData = s.customEventData;
  if (s.notificationTarget !== undefined) queue.notificationTarget = s.notificationTarget;
}

function queueOf(ctx: ApiContext, nameOrArn: string, field = 'Name'): GameSessionQueue {
  const queue = ctx.placements.queues.get(resourceIdOf(nameOrArn));
  if (queue === undefined || (nameOrArn.startsWith('arn:') && queue.arn !== nameOrArn)) {
    fail('NotFoundException', `${field} must name an existing game session queue, got "${nameOrArn}"`);
  }
  return queue;
}

/** The queue a placement request names, by name or ARN; none such: NotFoundException (PL-1). */
export function queueOfPlacement(ctx: ApiContext, nameOrArn: string): GameSessionQueue {
  return queueOf(ctx, nameOrArn, 'GameSessionQueueName');
}

/** A queue as the queue operations show it; FilterConfiguration and PriorityConfiguration only when set. */
export function queueView(q: GameSessionQueue): SdkQueue {
  return {
    Name: q.name,
    GameSessionQueueArn: q.arn,
    TimeoutInSeconds: q.timeoutSeconds,
    PlayerLatencyPolicies: q.playerLatencyPolicies.map((p) => ({
      MaximumIndividualPlayerLatencyMilliseconds: p.maximumIndividualPlayerLatencyMs,
      PolicyDurationSeconds: p.policyDurationSeconds,
    })),
    Destinations: q.destinations.map((DestinationArn) => ({ DestinationArn })),
    FilterConfiguration: q.allowedLocations === undefined ? undefined : { AllowedLocations: [...q.allowedLocations] },
    PriorityConfiguration: q.priorityOrder === undefined && q.locationOrder === undefined
      ? undefined
      : { PriorityOrder: q.priorityOrder && [...q.priorityOrder], LocationOrder: q.locationOrder && [...q.locationOrder] },
    CustomEventData: q.customEventData,
    NotificationTarget: q.notificationTarget,
  };
}

/**
 * CreateGameSessionQueue: a new queue, TimeoutInSeconds 600 unless sent. A name already in use is
 * InvalidRequestException [C]; a destination fleet or alias that does not exist is NotFoundException [C], and
 * destinations are kept as ARNs. Tags are checked and not kept [C].
 */
export function createGameSessionQueue(ctx: ApiContext, input: unknown): CreateGameSessionQueueOutput {
  const { world, placements } = ctx;
  const m = members(input);
  const name = requiredString(m.Name, 'Name', QUEUE_NAME);
  const settings = queueSettings(ctx, m);
  optionalList(m.Tags, 'Tags', { max: 200 }, (item, path) => requiredObject(item, path));
  if (placements.queues.has(name)) invalid('Name', 'must not be the name of an existing queue', name);
  const queue: GameSessionQueue = {
    name,
    arn: queueArn(world.config.homeRegion, world.config.accountId, name),
    timeoutSeconds: QUEUE_TIMEOUT_SECONDS.default,
    playerLatencyPolicies: [],
    destinations: [],
    allowedLocations: undefined,
    priorityOrder: undefined,
    locationOrder: undefined,
    customEventData: undefined,
    notificationTarget: undefined,
    ordinal: world.nextOrdinal(),
  };
  apply(queue, settings);
  placements.queues.set(name, queue);
  world.change('queueCreated', { name });
  return { GameSessionQueue: queueView(queue) };
}

/**
 * UpdateGameSessionQueue: sent members replace the queue's; an empty filter or priority configuration removes it.
 * The queue's waiting placements try again at once, while keeping the timeout they started with [C]. Unknown queue or
 * destination: NotFoundException.
 */
export function updateGameSessionQueue(ctx: ApiContext, input: unknown): UpdateGameSessionQueueOutput {
  const m = members(input);
  const nameOrArn = requiredString(m.Name, 'Name', QUEUE_NAME_OR_ARN);
  const settings = queueSettings(ctx, m);
  const queue = queueOf(ctx, nameOrArn);
  apply(queue, settings);
  ctx.world.change('queueUpdated', { name: queue.name });
  ctx.placements.destinationsChanged((q) => q === queue);
  return { GameSessionQueue: queueView(queue) };
}

/**
 * DeleteGameSessionQueue; unknown queue: NotFoundException. Placements already started on the queue keep its last
 * settings and go on until they settle [C]; the name is free for a new queue at once.
 */
export function deleteGameSessionQueue(ctx: ApiContext, input: unknown): DeleteGameSessionQueueOutput {
  const m = members(input);
  const queue = queueOf(ctx, requiredString(m.Name, 'Name', QUEUE_NAME_OR_ARN));
  ctx.placements.queues.delete(queue.name);
  ctx.world.change('queueDeleted', { name: queue.name });
  return {};
}

/**
 * DescribeGameSessionQueues: the queues named in Names (each must exist: NotFoundException), or a page of every queue
 * in creation order, with a NextToken as every listing has (DG-7).
 */
export function describeGameSessionQueues(ctx: ApiContext, input: unknown): DescribeGameSessionQueuesOutput {
  const { world, paging, placements } = ctx;
  const m = members(input);
  const names = optionalList(m.Names, 'Names', { max: QUEUE_NAMES_MAX }, (v, path) => requiredString(v, path, QUEUE_NAME_OR_ARN));
  const limit = pageLimit(m.Limit);
  const token = nextToken(m.NextToken);
  if (names !== undefined && names.length > 0) return { GameSessionQueues: names.map((n, i) => queueView(queueOf(ctx, n, `Names[${i}]`))) };
  const { items, NextToken } = paging.page('DescribeGameSessionQueues', {}, token, (after) => {
    // Listed in creation order; a position is the ordinal of the last queue served, stable under deletions.
    const last = after === undefined ? -1 : after[0] as number;
    const rest = [...placements.queues.values()].filter((q) => q.ordinal > last);
    const page = rest.slice(0, limit);
    return { items: page, next: rest.length > limit ? [page.at(-1)!.ordinal] : undefined };
  });
  return { GameSessionQueues: items.map(queueView), NextToken };
}
