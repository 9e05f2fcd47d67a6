import { createRequire } from 'node:module';
import type * as sortedBtree from 'sorted-btree';
import type { GameSession } from '../../model/entities.ts';
import type { World } from '../../model/world.ts';
import { compareOrderKeys, randomOrder, randomRank, type OrderKey, type SearchOrder } from './order.ts';

// sorted-btree is CommonJS with its class on `exports.default`; require() reads it the same under every loader.
const BTree: typeof sortedBtree.default.default = createRequire(import.meta.url)('sorted-btree').default;
type BTree<K, V> = InstanceType<typeof sortedBtree.default.default<K, V>>;

/** The orders a search can walk in an index instead of sorting (SG-3): two sort operands, and the random order. */
export const INDEXED_ORDERS = ['creationTimeMillis', 'playerSessionCount', 'random'] as const;
export type IndexedOrder = (typeof INDEXED_ORDERS)[number];

/** What an indexed session is filed under, kept to find its entries again once the session has changed. */
interface Filed {
  readonly playerSessionCount: number;
  readonly rank: number;
}

/**
 * The ACTIVE game sessions (SG-1) of every fleet, in B+ trees per (fleet, location or all) and indexed order, kept
 * current through the world's game session observer. A search sorted by creationTimeMillis or playerSessionCount, or
 * in the random order, walks one tree from its NextToken's position and stops once the page is full; any other sort
 * reads the fleet's (or location's) ACTIVE sessions once, in creation order, and keeps the best page's worth.
 */
export class SearchIndex {
  readonly #trees = new Map<string, BTree<OrderKey, GameSession>>();
  readonly #filed = new Map<GameSession, Filed>();
  /** The run's random order (SG-3 [C]). */
  readonly randomOrder: SearchOrder & { kind: 'random' };

  constructor(world: World) {
    this.randomOrder = randomOrder(world.engine.random.seed) as SearchOrder & { kind: 'random' };
    for (const session of world.gameSessions.values()) this.#refresh(session);
    world.observeGameSessions((session) => this.#refresh(session));
  }

  /**
   * The ACTIVE sessions of `fleetId` (in `location`, or all its locations) in `order`, from after `after` (from the
   * start when undefined), each with its key. Lazy: a caller that stops early pays only for what it read.
   */
  *walk(fleetId: string, location: string | undefined, order: IndexedOrder, descending: boolean, after: OrderKey | undefined): Generator<[OrderKey, GameSession]> {
    const tree = this.#trees.get(treeKey(fleetId, location, order));
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
   * Files a session that became ACTIVE under its keys, moves one whose player count changed, and takes out one that
   * is no longer ACTIVE.
   */
  #refresh(session: GameSession): void {
    const filed = this.#filed.get(session);
    if (session.status !== 'ACTIVE') {
      if (filed !== undefined) this.#file(session, filed, INDEXED_ORDERS, 'out');
      this.#filed.delete(session);
    } else if (filed === undefined) {
      const rank = randomRank(this.randomOrder.seedHash, session.gameSessionId);
      this.#filed.set(session, this.#file(session, { playerSessionCount: session.currentPlayerSessionCount, rank }, INDEXED_ORDERS, 'in'));
    } else if (filed.playerSessionCount !== session.currentPlayerSessionCount) {
      this.#file(session, filed, ['playerSessionCount'], 'out');
      this.#filed.set(session, this.#file(session, { ...filed, playerSessionCount: session.currentPlayerSessionCount }, ['playerSessionCount'], 'in'));
    }
  }

  /** Puts a session's entries for `orders` into (or takes them out of) its fleet's and its location's trees. */
  #file(session: GameSession, filed: Filed, orders: readonly IndexedOrder[], way: 'in' | 'out'): Filed {
    for (const order of orders) {
      const key = keyOf(session, order, filed);
      for (const tree of this.#treesOf(session, order)) {
        if (way === 'in') tree.set(key, session);
        else tree.delete(key);
      }
    }
    return filed;
  }

  #treesOf(session: GameSession, order: IndexedOrder): BTree<OrderKey, GameSession>[] {
    const fleetId = session.fleet.fleetId;
    return [this.#tree(treeKey(fleetId, undefined, order)), this.#tree(treeKey(fleetId, session.location.location, order))];
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

function treeKey(fleetId: string, location: string | undefined, order: IndexedOrder): string {
  return `${fleetId}|${location ?? '*'}|${order}`;
}

/** A session's key in an indexed order, from what it is (or was) filed under. */
function keyOf(session: GameSession, order: IndexedOrder, filed: Filed): OrderKey {
  const value = order === 'creationTimeMillis' ? session.creationTimeMs : order === 'playerSessionCount' ? filed.playerSessionCount : filed.rank;
  return { missing: false, value, gameSessionId: session.gameSessionId };
}
