import { createRequire } from 'node:module';
import type * as sortedBtree from 'sorted-btree';
import type { GameSessionStatus } from '@aws-sdk/client-gamelift';
import type { GameSession } from './entities.ts';

// sorted-btree is CommonJS with its class on `exports.default`; require() reads it the same under every loader.
const BTree: typeof sortedBtree.default.default = createRequire(import.meta.url)('sorted-btree').default;
type BTree<K, V> = InstanceType<typeof sortedBtree.default.default<K, V>>;

/** Where a page of game sessions resumes: the listing order is (CreationTime, GameSessionId) (DG-6). */
export interface SessionKey {
  readonly creationTimeMs: number;
  readonly gameSessionId: string;
}

/** One page read from an index. */
export interface Page {
  readonly sessions: GameSession[];
  /** Whether at least one more session follows the last one returned. */
  readonly more: boolean;
}

/** Total order of the listing: CreationTime, then GameSessionId (DG-6 [C]). */
export function compareSessionKeys(a: SessionKey, b: SessionKey): number {
  if (a.creationTimeMs !== b.creationTimeMs) return a.creationTimeMs - b.creationTimeMs;
  return a.gameSessionId < b.gameSessionId ? -1 : a.gameSessionId > b.gameSessionId ? 1 : 0;
}

/** How many index keys {@link indexKey} remembers: far more than the fleets, locations and statuses of any world. */
const INDEX_KEYS_KEPT_MAX = 65_536;
const indexKeys = new Map<string, Map<string | undefined, Map<GameSessionStatus | undefined, string>>>();
let indexKeysKept = 0;

/**
 * The key of the index over `fleetId`, narrowed to one location and one status where given. The same key is the
 * same string each time, found by its parts, which are themselves strings made once: a status change looks up four
 * indexes without making and hashing four new strings.
 */
export function indexKey(fleetId: string, location: string | undefined, status: GameSessionStatus | undefined): string {
  const known = indexKeys.get(fleetId)?.get(location)?.get(status);
  if (known !== undefined) return known;
  const key = `${fleetId}|${location ?? '*'}|${status ?? '*'}`;
  if (indexKeysKept < INDEX_KEYS_KEPT_MAX) {
    indexKeysKept++;
    let ofFleet = indexKeys.get(fleetId);
    if (ofFleet === undefined) indexKeys.set(fleetId, (ofFleet = new Map()));
    let ofLocation = ofFleet.get(location);
    if (ofLocation === undefined) ofFleet.set(location, (ofLocation = new Map()));
    ofLocation.set(status, key);
  }
  return key;
}

/**
 * Game sessions ordered by (CreationTime, GameSessionId) in B+ trees, one per (fleet, location or all, status or
 * all), always as they are now. A DescribeGameSessions page reads one tree from its cursor (keyset paging, DG-6), so
 * its cost does not grow with other fleets, locations or statuses, nor with the sessions before the cursor.
 */
export class SessionIndex {
  readonly #trees = new Map<string, BTree<SessionKey, GameSession>>();

  /** Adds a new session to the four indexes that hold it. */
  insert(session: GameSession): void {
    for (const key of keysOf(session, session.status)) this.#tree(key).set(session, session);
  }

  /** Moves a session from the `from` status indexes to the `to` ones. */
  changeStatus(session: GameSession, from: GameSessionStatus, to: GameSessionStatus): void {
    const fleetId = session.fleet.fleetId;
    for (const location of [undefined, session.location.location]) {
      const left = this.#tree(indexKey(fleetId, location, from)).delete(session);
      if (!left) throw new Error(`${session.gameSessionId} is not in index ${indexKey(fleetId, location, from)}`);
      this.#tree(indexKey(fleetId, location, to)).set(session, session);
    }
  }

  /** Removes a session from every index, for good (DG-9). */
  remove(session: GameSession): void {
    for (const key of keysOf(session, session.status)) this.#trees.get(key)?.delete(session);
  }

  /** Up to `limit` sessions of the index `key` that come after `after` in the listing order (all when undefined). */
  page(key: string, after: SessionKey | undefined, limit: number): Page {
    const sessions: GameSession[] = [];
    const tree = this.#trees.get(key);
    if (tree === undefined) return { sessions, more: false };
    // entries(after) starts at the first key ≥ after; the session at `after` itself was on the previous page.
    for (const [sessionKey, session] of tree.entries(after)) {
      if (after !== undefined && compareSessionKeys(sessionKey, after) === 0) continue;
      if (sessions.length === limit) return { sessions, more: true };
      sessions.push(session);
    }
    return { sessions, more: false };
  }

  /** The index's keys in the order their trees were made, for a snapshot (DT-3). */
  keys(): string[] {
    return [...this.#trees.keys()];
  }

  /**
   * Makes the trees of `keys`, in that order, and files `sessions` in them, each under its status now: the index a
   * snapshot's world had, from the sessions it held (DT-3). Only for an empty index.
   */
  rebuild(keys: readonly string[], sessions: Iterable<GameSession>): void {
    if (this.#trees.size > 0) throw new Error('only an empty session index is rebuilt');
    for (const key of keys) this.#tree(key);
    for (const session of sessions) this.insert(session);
  }

  /** How many sessions the index `key` holds now. */
  count(key: string): number {
    return this.#trees.get(key)?.size ?? 0;
  }

  /** The size of every index, as plain data for the state hash: the indexes hold nothing but the sessions. */
  dump(): Record<string, number> {
    const sizes: Record<string, number> = {};
    for (const [key, tree] of this.#trees) sizes[key] = tree.size;
    return sizes;
  }

  #tree(key: string): BTree<SessionKey, GameSession> {
    let tree = this.#trees.get(key);
    if (tree === undefined) {
      tree = new BTree<SessionKey, GameSession>(undefined, compareSessionKeys);
      this.#trees.set(key, tree);
    }
    return tree;
  }
}

function keysOf(session: GameSession, status: GameSessionStatus): string[] {
  const fleetId = session.fleet.fleetId;
  const location = session.location.location;
  return [
    indexKey(fleetId, undefined, undefined),
    indexKey(fleetId, location, undefined),
    indexKey(fleetId, undefined, status),
    indexKey(fleetId, location, status),
  ];
}
