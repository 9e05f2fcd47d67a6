import type { GameProperty } from '@aws-sdk/client-gamelift';
import { PLAYERS_PER_GAME_SESSION_MAX } from '../model/config.ts';
import {
  optionalInt,
  optionalList,
  optionalString,
  requiredInt,
  requiredObject,
  requiredString,
  type StringRule,
} from './validate.ts';

/** The service model's constraints on shapes shared by several operations (rules file, input table). */

export const FLEET_ID_OR_ARN: StringRule = {
  min: 1, max: 512,
  pattern: /^[a-z]*fleet-[a-zA-Z0-9-]+$|^arn:.*:[a-z]*fleet\/[a-z]*fleet-[a-zA-Z0-9-]+$/,
  patternText: '^[a-z]*fleet-[a-zA-Z0-9\\-]+$ or ^arn:.*:[a-z]*fleet/[a-z]*fleet-[a-zA-Z0-9\\-]+$',
};
export const ALIAS_ID_OR_ARN: StringRule = {
  min: 1,
  pattern: /^alias-\S+$|^arn:.*:alias\/alias-\S+$/,
  patternText: '^alias-\\S+ or ^arn:.*:alias/alias-\\S+',
};
export const GAME_SESSION_ID: StringRule = { min: 1, max: 512, pattern: /^[a-zA-Z0-9:/-]+$/, patternText: '[a-zA-Z0-9:/-]+' };
export const LOCATION: StringRule = { min: 1, max: 64, pattern: /^[A-Za-z0-9-]+$/, patternText: '^[A-Za-z0-9\\-]+' };
export const PLACEMENT_ID: StringRule = { min: 1, max: 48, pattern: /^[a-zA-Z0-9-]+$/, patternText: '[a-zA-Z0-9-]+' };
export const QUEUE_NAME_OR_ARN: StringRule = {
  min: 1, max: 256,
  pattern: /^[a-zA-Z0-9-]+$|^arn:.*:gamesessionqueue\/[a-zA-Z0-9-]+$/,
  patternText: '[a-zA-Z0-9-]+ or arn:.*:gamesessionqueue/[a-zA-Z0-9-]+',
};
export const NON_EMPTY_1024: StringRule = { min: 1, max: 1024 };
export const PLAYER_ID: StringRule = { min: 1, max: 1024 };
export const PLAYER_DATA: StringRule = { min: 1, max: 2048 };
export const PLAYER_SESSION_ID: StringRule = { pattern: /^psess-\S+$/, patternText: '^psess-\\S+' };
export const GAME_SESSION_DATA: StringRule = { min: 1, max: 262_144 };
/** A custom game session id or idempotency token: it becomes the last part of the GameSessionId. */
export const ID_STRING_48: StringRule = { min: 1, max: 48, pattern: /^[a-zA-Z0-9-]+$/, patternText: '[a-zA-Z0-9-]+' };

/** The most results one page returns, whatever Limit asks for [C]. */
export const PAGE_SIZE_MAX = 1000;
/** Results per page when a request sets no Limit [C]. */
export const PAGE_SIZE_DEFAULT = 100;
export const GAME_PROPERTIES_MAX = 16;

/** Limit: an integer ≥ 1 (no documented maximum); the page is capped at PAGE_SIZE_MAX. */
export function pageLimit(value: unknown): number {
  const limit = optionalInt(value, 'Limit', { min: 1 });
  return Math.min(limit ?? PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX);
}

export function nextToken(value: unknown): string | undefined {
  return optionalString(value, 'NextToken', { min: 1, max: 1024 });
}

/** MaximumPlayerSessionCount: ≥ 0, and no game session holds more than 200 players. */
export function maximumPlayerSessionCount(value: unknown, required: boolean): number | undefined {
  const field = 'MaximumPlayerSessionCount';
  const rule = { min: 0, max: PLAYERS_PER_GAME_SESSION_MAX };
  return required ? requiredInt(value, field, rule) : optionalInt(value, field, rule);
}

/** GameProperties: at most 16, each with a Key of at most 32 and a Value of at most 96 characters. */
export function gameProperties(value: unknown, field = 'GameProperties'): GameProperty[] | undefined {
  return optionalList(value, field, { max: GAME_PROPERTIES_MAX }, (item, path) => {
    const p = requiredObject(item, path);
    return {
      Key: requiredString(p.Key, `${path}.Key`, { max: 32 }),
      Value: requiredString(p.Value, `${path}.Value`, { max: 96 }),
    };
  });
}
