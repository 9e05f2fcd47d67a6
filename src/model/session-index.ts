import { createRequire } from 'node:module';
import type * as sortedBtree from 'sorted-btree';
import { GameSessionStatus } from '@aws-sdk/client-gamelift';
import type { GameSession } from './entities.ts';

// sorted-btree is CommonJS with its class on `exports.default`; require() reads it the same under every loader.
const BTree: typeof sortedBtree.default.default = createRequire(import.meta.url)('sorted-btree').default;
type BTree<K, V> = InstanceType<typeof sortedBtree.default.default<K, V>>;

const GAME_SESSION_STATUSES = Object.values(GameSessionStatus);

/** Where a page of game sessions resumes: the listing order is (CreationTime, GameSessionId) (DG-6). */
export interface SessionKey {
  readonly creationTimeMs: number;
  readonly gameSessionId: string;
}

/** One session's membership of one index: from the version it entered until the version it left. */
interface Entry {
  readonly session: GameSession;
  readonly enterVersion: number;
  leaveVersion: number;
}

/** One ordered index, with the snapshots being paged through it and the departed entries they still need. */
interface IndexTree {
  readonly entries: BTree<SessionKey, Entry>;
  /** Open snapshots by version, oldest first (versions only grow, so insertion order is version order). */
  readonly openSnapshots: Map<number, number>;
  /**
   * Entries that left while a snapshot was open, in the order they left; `ghostsHead` is the first still kept. A
   * ghost is dropped once no open snapshot is older than its departure.
   */
  ghosts: Entry[];
  ghostsHead: number;
  /** Sessions in the index now, ghosts not counted. */
  present: number;
}

/** A point in the index's history from which a listing is paged (DG-6). */
export interface Snapshot {
  readonly indexKey: string;
  readonly version: number;
  /** Virtual time when the snapshot was taken: sessions created later cannot match it. */
  readonly takenAtMs: number;
}

export interface Page {
  readonly sessions: GameSession[];
  /** Key of the last session returned, as plain data: where the next page resumes. */
  readonly last: SessionKey | undefined;
  /** Whether at least one more matching session follows. */
  readonly more: boolean;
}

/** Total order of the listing: CreationTime, then GameSessionId (DG-6 [C]). */
export function compareSessionKeys(a: SessionKey, b: SessionKey): number {
  if (a.creationTimeMs !== b.creationTimeMs) return a.creationTimeMs - b.creationTimeMs;
  return a.gameSessionId < b.gameSessionId ? -1 : a.gameSessionId > b.gameSessionId ? 1 : 0;
}

/** The key of the index over `fleetId`, narrowed to one location and one status where given. */
export function indexKey(fleetId: string, location: string | undefined, status: GameSessionStatus | undefined): string {
  return `${fleetId}|${location ?? '*'}|${status ?? '*'}`;
}

/**
 * Game sessions ordered by (CreationTime, GameSessionId) in B+ trees, one per (fleet, location or all, status or
 * all). A DescribeGameSessions page reads one tree from its cursor, so its cost does not grow with other fleets,
 * locations or statuses.
 *
 * Paging is consistent (DG-6): every membership change is stamped with a version, and a page reads the index as it
 * was at its snapshot's version. While any snapshot of a tree is open, entries that leave it stay behind as ghosts,
 * so that a session which matched when paging began is still returned after it changed status.
 */
export class SessionIndex {
  readonly #trees = new Map<string, IndexTree>();
  #version = 0;

