import { createRequire } from 'node:module';
import type * as sortedBtree from 'sorted-btree';
import type * as sortedBtreeBulkLoad from 'sorted-btree/extended/bulkLoad.js';
import { gameSessionArnPrefix } from '../../model/arn.ts';
import type { GameSession } from '../../model/entities.ts';
import type { GameSessionChange, World } from '../../model/world.ts';
import { operandText, type Operand, type Value } from './ast.ts';
import { operandValue } from './evaluate.ts';
import { sortKeys } from './key-sort.ts';
import { Scratch } from './scratch.ts';
import { compareOrderKeys, randomOrderSeed, randomRanker, type OrderKey } from './order.ts';

// sorted-btree is CommonJS with its class on `exports.default`; require() reads it the same under every loader.
const require = createRequire(import.meta.url);
const BTree: typeof sortedBtree.default.default = require('sorted-btree').default;
const { bulkLoad }: typeof sortedBtreeBulkLoad = require('sorted-btree/extended/bulkLoad');
type BTree<K, V> = InstanceType<typeof sortedBtree.default.default<K, V>>;
type Tree = BTree<OrderKey, GameSession>;

/**
 * Which ACTIVE sessions a tree holds: all of them, or only those with a free player slot — the ones a filter with
 * `hasAvailablePlayerSessions = true`, which AWS recommends for every search, can match.
 */
export type Population = 'all' | 'available';

/**
 * How many orders by a game property (`gameSessionProperties.<key> ASC|DESC`) a fleet keeps trees for. Property keys
 * are the caller's, so unlike the seven other orders they are not a fixed set: the trees of the property searched
 * least recently go when another is searched, and are built again if it is searched again.
 */
export const PROPERTY_ORDERS_KEPT_MAX = 8;

/** The B+ trees' node size: sorted-btree's default (32 entries a node). */
const NODE_SIZE = 32;

/** An order's two trees of one place (the fleet, or one of its locations): every ACTIVE session, and those with room. */
interface Trees {
  readonly all: Tree;
  readonly available: Tree;
}

/** One order's trees in one fleet, and how a session's key in it is made. */
interface Order {
  /** Where each filed session keeps its key in this order (Filed.keys). */
  readonly slot: number;
  /** The session's value in this order, undefined for none (SG-3: it then comes last). */
  readonly value: (session: GameSession) => Value | undefined;
  /**
   * The changes that can change an ACTIVE session's value: players (player counts), UpdateGameSession's attributes
   * (a name, a limit, properties), both (free slots), or none (creation time, id, random rank).
   */
  readonly movedBy: readonly GameSessionChange[];
  /** The trees of the whole fleet (under undefined) and of each of its locations. */
  readonly trees: Map<string | undefined, Trees>;
  /** Whether it sorts by a game property: one of the orders PROPERTY_ORDERS_KEPT_MAX bounds. */
  readonly byProperty: boolean;
  /** When the fleet last searched in this order (the fleet's search counter). */
  searched: number;
}

/** A fleet's built orders, and its ACTIVE sessions with the keys they are filed under. */
interface FleetSearch {
  /** By order name: an operand's text, or RANDOM_ORDER. */
  readonly orders: Map<string, Order>;
  readonly filed: Map<GameSession, Filed>;
  /** Where the random order places a session of this fleet, by GameSessionId (SG-3 [C]). */
  readonly randomRank: (gameSessionId: string) => number;
  /** Counts the fleet's searches, to find its least recently searched property order. */
  searches: number;
}

/** What an ACTIVE session is filed under, kept to find its entries again once the session has changed. */
interface Filed {
  /** Whether it was in the 'available' trees. */
  available: boolean;
  /** Its key in each built order, by the order's slot: the same object in every tree of that order. */
  readonly keys: OrderKey[];
}

/** The name of the random order (no SortExpression) among a fleet's orders; no operand's text is empty. */
const RANDOM_ORDER = '';

/** A key after every key with a value and before every key without one: ids are never empty. */
const FIRST_MISSING: OrderKey = { missing: true, value: null, gameSessionId: '' };

