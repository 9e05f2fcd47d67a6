import type { PagePosition } from '../page-token.ts';
import type { Value } from './ast.ts';
import { compareValues } from './evaluate.ts';

/**
 * The orders of a search's results (SG-3): by a SortExpression, or "random" without one — [C] by a hash of (run
 * seed, GameSessionId), so that the same run lists the same order, another seed another, and a NextToken resumes it
 * like any other order.
 */

/** A session's place in a search order: sessions without a value come last, then the value, then GameSessionId. */
export interface OrderKey {
  /** The session has no value for the sort operand: it comes after every session that has one (SG-3). */
  readonly missing: boolean;
  readonly value: Value | null;
  readonly gameSessionId: string;
}

/** The seed of the random order of the run whose seed is `seed`: the hash state `randomRank` starts from. */
export function randomOrderSeed(seed: string): number {
  return hashString(2166136261, `search-order\0${seed}\0`);
}

/** Where the random order seeded by `seedHash` places a game session: an unsigned 32-bit hash of its id. */
export function randomRank(seedHash: number, gameSessionId: string): number {
  return mix(hashString(seedHash, gameSessionId));
}

/**
 * randomRank for the ids of one fleet's game sessions, which all start with `prefix` (gameSessionArnPrefix): the
 * same ranks, with the prefix hashed once. It is two thirds of an id, and a build ranks every ACTIVE session.
 */
export function randomRanker(seedHash: number, prefix: string): (gameSessionId: string) => number {
  const afterPrefix = hashString(seedHash, prefix);
  // A slice compared, not startsWith: V8's is several times slower on ~90-unit prefixes.
  return (gameSessionId) =>
    gameSessionId.slice(0, prefix.length) === prefix ? mix(hashString(afterPrefix, gameSessionId, prefix.length)) : randomRank(seedHash, gameSessionId);
}

/**
 * Total order of keys, as the search index's trees hold them: keys with a value first, by value and then by
 * GameSessionId; keys without a value last, by GameSessionId. A DESC search lists the keys with a value in reverse,
 * then the others in this order, so that those without a value come last in both directions (SG-3).
 */
export function compareOrderKeys(a: OrderKey, b: OrderKey): number {
  if (a.missing !== b.missing) return a.missing ? 1 : -1;
  // Ids share a long ARN prefix: compared only when the values tie (often, in orders of few values: player counts).
  return (a.missing ? 0 : compareValues(a.value!, b.value!)) || (a.gameSessionId < b.gameSessionId ? -1 : a.gameSessionId > b.gameSessionId ? 1 : 0);
}

/**
 * The longest string value a NextToken carries whole. A token holds at most 1024 characters (PAGE_TOKEN_CHARS_MAX),
 * and names may be 1024 long: a longer value travels as its first 64 characters, which JSON and base64 keep well
 * within the token whatever the characters.
 */
export const POSITION_VALUE_CHARS_MAX = 64;

/** A key as a NextToken carries it (DG-7): a long string value cut to its first POSITION_VALUE_CHARS_MAX chars. */
export function positionOf(key: OrderKey): PagePosition {
  const { value } = key;
  const cut = typeof value === 'string' && value.length > POSITION_VALUE_CHARS_MAX;
  return [key.missing ? 1 : 0, cut ? value.slice(0, POSITION_VALUE_CHARS_MAX) : value, key.gameSessionId, cut];
}

/**
 * The key a NextToken's position stands for; the token is signed, so the position is one this service made. A cut
 * value is made whole again from the session it came from, `currentValue` of its GameSessionId, while that value
 * still starts with the part carried; otherwise (the session ended or was renamed) the page resumes from the edge
 * of the values that start with the part carried — its start ascending, its end descending — so that at worst some
 * sessions are listed again, never skipped.
 */
export function keyOfPosition(position: PagePosition, descending: boolean, currentValue: (gameSessionId: string) => Value | undefined): OrderKey {
  const [missing, carried, id, cut] = position;
  const gameSessionId = String(id);
  let value = carried ?? null;
  if (cut === true && typeof carried === 'string') {
    const now = currentValue(gameSessionId);
    // U+FFFF sorts after every other UTF-16 unit, so carried + U+FFFF is above every value that starts with carried.
    value = typeof now === 'string' && now.startsWith(carried) ? now : descending ? `${carried}\uffff` : carried;
  }
  return { missing: missing === 1, value, gameSessionId };
}

/** FNV-1a over the UTF-16 code units of `text` from `from` on, continuing from `hash`. */
function hashString(hash: number, text: string, from = 0): number {
  let h = hash;
  for (let i = from; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** MurmurHash3's finalizer: spreads FNV's weak low bits over all 32, so that ids differing at the end scatter. */
function mix(hash: number): number {
  let h = hash;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
