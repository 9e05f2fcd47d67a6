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

/** What an index key names: a fleet, narrowed to a location and a status where given. */
interface KeyParts {
  readonly fleetId: string;
  readonly location: string | undefined;
  readonly status: GameSessionStatus | undefined;
}

/**
 * Game sessions ordered by (CreationTime, GameSessionId) in B+ trees, one per (fleet, location or all, status or
 * all), always as they are now. A DescribeGameSessions page reads one tree from its cursor (keyset paging, DG-6), so
 * its cost does not grow with other fleets, locations or statuses, nor with the sessions before the cursor.
 *
 * The trees of one status are made at the first page asked of them, from the fleet's or location's tree, and kept
 * from then on: a status change moves a session between the trees of its statuses, two B+ tree edits per tree, and
 * most runs never list by status. Every index's size is a counter, kept whether its tree exists or not.
 */
export class SessionIndex {
  readonly #trees = new Map<string, BTree<SessionKey, GameSession>>();
  /** Every index's size, by key, in the order the keys were first used. */
  readonly #counts = new Map<string, number>();
  readonly #parts = new Map<string, KeyParts>();

  /** Adds a new session to the four indexes that hold it. */
  insert(session: GameSession): void {
    const fleetId = session.fleet.fleetId;
    const location = session.location.location;
    this.#add(this.#key(fleetId, undefined, undefined), session, true);
    this.#add(this.#key(fleetId, location, undefined), session, true);
    this.#add(this.#key(fleetId, undefined, session.status), session, false);
    this.#add(this.#key(fleetId, location, session.status), session, false);
  }

  /** Moves a session from the `from` status indexes to the `to` ones. */
  changeStatus(session: GameSession, from: GameSessionStatus, to: GameSessionStatus): void {
    const fleetId = session.fleet.fleetId;
    for (const location of [undefined, session.location.location]) {
      this.#take(this.#key(fleetId, location, from), session);
      this.#add(this.#key(fleetId, location, to), session, false);
    }
  }

  /** Removes a session from every index, for good (DG-9). */
  remove(session: GameSession): void {
    const fleetId = session.fleet.fleetId;
    for (const location of [undefined, session.location.location]) {
      this.#take(this.#key(fleetId, location, undefined), session);
      this.#take(this.#key(fleetId, location, session.status), session);
    }
  }

  /** Up to `limit` sessions of the index `key` that come after `after` in the listing order (all when undefined). */
  page(key: string, after: SessionKey | undefined, limit: number): Page {
    const sessions: GameSession[] = [];
    const tree = this.#treeToRead(key);
    if (tree === undefined) return { sessions, more: false };
    // entries(after) starts at the first key ≥ after; the session at `after` itself was on the previous page.
    for (const [sessionKey, session] of tree.entries(after)) {
      if (after !== undefined && compareSessionKeys(sessionKey, after) === 0) continue;
      if (sessions.length === limit) return { sessions, more: true };
      sessions.push(session);
    }
    return { sessions, more: false };
  }

  /** Every index's key, in the order they were first used, for a snapshot (DT-3). */
  keys(): string[] {
    return [...this.#counts.keys()];
  }

  /**
   * Makes the indexes of `keys`, in that order, and files `sessions` in them, each under its status now: the index a
   * snapshot's world had, from the sessions it held (DT-3). Only for an empty index.
   */
  rebuild(keys: readonly string[], sessions: Iterable<GameSession>): void {
    if (this.#counts.size > 0) throw new Error('only an empty session index is rebuilt');
    for (const key of keys) this.#counts.set(key, 0);
    for (const session of sessions) this.insert(session);
  }

  /** How many sessions the index `key` holds now. */
  count(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  /** The size of every index, as plain data for the state hash: the indexes hold nothing but the sessions. */
  dump(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  #key(fleetId: string, location: string | undefined, status: GameSessionStatus | undefined): string {
    const key = indexKey(fleetId, location, status);
    if (!this.#parts.has(key)) this.#parts.set(key, { fleetId, location, status });
    return key;
  }

  /** Counts a session into an index, and files it in its tree: always for one of every status, else if it exists. */
  #add(key: string, session: GameSession, always: boolean): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    const tree = always ? this.#tree(key) : this.#trees.get(key);
    tree?.set(session, session);
  }

  #take(key: string, session: GameSession): void {
    const count = this.#counts.get(key) ?? 0;
    if (count === 0) throw new Error(`${session.gameSessionId} is not in index ${key}`);
    this.#counts.set(key, count - 1);
    const tree = this.#trees.get(key);
    if (tree !== undefined && !tree.delete(session)) throw new Error(`${session.gameSessionId} is not in index ${key}`);
  }

  /** The tree of `key`; one of a status is made the first time, from the sessions of every status there. */
  #treeToRead(key: string): BTree<SessionKey, GameSession> | undefined {
    const tree = this.#trees.get(key);
    if (tree !== undefined) return tree;
    const parts = this.#parts.get(key);
    if (parts?.status === undefined) return undefined;
    const all = this.#trees.get(indexKey(parts.fleetId, parts.location, undefined));
    const made = this.#tree(key);
    all?.forEach((session) => {
      if (session.status === parts.status) made.set(session, session);
    });
    return made;
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