/**
 * The ACTIVE game sessions (SG-1) of the fleets searched, in B+ trees per (fleet, location or all, population, order),
 * for every order a search can ask (SG-3): each sort operand, and the random order. A search walks one tree from its
 * NextToken's position and stops once the page is full, so its cost follows the sessions it reads, not the fleet's
 * size.
 *
 * Orders nobody searches cost nothing: an order's trees in a fleet are built at the fleet's first search in that
 * order (one pass over the fleet's ACTIVE sessions, a sort, and a bulk load), then kept current through the world's
 * game session observer, which refiles a session only in the trees whose key or membership changed.
 */
export class SearchIndex {
  readonly #world: World;
  readonly #fleets = new Map<string, FleetSearch>();
  /** Where the run's random order starts its hashes (SG-3 [C]). */
  readonly #seedHash: number;
  /** The typed arrays builds work in, kept for the next build. */
  readonly #scratch = new Scratch();

  constructor(world: World) {
    this.#world = world;
    this.#seedHash = randomOrderSeed(world.engine.random.seed);
    world.observeGameSessions((session, change) => this.#refresh(session, change));
  }

  /**
   * The ACTIVE sessions of `fleetId` (in `location`, or all its locations) in `population`, in the order of `operand`
   * (the random order when undefined), descending if asked, from after `after` (from the start when undefined), each
   * with its key. Sessions without a value come last in both directions, by GameSessionId (SG-3). Lazy: a caller
   * that stops early pays only for what it read.
   */
  *walk(
    fleetId: string, location: string | undefined, population: Population, operand: Operand | undefined, descending: boolean,
    after: OrderKey | undefined,
  ): Generator<[OrderKey, GameSession]> {
    const tree = this.#order(fleetId, operand).trees.get(location)?.[population];
    if (tree === undefined || tree.size === 0) return;
    // The tree ascends, keys without a value last; descending lists its valued part backwards, then the rest forwards.
    let from = after;
    if (descending && after?.missing !== true) {
      yield* tree.entriesReversed(after ?? FIRST_MISSING, undefined, true);
      from = FIRST_MISSING;
    }
    for (const entry of tree.entries(from)) {
      if (from !== undefined && compareOrderKeys(entry[0], from) === 0) continue;
      yield entry;
    }
  }

  /** The fleet's trees in the order of `operand`, built if they are not yet. */
  #order(fleetId: string, operand: Operand | undefined): Order {
    const fleet = this.#fleet(fleetId);
    const name = operand === undefined ? RANDOM_ORDER : operandText(operand);
    const order = fleet.orders.get(name) ?? this.#build(fleet, name, operand);
    order.searched = ++fleet.searches;
    return order;
  }

  /**
   * A fleet's search state, made at its first search with one pass over the world's game sessions: from then on the
   * observer keeps its ACTIVE sessions filed.
   */
  #fleet(fleetId: string): FleetSearch {
    let fleet = this.#fleets.get(fleetId);
    if (fleet === undefined) {
      const randomRank = randomRanker(this.#seedHash, gameSessionArnPrefix(this.#world.config.homeRegion, fleetId));
      fleet = { orders: new Map(), filed: new Map(), randomRank, searches: 0 };
      for (const session of this.#world.gameSessions.values()) {
        if (session.fleet.fleetId === fleetId && session.status === 'ACTIVE') fleet.filed.set(session, { available: hasRoom(session), keys: [] });
      }
      this.#fleets.set(fleetId, fleet);
    }
    return fleet;
  }

