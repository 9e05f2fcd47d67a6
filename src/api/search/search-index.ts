import { createRequire } from 'node:module';
import type * as sortedBtree from 'sorted-btree';
import type { GameSession } from '../../model/entities.ts';
import type { World } from '../../model/world.ts';
import { compareOrderKeys, randomOrderSeed, randomRank, type OrderKey } from './order.ts';

// sorted-btree is CommonJS with its class on `exports.default`; require() reads it the same under every loader.
const BTree: typeof sortedBtree.default.default = createRequire(import.meta.url)('sorted-btree').default;
type BTree<K, V> = InstanceType<typeof sortedBtree.default.default<K, V>>;

/** The orders a search can walk in an index instead of sorting (SG-3): two sort operands, and the random order. */
export const INDEXED_ORDERS = ['creationTimeMillis', 'playerSessionCount', 'random'] as const;
/** One of the orders an index keeps. */
export type IndexedOrder = (typeof INDEXED_ORDERS)[number];

/**
 * Which ACTIVE sessions a tree holds: all of them, or only those with a free player slot — the ones a filter with
 * `hasAvailablePlayerSessions = true`, which AWS recommends for every search, can match.
 */
export type Population = 'all' | 'available';

/** What an indexed session is filed under, kept to find its entries again once the session has changed. */
interface Filed {
  readonly playerSessionCount: number;
  readonly available: boolean;
  readonly rank: number;
}

/**
 * The ACTIVE game sessions (SG-1) of every fleet, in B+ trees per (fleet, location or all, population, indexed
 * order), kept current through the world's game session observer. A search sorted by creationTimeMillis or
 * playerSessionCount, or in the random order, walks one tree from its NextToken's position and stops once the page
 * is full, so its cost follows the sessions it reads, not the fleet's size.
 */
export class SearchIndex {
  readonly #trees = new Map<string, BTree<OrderKey, GameSession>>();
  readonly #filed = new Map<GameSession, Filed>();
  /** Where the run's random order starts its hashes (SG-3 [C]). */
  readonly #seedHash: number;

  constructor(world: World) {
    this.#seedHash = randomOrderSeed(world.engine.random.seed);
    for (const session of world.gameSessions.values()) this.#refresh(session);
    world.observeGameSessions((session) => this.#refresh(session));
  }

  /**
   * The ACTIVE sessions of `fleetId` (in `location`, or all its locations) in `population`, in `order`, from after
   * `after` (from the start when undefined), each with its key. Lazy: a caller that stops early pays only for what
   * it read.
   */
  *walk(
    fleetId: string, location: string | undefined, population: Population, order: IndexedOrder, descending: boolean, after: OrderKey | undefined,
  ): Generator<[OrderKey, GameSession]> {
    const tree = this.#trees.get(treeKey(fleetId, location, population, order));
    if (tree === undefined) return;
    if (descending) {
      yield* tree.entriesReversed(after, undefined, after !== undefined);
      return;
    }
    for (const entry of tree.entries(after)) {
      if (after !== undefined && compareOrderKeys(entry[0], after, false) === 0) continue;
      yield entry;
    }
  }

  /**
   * Calls `visit` with each ACTIVE session of `fleetId` (in `location`, or all its locations) in `population`, in no
   * order a caller may rely on: for reading them all at the cost of a plain loop, without an iterator's allocations.
   */
  forEach(fleetId: string, location: string | undefined, population: Population, visit: (session: GameSession) => void): void {
    this.#trees.get(treeKey(fleetId, location, population, 'random'))?.forEach(visit);
  }

  /**
   * Files a session that became ACTIVE, refiles one whose player count or free slots changed, drops one that ended.
   * Only the trees whose key or membership changed are touched: a new player moves a session in the player-count
   * trees alone, unless it took the last free slot.
   */
  #refresh(session: GameSession): void {
    const filed = this.#filed.get(session);
    const active = session.status === 'ACTIVE';
    const count = session.currentPlayerSessionCount;
    const available = count < session.maximumPlayerSessionCount;
    if (active && filed !== undefined && filed.playerSessionCount === count && filed.available === available) return;
    const now: Filed | undefined = active
      ? { playerSessionCount: count, available, rank: filed?.rank ?? randomRank(this.#seedHash, session.gameSessionId) }
      : undefined;
    const onlyCountChanged = filed !== undefined && now !== undefined && filed.available === now.available;
    for (const order of INDEXED_ORDERS) {
      if (onlyCountChanged && order !== 'playerSessionCount') continue;
      if (filed !== undefined) this.#file(session, filed, order, false);
      if (now !== undefined) this.#file(session, now, order, true);
    }
    if (now === undefined) this.#filed.delete(session);
    else this.#filed.set(session, now);
  }

  /** Puts a session's entries for `order` into (or takes them out of) every tree of that order it belongs in. */
  #file(session: GameSession, filed: Filed, order: IndexedOrder, into: boolean): void {
    const fleetId = session.fleet.fleetId;
    const value = order === 'creationTimeMillis' ? session.creationTimeMs : order === 'playerSessionCount' ? filed.playerSessionCount : filed.rank;
    const key: OrderKey = { missing: false, value, gameSessionId: session.gameSessionId };
    for (const population of filed.available ? POPULATIONS : ALL_ONLY) {
      for (const location of [undefined, session.location.location]) {
        const tree = this.#tree(treeKey(fleetId, location, population, order));
        if (into) tree.set(key, session);
        else tree.delete(key);
      }
    }
  }

  #tree(key: string): BTree<OrderKey, GameSession> {
    let tree = this.#trees.get(key);
    if (tree === undefined) {
      tree = new BTree<OrderKey, GameSession>(undefined, (a, b) => compareOrderKeys(a, b, false));
      this.#trees.set(key, tree);
    }
    return tree;
  }
}

const POPULATIONS: readonly Population[] = ['all', 'available'];
const ALL_ONLY: readonly Population[] = ['all'];

function treeKey(fleetId: string, location: string | undefined, population: Population, order: IndexedOrder): string {
  return `${fleetId}|${location ?? '*'}|${population}|${order}`;
}
