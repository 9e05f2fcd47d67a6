import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Simulation } from '../../../src/api/simulation.ts';
import { PROPERTY_ORDERS_KEPT_MAX } from '../../../src/api/search/search-index.ts';
import { HOME, REMOTE, coreWorld, listGameSessions, type CoreWorld } from '../../support/core-arbitraries.ts';

/**
 * The search index's trees, watched from outside: sorted-btree's own `set` and `delete`, spied on its prototype, so
 * that the production code carries no hook. The search index's keys are the only ones with a `missing` member (the
 * model's session index keys by creation time and id).
 */
const BTree = createRequire(import.meta.url)('sorted-btree').default;

let sets: MockInstance;
let deletes: MockInstance;

beforeEach(() => {
  sets = vi.spyOn(BTree.prototype, 'set');
  deletes = vi.spyOn(BTree.prototype, 'delete');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The search index's tree edits since the last call: entries set, entries deleted. */
function edits(): { set: number; deleted: number } {
  const ours = (spy: MockInstance) => spy.mock.calls.filter(([key]) => typeof key === 'object' && key !== null && 'missing' in key).length;
  const counted = { set: ours(sets), deleted: ours(deletes) };
  sets.mockClear();
  deletes.mockClear();
  return counted;
}

/** A world with `count` ACTIVE game sessions in HOME, made 10 ms apart, each for 4 players, named s0, s1, …, with `properties`. */
function world(count: number, properties: (i: number) => { Key: string; Value: string }[] = () => []): { w: CoreWorld; ids: string[] } {
  const w = coreWorld(1, { processesPerInstance: 12, desiredInstances: 1 });
  const ids = Array.from({ length: count }, (_, i) => {
    const id = w.sim.call('CreateGameSession', {
      FleetId: w.fleetId, Location: HOME, MaximumPlayerSessionCount: 4, Name: `s${i}`, GameProperties: properties(i),
    }).GameSession!.GameSessionId!;
    w.sim.advanceBy(0.01);
    return id;
  });
  w.sim.advanceBy(3);
  return { w, ids };
}

function names(sim: Simulation, input: { FleetId: string; SortExpression?: string }): (string | undefined)[] {
  return sim.call('SearchGameSessions', input).GameSessions!.map((s) => s.Name);
}

function join(w: CoreWorld, GameSessionId: string, players: number): void {
  w.sim.call('CreatePlayerSessions', { GameSessionId, PlayerIds: Array.from({ length: players }, () => `player-${w.playersMade++}`) });
}

describe('SearchIndex: trees built when first searched, and kept current (SG-3)', () => {
  it('SG-3: an order\'s trees are built at the fleet\'s first search in that order; a change refiles a session only in the built orders whose key or population it changed', () => {
    const { w, ids } = world(4);
    const { sim } = w;
    const [a, b] = ids as [string, string];
    edits();
    // Nothing is searched yet: no tree exists, and no change files anything.
    sim.call('UpdateGameSession', { GameSessionId: a, Name: 'renamed before any search' });
    join(w, a, 1);
    expect(edits()).toEqual({ set: 0, deleted: 0 });

    // The first search by creation time builds that order alone, in bulk (no entry set one by one).
    expect(names(sim, { FleetId: w.fleetId, SortExpression: 'creationTimeMillis ASC' })).toEqual(['renamed before any search', 's1', 's2', 's3']);
    expect(edits()).toEqual({ set: 0, deleted: 0 });
    // A rename and a new player change no key of that order, and no other order is built.
    sim.call('UpdateGameSession', { GameSessionId: a, Name: 'a' });
    join(w, b, 1);
    expect(edits()).toEqual({ set: 0, deleted: 0 });

    // Now by name: a rename moves the session in the name order's four trees (fleet and HOME; all and available).
    expect(names(sim, { FleetId: w.fleetId, SortExpression: 'gameSessionName DESC' })).toEqual(['s3', 's2', 's1', 'a']);
    edits();
    sim.call('UpdateGameSession', { GameSessionId: a, Name: 'z' });
    expect(edits()).toEqual({ set: 4, deleted: 4 });
    expect(names(sim, { FleetId: w.fleetId, SortExpression: 'gameSessionName DESC' })).toEqual(['z', 's3', 's2', 's1']);
    // A player changes no built order's key while the session keeps a free slot; the last slot takes it out of the
    // 'available' trees (fleet and HOME) of both built orders, and out of nothing else.
    join(w, a, 1);
    expect(edits()).toEqual({ set: 0, deleted: 0 });
    join(w, a, 2);
    expect(edits()).toEqual({ set: 0, deleted: 4 });

    // By player count: from now on a player moves a session in that order's trees alone. s2 and s3 tie at none, and
    // come by GameSessionId, descending too.
    const tied = ids[2]! > ids[3]! ? ['s2', 's3'] : ['s3', 's2'];
    expect(names(sim, { FleetId: w.fleetId, SortExpression: 'playerSessionCount DESC' })).toEqual(['z', 's1', ...tied]);
    edits();
    join(w, b, 1);
    expect(edits()).toEqual({ set: 4, deleted: 4 });
    // A session that ends leaves every tree it is in: the full one the 'all' trees of the three orders.
    sim.call('TerminateGameSession', { GameSessionId: a, TerminationMode: 'FORCE_TERMINATE' });
    expect(edits()).toEqual({ set: 0, deleted: 6 });
    expect(names(sim, { FleetId: w.fleetId, SortExpression: 'playerSessionCount DESC' })).toEqual(['s1', ...tied]);
  });

  it(`SG-3: a fleet keeps the trees of at most ${PROPERTY_ORDERS_KEPT_MAX} orders by a game property: the one searched least recently goes, and is built again when searched`, () => {
    const keys = Array.from({ length: PROPERTY_ORDERS_KEPT_MAX + 1 }, (_, k) => `k${k}`);
    // Session i holds key k with the value (i + k) mod 3, so that each key orders the sessions differently.
    const { w, ids } = world(3, (i) => keys.map((Key, k) => ({ Key, Value: `${(i + k) % 3}` })));
    const { sim } = w;
    const byKey = (key: string) => names(sim, { FleetId: w.fleetId, SortExpression: `gameSessionProperties.${key} ASC` });
    const setProperty = (key: string, Value: string) => sim.call('UpdateGameSession', { GameSessionId: ids[0]!, GameProperties: [{ Key: key, Value }] });
    for (const key of keys) byKey(key);
    edits();
    // k0, searched least recently, went when k8 was built: a change of k0 files nothing; one of k8 moves s0 there.
    setProperty('k0', '9');
    expect(edits()).toEqual({ set: 0, deleted: 0 });
    setProperty('k8', '9');
    expect(edits()).toEqual({ set: 4, deleted: 4 });
    // Searched again, k0 is built again from the sessions as they are now, and k1 goes in its place.
    expect(byKey('k0')).toEqual(['s1', 's2', 's0']);
    edits();
    setProperty('k1', '9');
    expect(edits()).toEqual({ set: 0, deleted: 0 });
    setProperty('k0', '0');
    expect(edits()).toEqual({ set: 4, deleted: 4 });
    expect(byKey('k0')).toEqual(['s0', 's1', 's2']);
    expect(byKey('k1')).toEqual(['s2', 's1', 's0']);
  });

  it('SG-3: a built tree holds its population in compareOrderKeys\'s order, and finds its keys by compareOrderKeys from then on', () => {
    // Enough sessions for trees of more than one node (32 entries a node), in both locations, many of them tying on
    // the value (a mode of two values, player counts of 0 to 3), some without one (no mode).
    const w = coreWorld(1, { processesPerInstance: 50, desiredInstances: 2 });
    const { sim } = w;
    const ids = Array.from({ length: 90 }, (_, i) => sim.call('CreateGameSession', {
      FleetId: w.fleetId, Location: i % 3 === 0 ? REMOTE : HOME, MaximumPlayerSessionCount: 3, Name: `s${i % 7}`,
      GameProperties: i % 5 === 0 ? [] : [{ Key: 'mode', Value: i % 2 === 0 ? 'ranked' : 'casual' }],
    }).GameSession!.GameSessionId!);
    sim.advanceBy(3);
    ids.forEach((id, i) => i % 4 > 0 && join(w, id, i % 4));
    const walked = vi.spyOn(BTree.prototype, 'entries');
    const sorts = ['gameSessionName', 'gameSessionId', 'creationTimeMillis', 'playerSessionCount', 'maximumSessions', 'hasAvailablePlayerSessions', 'gameSessionProperties.mode'];
    const trees = new Set<unknown>();
    for (const SortExpression of [...sorts.map((operand) => `${operand} ASC`), undefined]) {
      for (const Location of [undefined, HOME, REMOTE]) {
        for (const FilterExpression of [undefined, 'hasAvailablePlayerSessions = true']) {
          sim.call('SearchGameSessions', { FleetId: w.fleetId, Location, FilterExpression, SortExpression, Limit: 1 });
          const tree = walked.mock.contexts.at(-1);
          trees.add(tree);
          const active = listGameSessions(sim, { FleetId: w.fleetId, StatusFilter: 'ACTIVE', Location }).items;
          const population = FilterExpression === undefined ? active : active.filter((s) => s.CurrentPlayerSessionCount! < s.MaximumPlayerSessionCount!);
          expect(tree.valuesArray().map((s: { gameSessionId: string }) => s.gameSessionId).sort(), `${SortExpression} / ${Location} / ${FilterExpression}`)
            .toEqual(population.map((s) => s.GameSessionId!).sort());
          // In order by the comparator it keeps, which finds every key it holds (a comparator left taking keys as
          // given would find none).
          tree.checkValid(true);
          expect(tree.keysArray().every((key: unknown) => tree.has(key))).toBe(true);
        }
      }
      // Sessions fill up between builds: the next order's 'available' trees must leave them out.
      if (SortExpression === 'gameSessionName ASC') ids.forEach((id, i) => i % 4 === 1 && join(w, id, 2));
    }
    // 8 orders, each with the fleet's and two locations' trees of all sessions and of those with room.
    expect(trees.size).toBe(8 * 3 * 2);
    expect([...trees].some((tree) => (tree as { height: number }).height > 0)).toBe(true);
  });
});