  /**
   * Builds an order's trees from the fleet's ACTIVE sessions: their keys sorted once, then each tree loaded from its
   * share of them in bulk. A property order beyond PROPERTY_ORDERS_KEPT_MAX takes the place of the one searched least
   * recently.
   */
  #build(fleet: FleetSearch, name: string, operand: Operand | undefined): Order {
    let slot = fleet.orders.size;
    const byProperty = operand?.kind === 'property';
    if (byProperty) {
      let oldest: [string, Order] | undefined;
      let kept = 0;
      for (const entry of fleet.orders) {
        if (!entry[1].byProperty) continue;
        kept++;
        if (oldest === undefined || entry[1].searched < oldest[1].searched) oldest = entry;
      }
      if (kept >= PROPERTY_ORDERS_KEPT_MAX && oldest !== undefined) {
        fleet.orders.delete(oldest[0]);
        slot = oldest[1].slot;
      }
    }
    const order: Order = {
      slot,
      value: operand === undefined ? (session) => fleet.randomRank(session.gameSessionId) : (session) => operandValue(session, operand),
      movedBy: changesMoving(operand),
      trees: new Map(),
      byProperty,
      searched: 0,
    };
    // One pass over the sessions: each one's key, and the place whose trees it goes in besides the fleet's (numbered
    // from 1; 0 is the fleet), counted so that each load is made at its size.
    const count = fleet.filed.size;
    const keys = new Array<OrderKey>(count);
    const sessions = new Array<GameSession>(count);
    const available = this.#scratch.uint8('available', count);
    const places = this.#scratch.uint32('places', count);
    const placeNumbers = new Map<string, number>();
    const sizes = [{ all: count, available: 0 }];
    let i = 0;
    for (const [session, filed] of fleet.filed) {
      const key = keyOf(order, session);
      filed.keys[slot] = key;
      keys[i] = key;
      sessions[i] = session;
      const place = session.location.location;
      let number = placeNumbers.get(place);
      if (number === undefined) {
        placeNumbers.set(place, (number = sizes.length));
        sizes.push({ all: 0, available: 0 });
      }
      places[i] = number;
      sizes[number]!.all++;
      available[i] = filed.available ? 1 : 0;
      if (filed.available) {
        sizes[0]!.available++;
        sizes[number]!.available++;
      }
      i++;
    }
    const sorted = sortKeys(keys, this.#scratch);
    const loads = sizes.map((size) => ({ all: emptyLoad(size.all), available: emptyLoad(size.available) }));
    for (const i of sorted) {
      add(loads[0]!, keys[i]!, sessions[i]!, available[i] === 1);
      add(loads[places[i]!]!, keys[i]!, sessions[i]!, available[i] === 1);
    }
    const loaded = (load: Loads): Trees => ({ all: loadedTree(load.all), available: loadedTree(load.available) });
    order.trees.set(undefined, loaded(loads[0]!));
    for (const [place, number] of placeNumbers) order.trees.set(place, loaded(loads[number]!));
    fleet.orders.set(name, order);
    return order;
  }

  /**
   * Files a session that became ACTIVE in every built order of its fleet, refiles one whose key or free slots changed
   * in those orders alone, drops one that ended. A new player moves a session in the player-count trees alone, unless
   * it took the last free slot; a rename moves it in the name trees alone. Only the orders that `change` can move
   * compute the session's value again.
   */
  #refresh(session: GameSession, change: GameSessionChange): void {
    const fleet = this.#fleets.get(session.fleet.fleetId);
    if (fleet === undefined) return;
    const filed = fleet.filed.get(session);
    if (session.status !== 'ACTIVE') {
      if (filed === undefined) return;
      for (const order of fleet.orders.values()) edit(order, session, filed.keys[order.slot]!, filed.available, false);
      fleet.filed.delete(session);
      return;
    }
    const available = hasRoom(session);
    if (filed === undefined) {
      const now: Filed = { available, keys: [] };
      for (const order of fleet.orders.values()) {
        const key = keyOf(order, session);
        now.keys[order.slot] = key;
        edit(order, session, key, available, true);
      }
      fleet.filed.set(session, now);
      return;
    }
    const moved = filed.available !== available;
    for (const order of fleet.orders.values()) {
      const was = filed.keys[order.slot]!;
      const varies = order.movedBy.includes(change);
      const value = varies ? order.value(session) : undefined;
      if (varies && (value === undefined ? !was.missing : was.missing || was.value !== value)) {
        const key = keyWith(value, session);
        edit(order, session, was, filed.available, false);
        edit(order, session, key, available, true);
        filed.keys[order.slot] = key;
      } else if (moved) {
        editAvailable(order, session, was, available);
      }
    }
    filed.available = available;
  }
}

/** A tree's entries, sorted ascending, for a bulk load: arrays made at their size, `filled` of them so far. */
interface Load {
  readonly keys: OrderKey[];
  readonly values: GameSession[];
  filled: number;
}

