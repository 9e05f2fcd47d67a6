import fc from 'fast-check';
import {
  SearchGameSessionsCommand,
  paginateSearchGameSessions,
  type GameSession as SdkGameSession,
  type SearchGameSessionsInput,
} from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { SEARCH_PAGE_SIZE_MAX } from '../../../src/api/ops/search-game-sessions.ts';
import type { Simulation } from '../../../src/api/simulation.ts';
import { gameLiftClientFor } from '../../../src/wire/client.ts';
import {
  HOME,
  REMOTE,
  applyAction,
  coreAction,
  coreActions,
  coreWorld,
  listGameSessions,
  type CoreAction,
  type CoreWorld,
} from '../../support/core-arbitraries.ts';
import { expectRefusedUnchanged } from '../../support/fixtures.ts';
import {
  NAMES,
  PROPERTY_KEYS,
  PROPERTY_VALUES,
  filterArb,
  noiseFrom,
  printFilter,
  printSort,
  referenceCompareKeys,
  referenceKey,
  referenceMatches,
  referenceSort,
  sortArb,
  type ReferenceKey,
} from '../../support/search-arbitraries.ts';
import { BOOLEAN_OPERAND, NUMBER_OPERANDS, STRING_OPERANDS, type Filter, type Operand, type Sort } from '../../../src/api/search/ast.ts';

/** One game session a search world makes: where, with what, and what becomes of it. */
interface SessionSpec {
  readonly location: number;
  readonly name: number | undefined;
  readonly properties: readonly (readonly [number, number])[];
  readonly maxPlayers: number;
  readonly players: number;
  readonly fate: 'active' | 'terminated' | 'activating';
  readonly gapSeconds: number;
}

const sessionSpecArb: fc.Arbitrary<SessionSpec> = fc.record({
  location: fc.nat({ max: 1 }),
  name: fc.option(fc.nat({ max: NAMES.length - 1 }), { nil: undefined }),
  properties: fc.uniqueArray(fc.tuple(fc.nat({ max: PROPERTY_KEYS.length - 1 }), fc.nat({ max: PROPERTY_VALUES.length - 1 })), { maxLength: 3, selector: ([k]) => k }),
  maxPlayers: fc.integer({ min: 0, max: 8 }),
  players: fc.integer({ min: 0, max: 8 }),
  fate: fc.constantFrom('active', 'active', 'active', 'terminated', 'activating'),
  gapSeconds: fc.constantFrom(0, 0, 1, 2),
});

/**
 * A fleet in HOME and REMOTE whose game sessions have names, game properties, limits and players as `specs` say,
 * some ended and some still ACTIVATING, then changed further by random core actions (players joining and timing
 * out, limits updated, sessions ending), so that the search index has followed every kind of change.
 */
function searchWorld(seed: number, specs: readonly SessionSpec[], churn: Parameters<typeof applyAction>[1][] = []): CoreWorld {
  const w = coreWorld(seed, { processesPerInstance: 12, desiredInstances: 2 });
  const { sim } = w;
  const create = (spec: SessionSpec) => sim.call('CreateGameSession', {
    FleetId: w.fleetId, Location: w.locations[spec.location], MaximumPlayerSessionCount: spec.maxPlayers,
    Name: spec.name === undefined ? undefined : NAMES[spec.name],
    GameProperties: spec.properties.map(([k, v]) => ({ Key: PROPERTY_KEYS[k]!, Value: PROPERTY_VALUES[v]! })),
  }).GameSession!.GameSessionId!;
  const made = specs.filter((s) => s.fate !== 'activating').map((spec) => {
    const id = create(spec);
    sim.advanceBy(spec.gapSeconds);
    return [spec, id] as const;
  });
  sim.advanceBy(3);
  for (const [spec, id] of made) {
    const count = Math.min(spec.players, spec.maxPlayers);
    if (count > 0) sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds: Array.from({ length: count }, () => `player-${w.playersMade++}`) });
    if (spec.fate === 'terminated') sim.call('TerminateGameSession', { GameSessionId: id, TerminationMode: 'FORCE_TERMINATE' });
  }
  for (const action of churn) applyAction(w, action);
  for (const spec of specs.filter((s) => s.fate === 'activating')) create(spec);
  return w;
}