  /** Adds a new session to the four indexes that hold it. */
  insert(session: GameSession): void {
    const version = ++this.#version;
    for (const key of this.#keysOf(session, session.status)) this.#enter(key, session, version);
  }

  /** Moves a session from the `from` status indexes to the `to` ones. */
  changeStatus(session: GameSession, from: GameSessionStatus, to: GameSessionStatus): void {
    const version = ++this.#version;
    const fleetId = session.fleet.fleetId;
    const location = session.location.location;
    for (const loc of [undefined, location]) {
      this.#leave(indexKey(fleetId, loc, from), session, version);
      this.#enter(indexKey(fleetId, loc, to), session, version);
    }
  }

  /**
   * Removes a session from every index, for good (DG-9), including the status indexes it left while a snapshot kept
   * it there as a ghost: a session that is gone must not come back in any listing, whatever its filter.
   */
  remove(session: GameSession): void {
    ++this.#version;
    for (const key of this.#keysOf(session, session.status)) {
      const tree = this.#tree(key);
      if (tree.entries.delete(session)) tree.present--;
    }
    const fleetId = session.fleet.fleetId;
    for (const status of GAME_SESSION_STATUSES) {
      // Its ghosts go too; their places in the ghost lists are skipped when reached, as the entry is no longer there.
      for (const location of [undefined, session.location.location]) this.#trees.get(indexKey(fleetId, location, status))?.entries.delete(session);
    }
  }

  /** Starts paging through the index `key` as it is now. */
  openSnapshot(key: string, nowMs: number): Snapshot {
    const open = this.#tree(key).openSnapshots;
    open.set(this.#version, (open.get(this.#version) ?? 0) + 1);
    return { indexKey: key, version: this.#version, takenAtMs: nowMs };
  }

  /** Ends a snapshot, and drops the ghosts that no snapshot still open needs. */
  closeSnapshot(snapshot: Snapshot): void {
    const tree = this.#tree(snapshot.indexKey);
    const count = tree.openSnapshots.get(snapshot.version);
    if (count === undefined) throw new Error(`no open snapshot at version ${snapshot.version} on ${snapshot.indexKey}`);
    if (count > 1) tree.openSnapshots.set(snapshot.version, count - 1);
    else tree.openSnapshots.delete(snapshot.version);
    const oldest = tree.openSnapshots.keys().next().value ?? Infinity;
    // Every open snapshot is at `oldest` or later; a ghost that left at or before it is in none of them.
    while (tree.ghostsHead < tree.ghosts.length && tree.ghosts[tree.ghostsHead]!.leaveVersion <= oldest) {
      const ghost = tree.ghosts[tree.ghostsHead++]!;
      // A ghost's key is free for nothing else: statuses never repeat (GS-1), so delete by key is exact.
      if (tree.entries.get(ghost.session) === ghost) tree.entries.delete(ghost.session);
    }
    if (tree.ghostsHead * 2 > tree.ghosts.length) {
      tree.ghosts = tree.ghosts.slice(tree.ghostsHead);
      tree.ghostsHead = 0;
    }
  }

  /** Up to `limit` sessions after `after` that were in the index at the snapshot's version. */
  page(snapshot: Snapshot, after: SessionKey | undefined, limit: number): Page {
    const tree = this.#trees.get(snapshot.indexKey);
    const sessions: GameSession[] = [];
    if (tree === undefined) return { sessions, last: undefined, more: false };
    for (const [key, entry] of tree.entries.entries(after)) {
      // Sessions created after the snapshot sit at the tail of the order and cannot have matched it.
      if (key.creationTimeMs > snapshot.takenAtMs) break;
      if (after !== undefined && compareSessionKeys(key, after) === 0) continue;
      if (entry.enterVersion > snapshot.version || entry.leaveVersion <= snapshot.version) continue;
      if (sessions.length === limit) return { sessions, last: keyOf(sessions.at(-1)), more: true };
      sessions.push(entry.session);
    }
    return { sessions, last: keyOf(sessions.at(-1)), more: false };
  }

  /** How many sessions the index `key` holds now (ghosts excluded). */
  count(key: string): number {
    const tree = this.#trees.get(key);
    return tree?.present ?? 0;
  }

  /** The index's bookkeeping as plain data, for the state hash: version, and per tree its snapshots and ghosts. */
  dump(): Record<string, unknown> {
    const trees = [...this.#trees].map(([key, tree]) => ({
      key,
      present: tree.present,
      size: tree.entries.size,
      openSnapshots: [...tree.openSnapshots],
      ghosts: tree.ghosts.slice(tree.ghostsHead).map((g) => [g.session.gameSessionId, g.enterVersion, g.leaveVersion]),
    }));
    return { version: this.#version, trees };
  }

  #keysOf(session: GameSession, status: GameSessionStatus): string[] {
    const fleetId = session.fleet.fleetId;
    const location = session.location.location;
    return [
      indexKey(fleetId, undefined, undefined),
      indexKey(fleetId, location, undefined),
      indexKey(fleetId, undefined, status),
      indexKey(fleetId, location, status),
    ];
  }

  #tree(key: string): IndexTree {
    let tree = this.#trees.get(key);
    if (tree === undefined) {
      tree = { entries: new BTree<SessionKey, Entry>(undefined, compareSessionKeys), openSnapshots: new Map(), ghosts: [], ghostsHead: 0, present: 0 };
      this.#trees.set(key, tree);
    }
    return tree;
  }

  #enter(key: string, session: GameSession, version: number): void {
    const tree = this.#tree(key);
    tree.entries.set(session, { session, enterVersion: version, leaveVersion: Infinity });
    tree.present++;
  }

  #leave(key: string, session: GameSession, version: number): void {
    const tree = this.#tree(key);
    const entry = tree.entries.get(session);
    if (entry === undefined) throw new Error(`${session.gameSessionId} is not in index ${key}`);
    tree.present--;
    if (tree.openSnapshots.size === 0) {
      tree.entries.delete(session);
      return;
    }
    entry.leaveVersion = version;
    tree.ghosts.push(entry);
  }
}

function keyOf(session: GameSession | undefined): SessionKey | undefined {
  return session === undefined ? undefined : { creationTimeMs: session.creationTimeMs, gameSessionId: session.gameSessionId };
}