/** The entries of one place's two trees. */
interface Loads {
  readonly all: Load;
  readonly available: Load;
}

/** A load of `size` entries, none filled yet: made at its size, so that a million entries are not grown into. */
function emptyLoad(size: number): Load {
  return { keys: new Array<OrderKey>(size), values: new Array<GameSession>(size), filled: 0 };
}

/** Appends a session's entry to a place's loads: to those of every session, and to those with room if it has. */
function add(loads: Loads, key: OrderKey, session: GameSession, available: boolean): void {
  fill(loads.all, key, session);
  if (available) fill(loads.available, key, session);
}

function fill(load: Load, key: OrderKey, session: GameSession): void {
  load.keys[load.filled] = key;
  load.values[load.filled] = session;
  load.filled++;
}

/**
 * While true, the trees' comparator takes keys in the order they are given: set only around the bulk load of keys
 * that sortKeys put in order (checked by its tests against compareOrderKeys). sorted-btree's bulkLoad checks the order
 * with the comparator the tree keeps, n - 1 comparisons, most of them of two long ids (their values tie): they cost as
 * much as the rest of the load. That check is all sorted-btree 2.1's bulkLoad uses the comparator for; the index's
 * test of built trees (valid, and finding every key they hold) would fail if a later version used it for more.
 */
let loadingInOrder = false;

/** The trees' comparator: compareOrderKeys, except during a load of keys already in order. */
function compareInTree(a: OrderKey, b: OrderKey): number {
  return loadingInOrder ? -1 : compareOrderKeys(a, b);
}

/** A tree of a load sorted by sortKeys. */
function loadedTree(load: Load): Tree {
  loadingInOrder = true;
  try {
    return bulkLoad(load.keys, load.values, NODE_SIZE, compareInTree);
  } finally {
    loadingInOrder = false;
  }
}

/** The changes that can move an ACTIVE session in the order of `operand` (the random order when undefined). */
function changesMoving(operand: Operand | undefined): readonly GameSessionChange[] {
  switch (operand?.kind) {
    case undefined:
      return [];
    case 'number':
      return operand.name === 'creationTimeMillis' ? [] : operand.name === 'maximumSessions' ? ['attributes'] : ['players'];
    case 'string':
      return operand.name === 'gameSessionId' ? [] : ['attributes'];
    case 'boolean':
      return ['players', 'attributes'];
    case 'property':
      return ['attributes'];
  }
}

function hasRoom(session: GameSession): boolean {
  return session.currentPlayerSessionCount < session.maximumPlayerSessionCount;
}

function keyOf(order: Order, session: GameSession): OrderKey {
  return keyWith(order.value(session), session);
}

function keyWith(value: Value | undefined, session: GameSession): OrderKey {
  return { missing: value === undefined, value: value ?? null, gameSessionId: session.gameSessionId };
}

/** Puts a session's key into (or takes it out of) the trees of its fleet and of its location that it belongs in. */
function edit(order: Order, session: GameSession, key: OrderKey, available: boolean, into: boolean): void {
  const ofFleet = treesOf(order, undefined);
  const ofLocation = treesOf(order, session.location.location);
  put(ofFleet.all, key, session, into);
  put(ofLocation.all, key, session, into);
  if (available) editAvailable(order, session, key, into);
}

/** Puts a session's key into the 'available' trees of its fleet and of its location, or takes it out. */
function editAvailable(order: Order, session: GameSession, key: OrderKey, into: boolean): void {
  put(treesOf(order, undefined).available, key, session, into);
  put(treesOf(order, session.location.location).available, key, session, into);
}

function put(tree: Tree, key: OrderKey, session: GameSession, into: boolean): void {
  if (into) tree.set(key, session);
  else tree.delete(key);
}

/** The trees of an order over the fleet (place undefined) or one of its locations, made empty on first use. */
function treesOf(order: Order, place: string | undefined): Trees {
  let trees = order.trees.get(place);
  if (trees === undefined) {
    trees = { all: new BTree(undefined, compareInTree, NODE_SIZE), available: new BTree(undefined, compareInTree, NODE_SIZE) };
    order.trees.set(place, trees);
  }
  return trees;
}