/** Follows SearchGameSessions' NextToken (from the input's, if any) to the end, checking that no page holds more than 20 sessions. */
function searchAll(sim: Simulation, input: SearchGameSessionsInput): { items: SdkGameSession[]; pages: number } {
  const items: SdkGameSession[] = [];
  let NextToken = input.NextToken;
  for (let pages = 1; pages < 1_000; pages++) {
    const out = sim.call('SearchGameSessions', { ...input, NextToken });
    expect(out.GameSessions!.length).toBeLessThanOrEqual(Math.min(input.Limit ?? SEARCH_PAGE_SIZE_MAX, SEARCH_PAGE_SIZE_MAX));
    items.push(...out.GameSessions!);
    NextToken = out.NextToken;
    if (NextToken === undefined) return { items, pages };
    expect(out.GameSessions!.length).toBeGreaterThan(0);
  }
  throw new Error('SearchGameSessions never stopped returning a NextToken');
}

const ids = (sessions: readonly SdkGameSession[]) => sessions.map((s) => s.GameSessionId!);

describe('SearchGameSessions: results against a plain reference over DescribeGameSessions', () => {
  it('SG-2: any filter (a random tree, printed, parsed back by the service), any sort, any location and page size finds exactly the ACTIVE sessions the reference finds, in the reference order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.array(sessionSpecArb, { minLength: 1, maxLength: 24 }),
        coreActions({ players: true, faults: false }, 8),
        fc.integer(),
        fc.nat(),
        (seed, specs, churn, noise, picks) => {
          const w = searchWorld(seed, specs, churn);
          const { sim } = w;
          const all = listGameSessions(sim, { FleetId: w.fleetId }).items;
          const times = all.map((s) => s.CreationTime!.getTime());
          fc.pre(all.length > 0);
          // Several searches per world, as a world costs more to build than a search: filters drawn from the run's
          // `picks`, and each printed into the failure message, so that a failure names the expression.
          const filters = fc.sample(fc.option(filterArb(ids(all), times), { nil: undefined, freq: 6 }), { seed: picks, numRuns: 8 });
          const sorts = fc.sample(fc.option(sortArb, { nil: undefined }), { seed: picks + 1, numRuns: 8 });
          filters.forEach((filter, i) => {
            const sort = sorts[i];
            const location = [undefined, HOME, REMOTE][(picks + i) % 3];
            const limit = [undefined, 1, 3, 7, 20, 50][(picks + i) % 6];
            const FilterExpression = filter === undefined ? undefined : printFilter(filter, noiseFrom(noise + i));
            const SortExpression = sort === undefined ? undefined : printSort(sort);
            if (FilterExpression !== undefined && FilterExpression.length > 1024) {
              // A tree printed past the service's limit is refused as GameLift refuses it, and changes nothing.
              const state = sim.stateHash();
              expect(() => sim.call('SearchGameSessions', { FleetId: w.fleetId, FilterExpression })).toThrow(/FilterExpression must be 1–1024 characters long/);
              expect(sim.stateHash()).toBe(state);
              return;
            }
            const found = searchAll(sim, {
              ...((picks + i) % 2 === 0 ? { FleetId: w.fleetId } : { AliasId: w.aliasId }), Location: location, Limit: limit,
              FilterExpression, SortExpression,
            }).items;
            const active = listGameSessions(sim, { FleetId: w.fleetId, StatusFilter: 'ACTIVE', Location: location }).items;
            const expected = filter === undefined ? active : active.filter((s) => referenceMatches(s, filter));
            const what = `${FilterExpression} / ${SortExpression} / ${location}`;
            if (sort === undefined) {
              expect(new Set(ids(found)).size, what).toBe(found.length);
              expect([...ids(found)].sort(), what).toEqual([...ids(expected)].sort());
            } else {
              expect(ids(found), what).toEqual(ids(referenceSort(expected, sort)));
            }
            expect(found).toEqual(found.map((s) => sim.call('DescribeGameSessions', { GameSessionId: s.GameSessionId }).GameSessions![0]));
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('SearchGameSessions: where it searches (SG-1)', () => {
  const specs: SessionSpec[] = [
    { location: 0, name: 0, properties: [], maxPlayers: 4, players: 0, fate: 'active', gapSeconds: 1 },
    { location: 1, name: 1, properties: [], maxPlayers: 4, players: 4, fate: 'active', gapSeconds: 1 },
    { location: 0, name: 2, properties: [], maxPlayers: 4, players: 0, fate: 'terminated', gapSeconds: 1 },
    { location: 1, name: 3, properties: [], maxPlayers: 4, players: 0, fate: 'activating', gapSeconds: 1 },
  ];

  it('SG-1: only ACTIVE game sessions are found: not ACTIVATING, TERMINATING, TERMINATED or ERROR ones', () => {
    const w = searchWorld(11, specs);
    const { sim } = w;
    const terminating = sim.call('CreateGameSession', { FleetId: w.fleetId, MaximumPlayerSessionCount: 2 }).GameSession!.GameSessionId!;
    sim.advanceBy(3);
    sim.call('TerminateGameSession', { GameSessionId: terminating, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' });
    const error = sim.call('CreateGameSession', { FleetId: w.fleetId, MaximumPlayerSessionCount: 2 }).GameSession!.GameSessionId!;
    sim.crashGameSessionProcess(error);
    sim.call('CreateGameSession', { FleetId: w.fleetId, MaximumPlayerSessionCount: 2, Name: 'still activating' });
    const statuses = listGameSessions(sim, { FleetId: w.fleetId }).items.map((s) => s.Status).sort();
    expect(statuses).toEqual(['ACTIVATING', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ERROR', 'TERMINATED', 'TERMINATING']);
    const found = searchAll(sim, { FleetId: w.fleetId }).items;
    expect(found.map((s) => [s.Name, s.Status]).sort()).toEqual([[NAMES[0], 'ACTIVE'], [NAMES[1], 'ACTIVE'], [NAMES[3], 'ACTIVE']].sort());
  });

  it('SG-1: exactly one of FleetId and AliasId, each by ID or ARN; Location narrows to the home Region or a remote location, with DG-4\'s errors', () => {
    const w = searchWorld(12, specs);
    const { sim } = w;
    const aliasArn = sim.call('DescribeAlias', { AliasId: w.aliasId }).Alias!.AliasArn!;
    const everyWay = [{ FleetId: w.fleetId }, { FleetId: w.fleetArn }, { AliasId: w.aliasId }, { AliasId: aliasArn }]
      .map((input) => ids(searchAll(sim, { ...input, SortExpression: 'creationTimeMillis ASC' }).items));
    expect(everyWay[0]).toHaveLength(2);
    for (const found of everyWay) expect(found).toEqual(everyWay[0]);
    expect(searchAll(sim, { FleetId: w.fleetId, Location: HOME }).items.map((s) => s.Location)).toEqual([HOME]);
    expect(searchAll(sim, { AliasId: w.aliasId, Location: REMOTE }).items.map((s) => s.Location)).toEqual([REMOTE]);

    const none = expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('SearchGameSessions', {}));
    expect(none).toContain('FleetId, AliasId');
    const both = expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('SearchGameSessions', { FleetId: w.fleetId, AliasId: w.aliasId }));
    expect(both).toContain('FleetId and AliasId');
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('SearchGameSessions', { FleetId: 'fleet-00000000-0000-4000-8000-000000000000' }));
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('SearchGameSessions', { AliasId: 'alias-00000000-0000-4000-8000-000000000000' }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('SearchGameSessions', { FleetId: 'not a fleet' }));
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('SearchGameSessions', { FleetId: w.fleetId, Location: 'eu-west-1' }));
    expectRefusedUnchanged(sim, 'UnsupportedRegionException', () => sim.call('SearchGameSessions', { FleetId: w.fleetId, Location: 'moon-base-1' }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('SearchGameSessions', { FleetId: w.fleetId, Location: 'us west' }));
  });

  it('SG-1: a TERMINAL alias is TerminalRoutingStrategyException carrying its message, and changes nothing', () => {
    const w = searchWorld(13, specs);
    const { sim } = w;
    const terminal = sim.call('CreateAlias', { Name: 'closed', RoutingStrategy: { Type: 'TERMINAL', Message: 'season over' } }).Alias!;
    for (const AliasId of [terminal.AliasId!, terminal.AliasArn!]) {
      const message = expectRefusedUnchanged(sim, 'TerminalRoutingStrategyException', () => sim.call('SearchGameSessions', { AliasId, FilterExpression: 'playerSessionCount >= 0' }));
      expect(message).toBe('season over');
    }
  });
});

describe('SearchGameSessions: expressions refused (SG-2, SG-3)', () => {
  it('SG-2: a malformed FilterExpression is InvalidRequestException naming the member, the position and the expression, and changes nothing', () => {
    const w = searchWorld(21, [{ location: 0, name: 0, properties: [], maxPlayers: 4, players: 0, fate: 'active', gapSeconds: 0 }]);
    const { sim } = w;
    const refused = (input: Partial<SearchGameSessionsInput>) =>
      expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('SearchGameSessions', { FleetId: w.fleetId, ...input }));
    const bad = "hasAvailablePlayerSessions = true AND gameSessionName > 'x'";
    const message = refused({ FilterExpression: bad });
    expect(message).toContain('FilterExpression');
    expect(message).toContain('character 55');
    expect(message).toContain('(at "> \'x\'")');
    expect(message).toContain('SG-2');
    expect(message).toContain(bad);
    expect(refused({ FilterExpression: "gameSessionName = 'x' AND" })).toContain('character 26 (at its end)');
    // Bounded: the member's length (1–1024) first, then the nesting; the message quotes a bounded part of the text.
    expect(refused({ FilterExpression: '' })).toContain('1–1024');
    expect(refused({ FilterExpression: `${'('.repeat(1000)}${' '.repeat(25)}` })).toContain('1–1024');
    const deep = refused({ FilterExpression: '('.repeat(1024) });
    expect(deep).toContain('nest deeper than 32');
    expect(deep.length).toBeLessThan(400);
    expect(refused({ SortExpression: 'playerSessionCount' })).toMatch(/SortExpression is malformed at character 19 \(at its end\): expected ASC or DESC.*SG-3/);
    expect(refused({ SortExpression: 'gameSessionProperties.mode sideways' })).toContain('character 28');
  });
});

describe('SearchGameSessions: order (SG-3)', () => {
  it('SG-3: sessions without a value for the sort operand come last, in ASC and in DESC', () => {
    const specs: SessionSpec[] = [
      { location: 0, name: 4, properties: [[0, 1]], maxPlayers: 4, players: 0, fate: 'active', gapSeconds: 1 },
      { location: 0, name: undefined, properties: [], maxPlayers: 4, players: 0, fate: 'active', gapSeconds: 1 },
      { location: 0, name: 0, properties: [[0, 0]], maxPlayers: 4, players: 0, fate: 'active', gapSeconds: 1 },
    ];
    const w = searchWorld(31, specs);
    const names = (SortExpression: string) => searchAll(w.sim, { FleetId: w.fleetId, SortExpression }).items.map((s) => s.Name ?? null);
    expect(names('gameSessionName ASC')).toEqual(['alpha', 'gamma', null]);
    expect(names('gameSessionName DESC')).toEqual(['gamma', 'alpha', null]);
    expect(names('gameSessionProperties.mode ASC')).toEqual(['alpha', 'gamma', null]);
    expect(names('gameSessionProperties.mode DESC')).toEqual(['gamma', 'alpha', null]);
    expect(names('creationTimeMillis DESC')).toEqual(['alpha', null, 'gamma']);
  });

  it('SG-3: without a SortExpression the order is drawn from the seed: a replay lists the same order and tokens, another seed another order', () => {
    const specs = fc.sample(sessionSpecArb.map((s) => ({ ...s, fate: 'active' as const })), { seed: 7, numRuns: 24 });
    const listing = (seed: number) => {
      const w = searchWorld(seed, specs);
      const pages: string[][] = [];
      const tokens: (string | undefined)[] = [];
      let NextToken: string | undefined;
      do {
        const out = w.sim.call('SearchGameSessions', { FleetId: w.fleetId, Limit: 5, NextToken });
        pages.push(out.GameSessions!.map((s) => s.GameSessionId!.split('/').at(-1)!));
        tokens.push(NextToken = out.NextToken);
      } while (NextToken !== undefined);
      return { pages, tokens, byCreation: listGameSessions(w.sim, { FleetId: w.fleetId }).items.map((s) => s.GameSessionId!.split('/').at(-1)!) };
    };
    const first = listing(41);
    const replay = listing(41);
    expect(replay).toEqual(first);
    expect(first.pages.flat()).toHaveLength(24);
    expect(new Set(first.pages.flat()).size).toBe(24);
    expect(first.pages.flat()).not.toEqual(first.byCreation);
    // Same sessions (ids are drawn from the seed too, so compare by position in creation order) in another order.
    const other = listing(42);
    const rank = (l: typeof first) => l.pages.flat().map((id) => l.byCreation.indexOf(id));
    expect(rank(other)).not.toEqual(rank(first));
  });
});

/**
 * A change between two pages: a core action (sessions made, ended, crashed, filled, limits updated, time passing), a
 * rename, a game property set, or a limit that fills a session or frees it (`room` slots above its players), each of
 * these three on an ACTIVE session picked by `pick`.
 */
type Change =
  | CoreAction
  | { readonly kind: 'rename'; readonly pick: number; readonly name: number }
  | { readonly kind: 'limit'; readonly pick: number; readonly room: number }
  | { readonly kind: 'property'; readonly pick: number; readonly key: number; readonly value: number };

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  { weight: 3, arbitrary: coreAction({ players: true, faults: true }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), name: fc.nat({ max: NAMES.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('limit' as const), pick: fc.nat(), room: fc.nat({ max: 2 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('property' as const), pick: fc.nat(), key: fc.nat({ max: PROPERTY_KEYS.length - 1 }), value: fc.nat({ max: PROPERTY_VALUES.length - 1 }),
    }),
  },
);

function applyChange(w: CoreWorld, change: Change): void {
  if (change.kind !== 'rename' && change.kind !== 'property' && change.kind !== 'limit') {
    applyAction(w, change);
    return;
  }
  const active = listGameSessions(w.sim, { FleetId: w.fleetId, StatusFilter: 'ACTIVE' }).items;
  if (active.length === 0) return;
  const session = active[change.pick % active.length]!;
  const GameSessionId = session.GameSessionId!;
  w.sim.call('UpdateGameSession', change.kind === 'rename'
    ? { GameSessionId, Name: NAMES[change.name] }
    : change.kind === 'limit'
      ? { GameSessionId, MaximumPlayerSessionCount: session.CurrentPlayerSessionCount! + change.room }
      : { GameSessionId, GameProperties: [{ Key: PROPERTY_KEYS[change.key]!, Value: PROPERTY_VALUES[change.value]! }] });
}

/** Every sort a search can ask: each operand (game properties by each test key and one no session has), ASC and DESC. */
const EVERY_OPERAND: readonly Operand[] = [
  ...NUMBER_OPERANDS.map((name) => ({ kind: 'number' as const, name })),
  ...STRING_OPERANDS.map((name) => ({ kind: 'string' as const, name })),
  { kind: 'boolean', name: BOOLEAN_OPERAND },
  ...[...PROPERTY_KEYS, 'absent'].map((key) => ({ kind: 'property' as const, key })),
];
const EVERY_SORT: readonly Sort[] = EVERY_OPERAND.flatMap((operand): Sort[] => [{ operand, order: 'ASC' }, { operand, order: 'DESC' }]);

describe('SearchGameSessions: every order walks an index (SG-3, SG-4)', () => {
  it('SG-3: every sort operand, ASC and DESC, with and without filters, pages as a cursor over the reference order, while sessions change between pages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.array(sessionSpecArb, { minLength: 4, maxLength: 20 }),
        fc.array(changeArb, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        (seed, specs, changes, picks) => {
          const w = searchWorld(seed, specs);
          const { sim } = w;
          const all = listGameSessions(sim, { FleetId: w.fleetId }).items;
          const random = fc.sample(filterArb(ids(all), all.map((s) => s.CreationTime!.getTime())), { seed: picks, numRuns: EVERY_SORT.length });
          const available: Filter = { kind: 'compare', operand: { kind: 'boolean', name: 'hasAvailablePlayerSessions' }, comparator: '=', value: true };
          let changed = 0;
          EVERY_SORT.forEach((sort, i) => {
            // No filter, the 'available' population alone or with more, and any filter, in turn over the sorts.
            const filter = [undefined, available, { kind: 'and' as const, operands: [available, random[i]!] }, random[i]!][(picks + i) % 4];
            const location = [undefined, HOME, REMOTE][(picks + i) % 3];
            const Limit = 1 + ((picks + i) % 4);
            const FilterExpression = filter === undefined ? undefined : printFilter(filter);
            // A tree printed past the service's 1024 characters is refused (the SG-2 property checks that): not here.
            if (FilterExpression !== undefined && FilterExpression.length > 1024) return;
            const query = { FleetId: w.fleetId, Location: location, Limit, FilterExpression, SortExpression: printSort(sort) };
            const what = `${query.SortExpression} / ${FilterExpression} / ${location}`;
            // The reference: the sessions ACTIVE now that match, in SG-3's order, after the last key listed (as it was
            // then); a session whose key changed since may thus be listed again or skipped, as with any cursor.
            let cursor: ReferenceKey | undefined;
            let NextToken: string | undefined;
            for (let page = 0; page < 500; page++) {
              const active = listGameSessions(sim, { FleetId: w.fleetId, StatusFilter: 'ACTIVE', Location: location }).items;
              const expected = referenceSort(active.filter((s) => filter === undefined || referenceMatches(s, filter)), sort)
                .filter((s) => cursor === undefined || referenceCompareKeys(referenceKey(s, sort.operand), cursor, sort.order) > 0);
              const out = sim.call('SearchGameSessions', { ...query, NextToken });
              expect(ids(out.GameSessions!), `${what}, page ${page}`).toEqual(ids(expected.slice(0, Limit)));
              expect(out.NextToken !== undefined, `${what}, page ${page}`).toBe(expected.length > Limit);
              NextToken = out.NextToken;
              if (NextToken === undefined) return;
              cursor = referenceKey(out.GameSessions!.at(-1)!, sort.operand);
              applyChange(w, changes[changed++ % changes.length]!);
            }
            throw new Error(`${what}: SearchGameSessions never stopped returning a NextToken`);
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('SearchGameSessions: pages (SG-4)', () => {
  const many = fc.sample(sessionSpecArb.map((s) => ({ ...s, fate: 'active' as const, players: 0 })), { seed: 9, numRuns: 45 });

  it('SG-4: a page holds at most 20 sessions, even if Limit is not set or is set higher; Limit below 1 is refused', () => {
    const w = searchWorld(51, many);
    const { sim } = w;
    for (const Limit of [undefined, 20, 21, 100, 1_000_000]) {
      const out = sim.call('SearchGameSessions', { FleetId: w.fleetId, Limit, SortExpression: 'creationTimeMillis ASC' });
      expect(out.GameSessions).toHaveLength(20);
      expect(out.NextToken).toBeDefined();
    }
    expect(sim.call('SearchGameSessions', { FleetId: w.fleetId, Limit: 3 }).GameSessions).toHaveLength(3);
    for (const Limit of [0, -1, 1.5]) {
      expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('SearchGameSessions', { FleetId: w.fleetId, Limit }))).toContain('Limit');
    }
  });

  it('SG-4: NextToken comes back exactly when more follow; a token not issued, altered, or issued for another query is refused and changes nothing', () => {
    const w = searchWorld(52, many);
    const { sim } = w;
    const query = { FleetId: w.fleetId, FilterExpression: 'maximumSessions >= 0', SortExpression: 'playerSessionCount DESC' };
    const { items, pages } = searchAll(sim, { ...query, Limit: 9 });
    expect(items).toHaveLength(45);
    expect(pages).toBe(5);
    const exact = searchAll(sim, { ...query, Limit: 15 });
    expect(exact.pages).toBe(3);
    const token = sim.call('SearchGameSessions', { ...query, Limit: 9 }).NextToken!;
    expect(sim.call('SearchGameSessions', { ...query, Limit: 9, NextToken: token })).toEqual(sim.call('SearchGameSessions', { ...query, Limit: 9, NextToken: token }));
    const refused = (input: SearchGameSessionsInput) =>
      expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('SearchGameSessions', input));
    expect(refused({ ...query, NextToken: 'made-up' })).toContain('NextToken');
    expect(refused({ ...query, NextToken: `${token.slice(0, -2)}AA` })).toContain('NextToken');
    expect(refused({ ...query, SortExpression: 'playerSessionCount ASC', NextToken: token })).toContain('NextToken');
    expect(refused({ ...query, FilterExpression: 'maximumSessions >= 1', NextToken: token })).toContain('NextToken');
    expect(refused({ ...query, Location: HOME, NextToken: token })).toContain('NextToken');
    const describeToken = sim.call('DescribeGameSessions', { FleetId: w.fleetId, Limit: 1 }).NextToken!;
    refused({ ...query, NextToken: describeToken });
  });

  it('SG-4: paging while sessions start, end and fill: every page is current, and a session that stayed ACTIVE with the same sort value is listed exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), coreActions({ players: true, faults: true }, 6), fc.constantFrom('creationTimeMillis ASC', 'playerSessionCount DESC', undefined), (seed, churn, SortExpression) => {
        const w = searchWorld(seed, many.slice(0, 30));
        const { sim } = w;
        const before = new Map(searchAll(sim, { FleetId: w.fleetId }).items.map((s) => [s.GameSessionId!, s.CurrentPlayerSessionCount]));
        const seen: string[] = [];
        let NextToken: string | undefined;
        let step = 0;
        do {
          const out = sim.call('SearchGameSessions', { FleetId: w.fleetId, SortExpression, Limit: 4, NextToken });
          for (const s of out.GameSessions!) {
            expect(sim.call('DescribeGameSessions', { GameSessionId: s.GameSessionId! }).GameSessions![0]).toEqual(s);
            expect(s.Status).toBe('ACTIVE');
          }
          seen.push(...ids(out.GameSessions!));
          NextToken = out.NextToken;
          if (step < churn.length) applyAction(w, churn[step++]!);
        } while (NextToken !== undefined);
        const after = new Map(searchAll(sim, { FleetId: w.fleetId }).items.map((s) => [s.GameSessionId!, s.CurrentPlayerSessionCount]));
        for (const [id, count] of before) {
          const steady = after.has(id) && (SortExpression !== 'playerSessionCount DESC' || after.get(id) === count);
          if (steady) expect(seen.filter((s) => s === id), id).toHaveLength(1);
        }
        if (SortExpression !== 'playerSessionCount DESC') expect(new Set(seen).size).toBe(seen.length);
      }),
      { numRuns: 25 },
    );
  });

  it('SG-4: the real SDK\'s SearchGameSessionsCommand and paginator read the same sessions', async () => {
    const w = searchWorld(53, many);
    const client = gameLiftClientFor(w.sim);
    const input = { FleetId: w.fleetId, FilterExpression: 'hasAvailablePlayerSessions = true', SortExpression: 'creationTimeMillis DESC' };
    const first = await client.send(new SearchGameSessionsCommand({ ...input, Limit: 50 }));
    expect(first.GameSessions).toHaveLength(20);
    const paged: string[] = [];
    // The paginator writes each NextToken into the input it is given: hand it a copy.
    for await (const page of paginateSearchGameSessions({ client, pageSize: 7 }, { ...input })) paged.push(...ids(page.GameSessions!));
    expect(paged).toEqual(ids(searchAll(w.sim, input).items));
    expect(paged.length).toBeGreaterThan(20);
  });
});

describe('SearchGameSessions: tokens stay within their bound (SG-4, DG-7)', () => {
  it('SG-4: sorting by names of up to 1024 characters pages to the end in order, and a session renamed or ended between pages makes others repeat, never go missing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'ü', '"', '\n', '\u{1F600}'), fc.integer({ min: 60, max: 1024 })), { minLength: 3, maxLength: 12 }),
        fc.constantFrom('ASC' as const, 'DESC' as const),
        fc.nat(),
        fc.constantFrom('rename', 'end', 'none'),
        (names, order, pick, change) => {
          const w = coreWorld(61, { processesPerInstance: 12, desiredInstances: 1 });
          const { sim } = w;
          // Long names that share long prefixes, so that a cut position cannot tell them apart by itself.
          const made = names.map(([c, n], i) => sim.call('CreateGameSession', {
            FleetId: w.fleetId, MaximumPlayerSessionCount: 2, Name: `${'x'.repeat(70)}${c.repeat(Math.ceil(n / c.length))}${i}`.slice(0, 1024),
          }).GameSession!);
          sim.advanceBy(3);
          const query = { FleetId: w.fleetId, SortExpression: `gameSessionName ${order}`, Limit: 2 };
          const expected = ids(referenceSort(made.map((s) => ({ ...s, Status: 'ACTIVE' })), { operand: { kind: 'string', name: 'gameSessionName' }, order }));
          expect(ids(searchAll(sim, query).items)).toEqual(expected);
          const first = sim.call('SearchGameSessions', query);
          expect(first.NextToken!.length).toBeLessThanOrEqual(1024);
          const changed = first.GameSessions!.at(-1)!.GameSessionId!;
          if (change === 'rename') sim.call('UpdateGameSession', { GameSessionId: changed, Name: `renamed ${pick}` });
          if (change === 'end') sim.call('TerminateGameSession', { GameSessionId: changed, TerminationMode: 'FORCE_TERMINATE' });
          const rest = ids(searchAll(sim, { ...query, NextToken: first.NextToken }).items);
          const shown = new Set([...ids(first.GameSessions!), ...rest]);
          for (const id of expected) if (id !== changed) expect(shown.has(id), id).toBe(true);
          if (change === 'none') expect(rest).toEqual(expected.slice(2));
        },
      ),
      { numRuns: 30 },
    );
  });
});
