import type { GameProperty } from '@aws-sdk/client-gamelift';
import { PLAYERS_PER_GAME_SESSION_MAX } from '../model/config.ts';
import {
  invalid,
  memberOf,
  optionalInt,
  optionalList,
  optionalString,
  requiredInt,
  requiredObject,
  requiredString,
  type IntRule,
  type StringRule,
} from './validate.ts';

/** The service model's constraints on shapes shared by several operations (rules file, input table). */

/** FleetIdOrArn: how requests name a fleet, by id or ARN (DG-2). */
export const FLEET_ID_OR_ARN: StringRule = {
  min: 1, max: 512,
  pattern: /^[a-z]*fleet-[a-zA-Z0-9-]+$|^arn:.*:[a-z]*fleet\/[a-z]*fleet-[a-zA-Z0-9-]+$/,
  patternText: '^[a-z]*fleet-[a-zA-Z0-9\\-]+$ or ^arn:.*:[a-z]*fleet/[a-z]*fleet-[a-zA-Z0-9\\-]+$',
};
/** AliasIdOrArn: how requests name an alias, by id or ARN (DG-3); the model sets no maximum length. */
export const ALIAS_ID_OR_ARN: StringRule = {
  min: 1,
  pattern: /^alias-\S+$|^arn:.*:alias\/alias-\S+$/,
  patternText: '^alias-\\S+ or ^arn:.*:alias/alias-\\S+',
};
/** ArnStringModel, as requests name a game session: GameSessionId, which is always the full ARN (DG-8, DG-10). */
export const GAME_SESSION_ID: StringRule = { min: 1, max: 512, pattern: /^[a-zA-Z0-9:/-]+$/, patternText: '[a-zA-Z0-9:/-]+' };
/** LocationStringModel: a location's name, a Region, local zone or custom location (DG-4). */
export const LOCATION: StringRule = { min: 1, max: 64, pattern: /^[A-Za-z0-9-]+$/, patternText: '^[A-Za-z0-9\\-]+' };
/** IdStringModel, as PlacementId: a malformed one is InvalidRequestException (ST-4). */
export const PLACEMENT_ID: StringRule = { min: 1, max: 48, pattern: /^[a-zA-Z0-9-]+$/, patternText: '[a-zA-Z0-9-]+' };
/** GameSessionQueueNameOrArn: how requests name an existing queue, by name or ARN (PL-1). */
export const QUEUE_NAME_OR_ARN: StringRule = {
  min: 1, max: 256,
  pattern: /^[a-zA-Z0-9-]+$|^arn:.*:gamesessionqueue\/[a-zA-Z0-9-]+$/,
  patternText: '[a-zA-Z0-9-]+ or arn:.*:gamesessionqueue/[a-zA-Z0-9-]+',
};
/** NonZeroAndMaxString: 1–1024 characters; names, descriptions, CreatorId and the like. */
export const NON_EMPTY_1024: StringRule = { min: 1, max: 1024 };
/** PlayerId: the game's own id for a player. */
export const PLAYER_ID: StringRule = { min: 1, max: 1024 };
/** PlayerData: the game's own data about a player, which GameLift keeps but never reads. */
export const PLAYER_DATA: StringRule = { min: 1, max: 2048 };
/** PlayerSessionId: the model bounds only its pattern, not its length. */
export const PLAYER_SESSION_ID: StringRule = { pattern: /^psess-\S+$/, patternText: '^psess-\\S+' };
/** LargeGameSessionData: the GameSessionData that CreateGameSession and StartGameSessionPlacement take. */
export const GAME_SESSION_DATA: StringRule = { min: 1, max: 262_144 };
/**
 * IdStringModel, as CreateGameSession's custom GameSessionId and IdempotencyToken: either becomes the last part of
 * the game session's GameSessionId.
 */
export const ID_STRING_48: StringRule = { min: 1, max: 48, pattern: /^[a-zA-Z0-9-]+$/, patternText: '[a-zA-Z0-9-]+' };

/**
 * PlayerLatency.RegionIdentifier: any 1–1024 characters, as the service model allows (PS-4); a name that no location
 * has simply matches no location.
 */
export const REGION_IDENTIFIER: StringRule = { min: 1, max: 1024 };

/**
 * PlayerLatency.LatencyInMilliseconds: any number, as the model's Float allows (PS-4), negative ones included. NaN
 * alone is refused: no JSON or SDK caller can send it, and it would order no location.
 */
export function latencyInMilliseconds(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value)) invalid(field, 'must be a number', value);
  return value;
}

/** The most results one page returns, whatever Limit asks for [C]. */
export const PAGE_SIZE_MAX = 1000;
/** Results per page when a request sets no Limit [C]. */
export const PAGE_SIZE_DEFAULT = 100;
/** GamePropertyList: at most 16 GameProperties on a request, and on a game session after UpdateGameSession [C]. */
export const GAME_PROPERTIES_MAX = 16;

/** Limit: an integer ≥ 1 (no documented maximum); the page is capped at PAGE_SIZE_MAX. */
export function pageLimit(value: unknown): number {
  const limit = optionalInt(value, 'Limit', { min: 1 });
  return Math.min(limit ?? PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX);
}

/** NextToken: NonZeroAndMaxString; whether this service issued it is for `Paging` to check (DG-7). */
export function nextToken(value: unknown): string | undefined {
  return optionalString(value, 'NextToken', { min: 1, max: 1024 });
}

/** MaximumPlayerSessionCount's bounds, made once: every placement and game session request passes here. */
const MAXIMUM_PLAYER_SESSION_COUNT: IntRule = { min: 0, max: PLAYERS_PER_GAME_SESSION_MAX };

/** MaximumPlayerSessionCount: ≥ 0, and no game session holds more than 200 players. */
export function maximumPlayerSessionCount(value: unknown, required: boolean): number | undefined {
  const field = 'MaximumPlayerSessionCount';
  const rule = MAXIMUM_PLAYER_SESSION_COUNT;
  return required ? requiredInt(value, field, rule) : optionalInt(value, field, rule);
}

// Made once, not per call: every placement and game session request passes here, most with no GameProperties.
const GAME_PROPERTIES_RULE = { max: GAME_PROPERTIES_MAX };
const GAME_PROPERTY_KEY: StringRule = { max: 32 };
const GAME_PROPERTY_VALUE: StringRule = { max: 96 };

/** GameProperties: at most 16, each with a Key of at most 32 and a Value of at most 96 characters. */
export function gameProperties(value: unknown, field = 'GameProperties'): GameProperty[] | undefined {
  return optionalList(value, field, GAME_PROPERTIES_RULE, gameProperty);
}

/** One GameProperties entry, checked (a list item: see `ItemCheck`). */
function gameProperty(item: unknown, path: string): GameProperty {
  const p = requiredObject(item, path);
  return {
    Key: requiredString(p.Key, memberOf(path, 'Key'), GAME_PROPERTY_KEY),
    Value: requiredString(p.Value, memberOf(path, 'Value'), GAME_PROPERTY_VALUE),
  };
}
