import { createRequire } from 'node:module';
import type * as sortedBtree from 'sorted-btree';
import type { GameSessionStatus } from '@aws-sdk/client-gamelift';
import type { FleetLocation, GameSession } from './entities.ts';

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

/** One index: its size, kept whether its tree exists or not, and its tree once made. */
interface Index {
  count: number;
  tree: BTree<SessionKey, GameSession> | undefined;
  /** What its key names; undefined for a key only a snapshot listed, until a session is filed under it. */
  parts: KeyParts | undefined;
}

/**
 * The indexes a fleet location's sessions are filed in, the fleet's first and the location's second: those of every
 * status, and those of each status, found as they are first needed. Filing a session then builds no key and looks
 * none up.
 */
interface Filing {
  readonly all: readonly [Index, Index];
  readonly byStatus: Map<GameSessionStatus, readonly [Index, Index]>;
}

/**
 * Game sessions ordered by (CreationTime, GameSessionId) in B+ trees, one per (fleet, location or all, status or
 * all), always as they are now. A DescribeGameSessions page reads one tree from its cursor (keyset paging, DG-6), so
 * its cost does not grow with other fleets, locations or statuses, nor with the sessions before the cursor.
 *
 * Every index's size is a counter, always kept. Its tree is made at the first page asked of it, and kept from then
 * on: one of every status from the retained sessions of its fleet or location, one of a status from that. Filing a
 * session costs two B+ tree edits per tree that exists, and many runs never list (a load test reads the counters),
 * so trees nobody reads are not kept. A first page costs a pass over the retained sessions and the tree's inserts:
 * about 5 µs a session of the fleet (0.2 s at 40,000 on the shared 2-core development machine).
 */
export class SessionIndex {
  /** Every index, by key, in the order the keys were first used. */
  readonly #indexes = new Map<string, Index>();
  /** Each fleet location's indexes; a location that is gone takes its entry with it. */
  readonly #filings = new WeakMap<FleetLocation, Filing>();
  /** Every session the index holds, in any order: the world's retained game sessions. */
  readonly #retained: () => Iterable<GameSession>;

  constructor(retained: () => Iterable<GameSession>) {
    this.#retained = retained;
  }

  /** Adds a new session to the four indexes that hold it. */
  insert(session: GameSession): void {
    const filing = this.#filing(session.location);
    const [fleetAll, locationAll] = filing.all;
    const [fleetStatus, locationStatus] = this.#ofStatus(session.location, filing, session.status);
    add(fleetAll, session);
    add(locationAll, session);
    add(fleetStatus, session);
    add(locationStatus, session);
  }

  /** Moves a session from the `from` status indexes to the `to` ones. */
  changeStatus(session: GameSession, from: GameSessionStatus, to: GameSessionStatus): void {
    const filing = this.#filing(session.location);
    const was = this.#ofStatus(session.location, filing, from);
    const now = this.#ofStatus(session.location, filing, to);
    take(was[0], session);
    add(now[0], session);
    take(was[1], session);
    add(now[1], session);
  }

  /** Removes a session from every index, for good (DG-9). */
  remove(session: GameSession): void {
    const filing = this.#filing(session.location);
    const ofStatus = this.#ofStatus(session.location, filing, session.status);
    take(filing.all[0], session);
    take(ofStatus[0], session);
    take(filing.all[1], session);
    take(ofStatus[1], session);
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
    return [...this.#indexes.keys()];
  }

  /**
   * Makes the indexes of `keys`, in that order, and files `sessions` in them, each under its status now: the index a
   * snapshot's world had, from the sessions it held (DT-3). Only for an empty index.
   */
  rebuild(keys: readonly string[], sessions: Iterable<GameSession>): void {
    if (this.#indexes.size > 0) throw new Error('only an empty session index is rebuilt');
    for (const key of keys) this.#indexes.set(key, { count: 0, tree: undefined, parts: undefined });
    for (const session of sessions) this.insert(session);
  }

  /** How many sessions the index `key` holds now. */
  count(key: string): number {
    return this.#indexes.get(key)?.count ?? 0;
  }

  /** The size of every index, as plain data for the state hash: the indexes hold nothing but the sessions. */
  dump(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [key, index] of this.#indexes) counts[key] = index.count;
    return counts;
  }

  /** The indexes of a fleet location's sessions of every status, made on first use. */
  #filing(loc: FleetLocation): Filing {
    let filing = this.#filings.get(loc);
    if (filing === undefined) {
      const fleetId = loc.fleet.fleetId;
      filing = { all: [this.#index(fleetId, undefined, undefined), this.#index(fleetId, loc.location, undefined)], byStatus: new Map() };
      this.#filings.set(loc, filing);
    }
    return filing;
  }

  /** The indexes of a fleet location's sessions of one status, made on first use. */
  #ofStatus(loc: FleetLocation, filing: Filing, status: GameSessionStatus): readonly [Index, Index] {
    let pair = filing.byStatus.get(status);
    if (pair === undefined) {
      const fleetId = loc.fleet.fleetId;
      pair = [this.#index(fleetId, undefined, status), this.#index(fleetId, loc.location, status)];
      filing.byStatus.set(status, pair);
    }
    return pair;
  }

  #index(fleetId: string, location: string | undefined, status: GameSessionStatus | undefined): Index {
    const key = indexKey(fleetId, location, status);
    let index = this.#indexes.get(key);
    if (index === undefined) this.#indexes.set(key, (index = { count: 0, tree: undefined, parts: undefined }));
    index.parts ??= { fleetId, location, status };
    return index;
  }

  /** The tree of `key`, made the first time it is read. */
  #treeToRead(key: string): BTree<SessionKey, GameSession> | undefined {
    const index = this.#indexes.get(key);
    if (index === undefined || index.tree !== undefined) return index?.tree;
    // A key only a snapshot listed, and no session filed under it since: it holds none.
    const parts = index.parts;
    if (parts === undefined) return undefined;
    const made = newTree();
    if (parts.status === undefined) {
      for (const session of this.#retained()) {
        if (session.fleet.fleetId === parts.fleetId && (parts.location === undefined || session.location.location === parts.location)) made.set(session, session);
      }
    } else {
      this.#treeToRead(indexKey(parts.fleetId, parts.location, undefined))?.forEach((session) => {
        if (session.status === parts.status) made.set(session, session);
      });
    }
    if (made.size !== index.count) throw new Error(`index ${key} counts ${index.count} sessions but finds ${made.size}`);
    index.tree = made;
    return made;
  }
}

/** Counts a session into an index, and files it in its tree if that has been made. */
function add(index: Index, session: GameSession): void {
  index.count++;
  index.tree?.set(session, session);
}

function take(index: Index, session: GameSession): void {
  if (index.count === 0 || (index.tree !== undefined && !index.tree.delete(session))) {
    throw new Error(`${session.gameSessionId} is not in its index`);
  }
  index.count--;
}

function newTree(): BTree<SessionKey, GameSession> {
  return new BTree<SessionKey, GameSession>(undefined, compareSessionKeys);
}
