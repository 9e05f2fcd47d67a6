import fc from 'fast-check';
import type { DescribeGameSessionsInput, GameSessionStatus } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { KNOWN_REGIONS } from '../../../src/model/regions.ts';
import {
  HOME,
  REMOTE,
  applyAction,
  attempt,
  byCreationThenId,
  chaosTimings,
  coreAction,
  coreActions,
  coreWorld,
  describeGameSession,
  gameSessionHistories,
  listGameSessions,
  refusalOf,
  type CoreAction,
  type CoreWorld,
} from '../../support/core-arbitraries.ts';
import { activeFleet, activeGameSession, errorOf, expectRefusedUnchanged, quickSimulation, settleFleets } from '../../support/fixtures.ts';

const STATUSES: readonly GameSessionStatus[] = ['ACTIVATING', 'ACTIVE', 'TERMINATING', 'TERMINATED', 'ERROR'];
const DAY_MS = 24 * 3600_000;

/** A world with sessions in every status: ACTIVATING, ACTIVE, TERMINATING, TERMINATED (home and remote), ERROR. */
function worldInEveryStatus(seed: number): CoreWorld & { byStatus: Record<GameSessionStatus, string> } {
  const w = coreWorld(seed, { processesPerInstance: 6 });
  const { sim, fleetId } = w;
  const create = (Location = HOME) => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 4, Location }).GameSession!.GameSessionId!;
  const terminated = create(REMOTE);
  const terminating = create();
  const active = create();
  sim.advanceBy(2);
  sim.call('TerminateGameSession', { GameSessionId: terminated, TerminationMode: 'FORCE_TERMINATE' });
  sim.call('TerminateGameSession', { GameSessionId: terminating, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' });
  const error = create();
  sim.crashGameSessionProcess(error);
  const activating = create(REMOTE);
  return { ...w, byStatus: { ACTIVATING: activating, ACTIVE: active, TERMINATING: terminating, TERMINATED: terminated, ERROR: error } };
}

describe('DescribeGameSessions: what is asked for', () => {
  it('DG-1: none, two or three of FleetId, GameSessionId and AliasId is InvalidRequestException naming them; exactly one is answered', () => {
    const w = worldInEveryStatus(1);
    const members = { FleetId: w.fleetId, GameSessionId: w.byStatus.ACTIVE, AliasId: w.aliasId };
    fc.assert(
      fc.property(fc.subarray(['FleetId', 'GameSessionId', 'AliasId'] as const), (chosen) => {
        const input = Object.fromEntries(chosen.map((m) => [m, members[m]]));
        if (chosen.length === 1) {
          expect(w.sim.call('DescribeGameSessions', input).GameSessions!.length).toBeGreaterThan(0);
          return;
        }
        const message = expectRefusedUnchanged(w.sim, 'InvalidRequestException', () => w.sim.call('DescribeGameSessions', input));
        for (const m of chosen.length === 0 ? ['FleetId', 'GameSessionId', 'AliasId'] : chosen) expect(message).toContain(m);
      }),
      { numRuns: 20 },
    );
  });

  it('DG-2: FleetId as an ID or as its ARN lists the same sessions; an unknown fleet, or an ARN of another account, is NotFoundException', () => {
    const w = worldInEveryStatus(2);
    const byId = listGameSessions(w.sim, { FleetId: w.fleetId }).items.map((s) => s.GameSessionId);
    const byArn = listGameSessions(w.sim, { FleetId: w.fleetArn }).items.map((s) => s.GameSessionId);
    expect(byId).toHaveLength(5);
    expect(byArn).toEqual(byId);
    const unknown = 'fleet-00000000-0000-4000-8000-000000000000';
    const message = expectRefusedUnchanged(w.sim, 'NotFoundException', () => w.sim.call('DescribeGameSessions', { FleetId: unknown }));
    expect(message).toContain('FleetId');
    expect(message).toContain(unknown);
    const otherAccount = w.fleetArn.replace(':123456789012:', ':999999999999:');
    expectRefusedUnchanged(w.sim, 'NotFoundException', () => w.sim.call('DescribeGameSessions', { FleetId: otherAccount }));
    expectRefusedUnchanged(w.sim, 'InvalidRequestException', () => w.sim.call('DescribeGameSessions', { FleetId: 'not a fleet' }));
  });

  it('DG-3: a SIMPLE alias (ID or ARN) reads its fleet; a TERMINAL one is TerminalRoutingStrategyException with the alias\'s message; an unknown one is NotFoundException', () => {
    const w = worldInEveryStatus(3);
    const { sim } = w;
    const byFleet = listGameSessions(sim, { FleetId: w.fleetId, Limit: 4 }).items.map((s) => s.GameSessionId);
    const aliasArn = sim.call('DescribeAlias', { AliasId: w.aliasId }).Alias!.AliasArn!;
    expect(listGameSessions(sim, { AliasId: w.aliasId, Limit: 4 }).items.map((s) => s.GameSessionId)).toEqual(byFleet);
    expect(listGameSessions(sim, { AliasId: aliasArn, Limit: 4 }).items.map((s) => s.GameSessionId)).toEqual(byFleet);

    const note = 'This game has moved: please update your client';
    const terminal = sim.call('CreateAlias', { Name: 'closed', RoutingStrategy: { Type: 'TERMINAL', Message: note } }).Alias!.AliasId!;
    expect(expectRefusedUnchanged(sim, 'TerminalRoutingStrategyException', () => sim.call('DescribeGameSessions', { AliasId: terminal }))).toBe(note);
    sim.call('UpdateAlias', { AliasId: w.aliasId, RoutingStrategy: { Type: 'TERMINAL', Message: 'down for maintenance' } });
    expect(expectRefusedUnchanged(sim, 'TerminalRoutingStrategyException', () => sim.call('DescribeGameSessions', { AliasId: aliasArn }))).toBe('down for maintenance');

    const unknown = 'alias-00000000-0000-4000-8000-000000000000';
    expect(expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeGameSessions', { AliasId: unknown }))).toContain(unknown);
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeGameSessions', { AliasId: aliasArn.replace(':123456789012:', ':999999999999:') }));
  });

  it('DG-4: Location narrows to one of the fleet\'s locations; a real location it lacks is NotFoundException, an unknown name UnsupportedRegionException, a malformed one InvalidRequestException', () => {
    const w = worldInEveryStatus(4);
    const { sim } = w;
    const known = [...KNOWN_REGIONS];
    const location = fc.oneof(
      fc.constantFrom(HOME, REMOTE),
      fc.constantFrom(...known),
      fc.stringMatching(/^custom-[a-z0-9-]{1,20}$/),
      fc.stringMatching(/^[A-Za-z0-9-]{1,64}$/),
      fc.string({ minLength: 0, maxLength: 70 }),
    );
    fc.assert(
      fc.property(location, fc.boolean(), (Location, byAlias) => {
        const input: DescribeGameSessionsInput = byAlias ? { AliasId: w.aliasId, Location } : { FleetId: w.fleetId, Location };
        const refusal = refusalOf(() => sim.call('DescribeGameSessions', input));
        if (!/^[A-Za-z0-9-]{1,64}$/.test(Location)) {
          expect(refusal?.name).toBe('InvalidRequestException');
        } else if (Location === HOME || Location === REMOTE) {
          expect(refusal).toBeUndefined();
          const listed = listGameSessions(sim, input).items;
          expect(listed.length).toBeGreaterThan(0);
          for (const s of listed) expect(s.Location).toBe(Location);
        } else if (KNOWN_REGIONS.has(Location) || Location.startsWith('custom-')) {
          expect(refusal?.name).toBe('NotFoundException');
          expect(refusal?.message).toContain(`"${Location}"`);
        } else {
          expect(refusal?.name).toBe('UnsupportedRegionException');
          expect(refusal?.message).toContain(`"${Location}"`);
        }
        if (refusal !== undefined) expectRefusedUnchanged(sim, refusal.name, () => sim.call('DescribeGameSessions', input));
      }),
      { numRuns: 150 },
    );
  });

  it('DG-5: StatusFilter keeps the sessions in that status; any other value is InvalidRequestException', () => {
    const w = worldInEveryStatus(5);
    const { sim } = w;
    for (const status of STATUSES) {
      expect(listGameSessions(sim, { FleetId: w.fleetId, StatusFilter: status }).items.map((s) => s.GameSessionId)).toEqual([w.byStatus[status]]);
    }
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('active', 'Active', 'ACTIVE ', 'COMPLETED', 'TIMEDOUT')), (StatusFilter) => {
        fc.pre(!(STATUSES as readonly string[]).includes(StatusFilter));
        const message = expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessions', { FleetId: w.fleetId, StatusFilter }));
        expect(message).toContain('StatusFilter');
      }),
      { numRuns: 50 },
    );
  });

  it('DG-8: GameSessionId returns that session in any status while retained; an unknown one is NotFoundException', () => {
    const w = worldInEveryStatus(8);
    const { sim } = w;
    for (const status of STATUSES) {
      const listed = sim.call('DescribeGameSessions', { GameSessionId: w.byStatus[status] }).GameSessions!;
      expect(listed.map((s) => [s.GameSessionId, s.Status])).toEqual([[w.byStatus[status], status]]);
    }
    const unknown = w.byStatus.ACTIVE.replace(/gsess-.*$/, 'gsess-00000000-0000-4000-8000-000000000000');
    expect(expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeGameSessions', { GameSessionId: unknown }))).toContain(unknown);
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessions', { GameSessionId: w.byStatus.ACTIVE, NextToken: 'abc' }));
  });

  it('DG-9: a TERMINATED session stays visible for 30 days after TerminationTime, then is NotFoundException and gone from listings', () => {
    const sim = quickSimulation(9);
    const fleetId = activeFleet(sim);
    const id = activeGameSession(sim, fleetId);
    sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'p' });
    sim.advanceBy(100);
    const terminatedMs = sim.nowMs;
    sim.call('TerminateGameSession', { GameSessionId: id, TerminationMode: 'FORCE_TERMINATE' });
    expect(describeGameSession(sim, id).TerminationTime!.getTime()).toBe(terminatedMs);
    sim.advanceTo(terminatedMs + 30 * DAY_MS - 1);
    expect(describeGameSession(sim, id).Status).toBe('TERMINATED');
    expect(listGameSessions(sim, { FleetId: fleetId }).items.map((s) => s.GameSessionId)).toEqual([id]);
    sim.advanceBy(0.001);
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeGameSessions', { GameSessionId: id }));
    expect(listGameSessions(sim, { FleetId: fleetId }).items).toEqual([]);
    expect(listGameSessions(sim, { FleetId: fleetId, StatusFilter: 'TERMINATED' }).items).toEqual([]);
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribePlayerSessions', { GameSessionId: id }));
    expect(sim.call('DescribePlayerSessions', { PlayerId: 'p' }).PlayerSessions).toEqual([]);
  });

  it('DG-9: a session gone after 30 days is gone from listings that began before, whatever their status filter', () => {
    const sim = quickSimulation(91);
    const fleetId = activeFleet(sim, { processesPerInstance: 4 });
    const ids = Array.from({ length: 3 }, () => activeGameSession(sim, fleetId));
    const listings = (['ACTIVE', undefined] as const).map((StatusFilter) => ({
      StatusFilter, token: sim.call('DescribeGameSessions', { FleetId: fleetId, StatusFilter, Limit: 1 }).NextToken, ended: false,
    }));
    for (const id of ids) sim.call('TerminateGameSession', { GameSessionId: id, TerminationMode: 'FORCE_TERMINATE' });
    // Each listing is kept open by asking again for its second page, as a slow reader might, until past retention.
    for (let elapsedS = 0; elapsedS <= 30 * 24 * 3600 + 6000; elapsedS += 3000) {
      sim.advanceBy(3000);
      for (const listing of listings.filter((l) => !l.ended)) {
        const page = sim.call('DescribeGameSessions', { FleetId: fleetId, StatusFilter: listing.StatusFilter, Limit: 1, NextToken: listing.token });
        for (const s of page.GameSessions!) expect(sim.world.gameSessions.has(s.GameSessionId!), `${listing.StatusFilter} listing returned a session gone for good`).toBe(true);
        listing.ended = page.NextToken === undefined;
      }
    }
    expect(sim.world.gameSessions.size).toBe(0);
    expect(listings.map((l) => l.ended)).toEqual([true, true]);
  });
});

/** A DG-6 query: which locations and statuses a listing reads, and how the fleet is named. */
interface QueryShape {
  readonly location: number;
  readonly status: GameSessionStatus | undefined;
  readonly by: 'id' | 'arn' | 'alias';
}

const queryShape: fc.Arbitrary<QueryShape> = fc.record({
  location: fc.constantFrom(0, 0, 1, 2),
  status: fc.constantFrom(undefined, undefined, 'ACTIVATING', 'ACTIVE', 'TERMINATING', 'TERMINATED', 'ERROR'),
  by: fc.constantFrom('id' as const, 'arn' as const, 'alias' as const),
});

/** One step of the DG-6 property: start a listing of one of the run's query shapes, read a listing's next page, or change the world. */
type PagingStep =
  | { readonly kind: 'start'; readonly shape: number; readonly limit: number }
  | { readonly kind: 'page'; readonly which: number }
  | { readonly kind: 'act'; readonly action: CoreAction };

const pagingStep: fc.Arbitrary<PagingStep> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('start' as const),
      shape: fc.nat({ max: 2 }),
      // Small pages as often as any, so that listings stay open while the world changes.
      limit: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 20 })),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('page' as const), which: fc.nat({ max: 10 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('act' as const), action: coreAction() }) },
);

interface OpenListing {
  readonly input: DescribeGameSessionsInput;
  readonly limit: number;
  readonly location: string | undefined;
  readonly status: GameSessionStatus | undefined;
  /** The ids that matched when paging began. */
  readonly atStart: string[];
  readonly got: string[];
  /** The last session served: where the next page resumes. */
  after: { creationTimeMs: number; gameSessionId: string } | undefined;
  token: string | undefined;
  done: boolean;
}

describe('DescribeGameSessions: paging', () => {
  it('DG-6: for any Limit and any interleaving of paging with creation, status changes and time, each page is the next Limit sessions that match now after the last one served, in (CreationTime, GameSessionId) order, with NextToken exactly when more match; following the tokens returns each session that matched throughout exactly once', () => {
    fc.assert(
      // A run uses one to three query shapes, so that its listings often read the same index at once.
      fc.property(fc.integer(), fc.array(queryShape, { minLength: 1, maxLength: 3 }), fc.array(pagingStep, { minLength: 1, maxLength: 60, size: 'max' }), (seed, shapes, steps) => {
        const w = coreWorld(seed, { processesPerInstance: 8, activationTimeoutSeconds: 4, timings: chaosTimings });
        const { sim } = w;
        const listings: OpenListing[] = [];
        /** The sessions that match a listing's filters now, in the listing's order. */
        const matchingNow = (listing: OpenListing) => [...sim.world.gameSessions.values()]
          .filter((s) => (listing.location === undefined || s.location.location === listing.location) && (listing.status === undefined || s.status === listing.status))
          .sort(byCreationThenId);

        const readPage = (listing: OpenListing): void => {
          const after = listing.after;
          const rest = matchingNow(listing).filter((s) => after === undefined || byCreationThenId(s, after) > 0);
          const out = sim.call('DescribeGameSessions', { ...listing.input, NextToken: listing.token });
          const page = out.GameSessions!;
          expect(page.map((s) => s.GameSessionId)).toEqual(rest.slice(0, listing.limit).map((s) => s.gameSessionId));
          expect(out.NextToken !== undefined).toBe(rest.length > listing.limit);
          // Every session on the page is as it is now, so it matches the filters now (a StatusFilter is never contradicted).
          for (const s of page) {
            expect(s.FleetId).toBe(w.fleetId);
            if (listing.location !== undefined) expect(s.Location).toBe(listing.location);
            if (listing.status !== undefined) expect(s.Status).toBe(listing.status);
            expect(s.Status).toBe(sim.world.gameSessions.get(s.GameSessionId!)!.status);
          }
          listing.got.push(...page.map((s) => s.GameSessionId!));
          const last = page.at(-1);
          if (last !== undefined) listing.after = { creationTimeMs: last.CreationTime!.getTime(), gameSessionId: last.GameSessionId! };
          listing.token = out.NextToken;
          listing.done = out.NextToken === undefined;
        };

        const start = (step: Extract<PagingStep, { kind: 'start' }>): void => {
          const shape = shapes[step.shape % shapes.length]!;
          const location = [undefined, HOME, REMOTE][shape.location];
          const ref = shape.by === 'id' ? { FleetId: w.fleetId } : shape.by === 'arn' ? { FleetId: w.fleetArn } : { AliasId: w.aliasId };
          const listing: OpenListing = {
            input: { ...ref, Location: location, StatusFilter: shape.status, Limit: step.limit },
            limit: step.limit, location, status: shape.status, atStart: [], got: [], after: undefined, token: undefined, done: false,
          };
          listing.atStart.push(...matchingNow(listing).map((s) => s.gameSessionId));
          listings.push(listing);
          readPage(listing);
        };

        for (const step of steps) {
          if (step.kind === 'start') start(step);
          else if (step.kind === 'act') applyAction(w, step.action);
          else {
            const open = listings.filter((l) => !l.done);
            if (open.length > 0) readPage(open[step.which % open.length]!);
          }
        }
        for (const listing of listings) {
          while (!listing.done) readPage(listing);
          // Statuses never repeat (GS-1) and locations never change, so matching at the start and at the end is
          // matching throughout.
          const atEnd = new Set(matchingNow(listing).map((s) => s.gameSessionId));
          const throughout = listing.atStart.filter((id) => atEnd.has(id));
          expect(new Set(listing.got).size).toBe(listing.got.length);
          for (const id of throughout) expect(listing.got).toContain(id);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('DG-6: a StatusFilter=ACTIVE listing never shows a session that is no longer ACTIVE: sessions that end between pages are left out, the others come once', () => {
    const sim = quickSimulation(63);
    const fleetId = activeFleet(sim, { processesPerInstance: 5 });
    const ids = Array.from({ length: 4 }, () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 }).GameSession!.GameSessionId!).sort();
    sim.advanceBy(10);
    const first = sim.call('DescribeGameSessions', { FleetId: fleetId, StatusFilter: 'ACTIVE', Limit: 1 });
    expect(first.GameSessions!.map((s) => s.GameSessionId)).toEqual([ids[0]]);
    sim.call('TerminateGameSession', { GameSessionId: ids[1]!, TerminationMode: 'FORCE_TERMINATE' });
    sim.call('TerminateGameSession', { GameSessionId: ids[2]!, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' });
    sim.advanceBy(10);
    const rest = sim.call('DescribeGameSessions', { FleetId: fleetId, StatusFilter: 'ACTIVE', Limit: 5, NextToken: first.NextToken });
    expect(rest.GameSessions!.map((s) => [s.GameSessionId, s.Status])).toEqual([[ids[3], 'ACTIVE']]);
    expect(rest.NextToken).toBeUndefined();
  });

  it('DG-6: a page without Limit holds up to 100 sessions, and the listing is in (CreationTime, GameSessionId) order', () => {
    const sim = quickSimulation(61);
    const fleetId = activeFleet(sim, { processesPerInstance: 50, desiredInstances: 3 });
    for (let i = 0; i < 130; i++) {
      sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 });
      if (i % 7 === 0) sim.advanceBy(0.5);
    }
    const first = sim.call('DescribeGameSessions', { FleetId: fleetId });
    expect(first.GameSessions).toHaveLength(100);
    expect(first.NextToken).toBeDefined();
    const all = listGameSessions(sim, { FleetId: fleetId }).items;
    expect(all).toHaveLength(130);
    const keys = all.map((s) => ({ creationTimeMs: s.CreationTime!.getTime(), gameSessionId: s.GameSessionId! }));
    expect([...keys].sort(byCreationThenId)).toEqual(keys);
  });

  it('DG-6: sending a NextToken again, as an SDK retry does, returns the same page and the same NextToken while nothing changed', () => {
    const w = worldInEveryStatus(62);
    const first = w.sim.call('DescribeGameSessions', { FleetId: w.fleetId, Limit: 2 });
    const again = () => w.sim.call('DescribeGameSessions', { FleetId: w.fleetId, Limit: 2, NextToken: first.NextToken });
    expect(again()).toEqual(again());
  });

  it('DG-7: a NextToken this service did not issue (made up, altered, or from a run with another seed) is InvalidRequestException and changes nothing', () => {
    const w = worldInEveryStatus(7);
    const { sim } = w;
    const open = sim.call('DescribeGameSessions', { FleetId: w.fleetId, Limit: 1 });
    const genuine = open.NextToken!;
    const altered = fc.tuple(fc.nat({ max: genuine.length - 1 }), fc.stringMatching(/^[A-Za-z0-9_.=-]$/))
      .map(([i, c]) => genuine.slice(0, i) + c + genuine.slice(i + 1));
    const forged = fc.oneof(fc.string({ minLength: 1, maxLength: 1024 }), fc.stringMatching(/^[0-9a-f]{32}$/), altered);
    fc.assert(
      fc.property(forged, (NextToken) => {
        fc.pre(NextToken !== genuine);
        const message = expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessions', { FleetId: w.fleetId, Limit: 1, NextToken }));
        expect(message).toContain('NextToken');
      }),
      { numRuns: 200 },
    );
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessions', { FleetId: w.fleetId, NextToken: '' }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessions', { FleetId: w.fleetId, NextToken: 'x'.repeat(1025) }));
    // The same world built from another seed has other ids; its fleet is reached by its own id, with a token of ours.
    const foreign = worldInEveryStatus(8);
    expectRefusedUnchanged(foreign.sim, 'InvalidRequestException', () => foreign.sim.call('DescribeGameSessions', { FleetId: foreign.fleetId, Limit: 1, NextToken: genuine }));
    // The genuine token still reads its page.
    expect(sim.call('DescribeGameSessions', { FleetId: w.fleetId, Limit: 1, NextToken: genuine }).GameSessions).toHaveLength(1);
  });

  it('DG-7: a NextToken issued for another query (other filter, fleet, location or operation) is InvalidRequestException', () => {
    const w = worldInEveryStatus(71);
    const { sim } = w;
    const other = activeFleet(sim);
    for (let i = 0; i < 2; i++) sim.call('CreateGameSession', { FleetId: other, MaximumPlayerSessionCount: 1 });
    for (let i = 0; i < 2; i++) sim.call('CreateGameSession', { FleetId: w.fleetId, MaximumPlayerSessionCount: 1 });
    sim.call('CreateFleet', {
      Name: 'third', BuildId: 'build-x', EC2InstanceType: 'c5.large',
      RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/x', ConcurrentExecutions: 1 }] },
    });
    const tokenFor = (input: Record<string, unknown>) => sim.call('DescribeGameSessions', { ...input, Limit: 1 } as DescribeGameSessionsInput).NextToken!;
    const tokens = {
      all: tokenFor({ FleetId: w.fleetId }),
      home: tokenFor({ FleetId: w.fleetId, Location: HOME }),
      active: tokenFor({ FleetId: w.fleetId, StatusFilter: 'ACTIVATING', Location: HOME }),
      other: tokenFor({ FleetId: other }),
      fleets: sim.call('DescribeFleetAttributes', { Limit: 1 }).NextToken!,
    };
    for (const token of Object.values(tokens)) expect(token).toBeDefined();
    const queries: [keyof typeof tokens, DescribeGameSessionsInput][] = [
      ['all', { FleetId: w.fleetId, StatusFilter: 'ACTIVE' }],
      ['all', { FleetId: other }],
      ['all', { FleetId: w.fleetId, Location: HOME }],
      ['home', { FleetId: w.fleetId, Location: REMOTE }],
      ['home', { FleetId: w.fleetId }],
      ['other', { FleetId: w.fleetId }],
      ['fleets', { FleetId: w.fleetId }],
    ];
    for (const [which, input] of queries) {
      const message = expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessions', { ...input, Limit: 1, NextToken: tokens[which] }));
      expect(message).toContain('NextToken must be used with the query it was issued for');
    }
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeFleetAttributes', { Limit: 1, NextToken: tokens.all }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribePlayerSessions', { PlayerId: 'p', Limit: 1, NextToken: tokens.all }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessionQueues', { Limit: 1, NextToken: tokens.fleets }));
    // The same query through the fleet's ARN or its alias is the same query.
    expect(errorOf(() => sim.call('DescribeGameSessions', { FleetId: w.fleetArn, Limit: 1, NextToken: tokens.all }))).toBeUndefined();
    expect(errorOf(() => sim.call('DescribeGameSessions', { AliasId: w.aliasId, Location: HOME, Limit: 1, NextToken: tokens.home }))).toBeUndefined();
  });

  it('DG-7: a NextToken carries its position, so it does not expire: it reads the page after its position however long it waited, also after its listing was read to the end', () => {
    const w = worldInEveryStatus(72);
    const { sim } = w;
    const listing = listGameSessions(sim, { FleetId: w.fleetId, Limit: 3 });
    expect(listing.pages.map((p) => p.size)).toEqual([3, 2]);
    const token = sim.call('DescribeGameSessions', { FleetId: w.fleetId, Limit: 3 }).NextToken!;
    const after = () => sim.call('DescribeGameSessions', { FleetId: w.fleetId, Limit: 3, NextToken: token }).GameSessions!.map((s) => s.GameSessionId);
    const rest = listing.items.slice(3).map((s) => s.GameSessionId);
    expect(after()).toEqual(rest);
    expect(after()).toEqual(rest);
    sim.advanceBy(7 * 24 * 3600);
    expect(after()).toEqual(rest);
  });
});

describe('DescribeGameSessionDetails', () => {
  it('DescribeGameSessionDetails: for any selection and Limit, under random operations, pages hold the same game sessions as DescribeGameSessions, each with its ProtectionPolicy', () => {
    const selection = fc.record({
      by: fc.constantFrom('FleetId', 'AliasId', 'GameSessionId'),
      location: fc.constantFrom(undefined, HOME, REMOTE),
      status: fc.constantFrom(undefined, ...STATUSES),
      limit: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(fc.integer(), coreActions({ players: true, faults: true }, 25), selection, fc.array(fc.nat(), { maxLength: 6 }), (seed, actions, sel, protect) => {
        const w = coreWorld(seed, { processesPerInstance: 4, timings: chaosTimings });
        const { sim } = w;
        for (const action of actions) applyAction(w, action);
        // Some sessions change their protection; UpdateGameSession takes only ACTIVATING and ACTIVE ones.
        const live = [...sim.world.gameSessions.values()].filter((g) => g.status === 'ACTIVE' || g.status === 'ACTIVATING');
        for (const n of protect) if (live.length > 0) sim.call('UpdateGameSession', { GameSessionId: live[n % live.length]!.gameSessionId, ProtectionPolicy: n % 2 === 0 ? 'FullProtection' : 'NoProtection' });
        const anyId = [...sim.world.gameSessions.keys()][0];
        if (sel.by === 'GameSessionId' && anyId === undefined) return;
        const ref = sel.by === 'FleetId' ? { FleetId: w.fleetId } : sel.by === 'AliasId' ? { AliasId: w.aliasId } : { GameSessionId: anyId };
        const input = { ...ref, Location: sel.location, StatusFilter: sel.status, Limit: sel.limit };
        let plainToken: string | undefined;
        let detailToken: string | undefined;
        do {
          const plain = sim.call('DescribeGameSessions', { ...input, NextToken: plainToken });
          const details = sim.call('DescribeGameSessionDetails', { ...input, NextToken: detailToken });
          expect(details.GameSessionDetails!.map((d) => d.GameSession)).toEqual(plain.GameSessions);
          for (const d of details.GameSessionDetails!) {
            expect(d.ProtectionPolicy).toBe(sim.world.gameSessions.get(d.GameSession!.GameSessionId!)!.protectionPolicy);
          }
          expect(details.NextToken === undefined).toBe(plain.NextToken === undefined);
          plainToken = plain.NextToken;
          detailToken = details.NextToken;
        } while (plainToken !== undefined);
      }),
      { numRuns: 40 },
    );
  });

  it('DescribeGameSessionDetails: a session starts with its fleet\'s NewGameSessionProtectionPolicy (NoProtection by default) and shows what UpdateGameSession sets', () => {
    const sim = quickSimulation(81);
    const plain = activeFleet(sim, { processesPerInstance: 4 });
    const guarded = sim.call('CreateFleet', {
      Name: 'guarded', BuildId: 'build-test', EC2InstanceType: 'c5.large', NewGameSessionProtectionPolicy: 'FullProtection',
      RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/local/game/server', ConcurrentExecutions: 2 }] },
    }).FleetAttributes!.FleetId!;
    settleFleets(sim);
    const a = activeGameSession(sim, plain);
    const b = activeGameSession(sim, guarded);
    const policy = (FleetId: string) => sim.call('DescribeGameSessionDetails', { FleetId }).GameSessionDetails!.map((d) => d.ProtectionPolicy);
    expect(policy(plain)).toEqual(['NoProtection']);
    expect(policy(guarded)).toEqual(['FullProtection']);
    sim.call('UpdateGameSession', { GameSessionId: a, ProtectionPolicy: 'FullProtection' });
    sim.call('UpdateGameSession', { GameSessionId: b, ProtectionPolicy: 'NoProtection' });
    expect(policy(plain)).toEqual(['FullProtection']);
    expect(policy(guarded)).toEqual(['NoProtection']);
    expect(sim.call('DescribeGameSessionDetails', { GameSessionId: a }).GameSessionDetails).toEqual([
      { GameSession: sim.call('DescribeGameSessions', { GameSessionId: a }).GameSessions![0], ProtectionPolicy: 'FullProtection' },
    ]);
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('UpdateGameSession', { GameSessionId: a, ProtectionPolicy: 'Partial' as never }));
  });

  it('DG-1, DG-7: DescribeGameSessionDetails refuses what DescribeGameSessions refuses, and its NextToken values are its own', () => {
    const w = worldInEveryStatus(82);
    const { sim } = w;
    for (const input of [{}, { FleetId: w.fleetId, AliasId: w.aliasId }, { FleetId: w.fleetId, StatusFilter: 'LIVE' }, { FleetId: w.fleetId, Limit: 0 }, { FleetId: w.fleetId, NextToken: 'forged' }]) {
      expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessionDetails', input as never));
    }
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeGameSessionDetails', { FleetId: 'fleet-00000000-0000-4000-8000-000000000000' }));
    const details = sim.call('DescribeGameSessionDetails', { FleetId: w.fleetId, Limit: 1 }).NextToken!;
    const sessions = sim.call('DescribeGameSessions', { FleetId: w.fleetId, Limit: 1 }).NextToken!;
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessions', { FleetId: w.fleetId, Limit: 1, NextToken: details }))).toContain('NextToken');
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessionDetails', { FleetId: w.fleetId, Limit: 1, NextToken: sessions }))).toContain('NextToken');
    expect(sim.call('DescribeGameSessionDetails', { FleetId: w.fleetId, Limit: 1, NextToken: details }).GameSessionDetails).toHaveLength(1);
  });
});

const ARN_ID = String.raw`gsess-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`;

describe('DG-10: what a game session shows', () => {
  it('DG-10: under random operations, every session shows its ARN (home vs remote), the fields its status allows, and its fleet\'s kind of DnsName', () => {
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), coreActions({ players: true }, 30), (seed, tls, actions) => {
        const w = coreWorld(seed, { tls, activationTimeoutSeconds: 3, timings: chaosTimings });
        for (const action of actions) applyAction(w, action);
        const histories = gameSessionHistories(w.sim);
        for (const s of listGameSessions(w.sim, { FleetId: w.fleetId, Limit: 20 }).items) {
          const where = s.Location === HOME ? w.fleetId : `${w.fleetId}/${s.Location}`;
          expect(s.GameSessionId).toMatch(new RegExp(`^arn:aws:gamelift:${HOME}::gamesession/${where}/${ARN_ID}$`));
          expect(s.FleetArn).toBe(w.fleetArn);
          expect([HOME, REMOTE]).toContain(s.Location);
          expect(s.CreationTime).toBeInstanceOf(Date);
          expect(s.TerminationTime !== undefined).toBe(s.Status === 'TERMINATED');
          if (s.Status === 'ACTIVATING' || s.Status === 'ACTIVE' || s.Status === 'ERROR') expect(s.StatusReason).toBeUndefined();
          const wasActive = histories.get(s.GameSessionId!)!.includes('ACTIVE');
          for (const field of [s.IpAddress, s.DnsName, s.Port]) expect(field !== undefined).toBe(wasActive);
          if (!wasActive) continue;
          if (tls) expect(s.DnsName).toMatch(new RegExp(`^[0-9a-f]+\\.${s.Location}\\.amazongamelift\\.com$`));
          else expect(s.DnsName).toBe(`ec2-${s.IpAddress!.replaceAll('.', '-')}.compute.amazonaws.com`);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('DG-10: a custom GameSessionId or IdempotencyToken is the last part of the ARN, after the remote location where there is one', () => {
    const w = coreWorld(101);
    const { sim, fleetId } = w;
    const custom = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1, GameSessionId: 'match-1' }).GameSession!;
    expect(custom.GameSessionId).toBe(`arn:aws:gamelift:${HOME}::gamesession/${fleetId}/match-1`);
    const remote = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1, IdempotencyToken: 'match-1', Location: REMOTE }).GameSession!;
    expect(remote.GameSessionId).toBe(`arn:aws:gamelift:${HOME}::gamesession/${fleetId}/${REMOTE}/match-1`);
    expectRefusedUnchanged(sim, 'IdempotentParameterMismatchException', () =>
      sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1, GameSessionId: 'match-1' }));
  });

  it('CreateGameSession: a repeated IdempotencyToken returns the original session as it is now, and creates nothing', () => {
    const w = coreWorld(103);
    const { sim, fleetId } = w;
    const first = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2, IdempotencyToken: 'req-7' }).GameSession!;
    sim.advanceBy(10);
    const sessions = sim.world.gameSessions.size;
    const again = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2, IdempotencyToken: 'req-7' }).GameSession!;
    expect(again.GameSessionId).toBe(first.GameSessionId);
    expect(first.Status).toBe('ACTIVATING');
    expect(again.Status).toBe('ACTIVE');
    expect(sim.world.gameSessions.size).toBe(sessions);
  });

  it('DG-10: field presence through one session\'s life: ACTIVATING, ACTIVE, TERMINATING, TERMINATED', () => {
    const w = coreWorld(102, { tls: true });
    const { sim, fleetId } = w;
    const created = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1, Location: REMOTE }).GameSession!;
    expect(created).toMatchObject({ Status: 'ACTIVATING', Location: REMOTE, FleetArn: w.fleetArn });
    for (const field of ['TerminationTime', 'StatusReason', 'IpAddress', 'DnsName', 'Port'] as const) expect(created[field]).toBeUndefined();
    sim.advanceBy(2);
    const active = describeGameSession(sim, created.GameSessionId!);
    expect(active.Status).toBe('ACTIVE');
    expect(active.IpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(active.DnsName).toMatch(new RegExp(`^[0-9a-f]{17}\\.${REMOTE}\\.amazongamelift\\.com$`));
    expect(active.Port).toBeGreaterThanOrEqual(1);
    expect(active.TerminationTime).toBeUndefined();
    const terminating = sim.call('TerminateGameSession', { GameSessionId: created.GameSessionId!, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' }).GameSession!;
    expect(terminating).toMatchObject({ Status: 'TERMINATING', StatusReason: 'TRIGGERED_ON_PROCESS_TERMINATE', DnsName: active.DnsName });
    expect(terminating.TerminationTime).toBeUndefined();
    sim.advanceBy(1);
    const terminated = describeGameSession(sim, created.GameSessionId!);
    expect(terminated).toMatchObject({ Status: 'TERMINATED', StatusReason: 'TRIGGERED_ON_PROCESS_TERMINATE', TerminationTime: new Date(sim.nowMs) });
  });
});

describe('TerminateGameSession, CreateGameSession, UpdateGameSession', () => {
  it('GS-4: TerminateGameSession cannot end an ERROR session (nor a TERMINATED one): InvalidGameSessionStatusException, nothing changes', () => {
    const w = worldInEveryStatus(41);
    const { sim } = w;
    fc.assert(
      fc.property(fc.constantFrom('ERROR' as const, 'TERMINATED' as const), fc.constantFrom('FORCE_TERMINATE' as const, 'TRIGGER_ON_PROCESS_TERMINATE' as const), (status, TerminationMode) => {
        const message = expectRefusedUnchanged(sim, 'InvalidGameSessionStatusException', () =>
          sim.call('TerminateGameSession', { GameSessionId: w.byStatus[status], TerminationMode }));
        expect(message).toContain(status);
      }),
      { numRuns: 10 },
    );
  });

  it('GS-4: a TERMINATING session is already ending: asking again changes nothing, forcing ends it now', () => {
    const w = worldInEveryStatus(42);
    const { sim } = w;
    const id = w.byStatus.TERMINATING;
    const before = sim.stateHash();
    expect(sim.call('TerminateGameSession', { GameSessionId: id, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' }).GameSession!.Status).toBe('TERMINATING');
    expect(sim.stateHash()).toBe(before);
    expect(sim.call('TerminateGameSession', { GameSessionId: id, TerminationMode: 'FORCE_TERMINATE' }).GameSession).toMatchObject({
      Status: 'TERMINATED', StatusReason: 'FORCE_TERMINATED',
    });
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('TerminateGameSession', { GameSessionId: w.byStatus.ACTIVE, TerminationMode: 'NOW' as never }));
  });

  it('CreateGameSession: a location that is not yet ACTIVE is InvalidFleetStatusException; one the fleet lacks is NotFoundException', () => {
    const sim = quickSimulation(43);
    const fleetId = activeFleet(sim);
    sim.call('CreateFleetLocations', { FleetId: fleetId, Locations: [{ Location: REMOTE }] });
    expectRefusedUnchanged(sim, 'InvalidFleetStatusException', () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1, Location: REMOTE }));
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1, Location: 'eu-west-1' }));
    expectRefusedUnchanged(sim, 'UnsupportedRegionException', () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1, Location: 'moon-1' }));
    sim.advanceBy(60);
    expect(sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1, Location: REMOTE }).GameSession!.Location).toBe(REMOTE);
  });

  it('CreateGameSession: through a SIMPLE alias it lands on the alias\'s fleet; a TERMINAL alias refuses with its message', () => {
    const w = coreWorld(44);
    const { sim } = w;
    expect(sim.call('CreateGameSession', { AliasId: w.aliasId, MaximumPlayerSessionCount: 3, Name: 'n', GameProperties: [{ Key: 'mode', Value: 'ctf' }] }).GameSession)
      .toMatchObject({ FleetId: w.fleetId, Name: 'n', MaximumPlayerSessionCount: 3, CurrentPlayerSessionCount: 0, GameProperties: [{ Key: 'mode', Value: 'ctf' }], PlayerSessionCreationPolicy: 'ACCEPT_ALL' });
    sim.call('UpdateAlias', { AliasId: w.aliasId, RoutingStrategy: { Type: 'TERMINAL', Message: 'gone' } });
    expect(expectRefusedUnchanged(sim, 'TerminalRoutingStrategyException', () => sim.call('CreateGameSession', { AliasId: w.aliasId, MaximumPlayerSessionCount: 3 }))).toBe('gone');
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('CreateGameSession', { AliasId: w.aliasId, FleetId: w.fleetId, MaximumPlayerSessionCount: 3 }));
  });

  it('UpdateGameSession: changes limits, policies, name and merges properties; refused for an ended session or a maximum below the current players', () => {
    const w = worldInEveryStatus(45);
    const { sim } = w;
    const id = w.byStatus.ACTIVE;
    sim.call('UpdateGameSession', { GameSessionId: id, GameProperties: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] });
    const updated = sim.call('UpdateGameSession', {
      GameSessionId: id, Name: 'renamed', MaximumPlayerSessionCount: 6, PlayerSessionCreationPolicy: 'DENY_ALL', ProtectionPolicy: 'FullProtection',
      GameProperties: [{ Key: 'b', Value: '3' }, { Key: 'c', Value: '4' }],
    }).GameSession!;
    expect(updated).toMatchObject({ Name: 'renamed', MaximumPlayerSessionCount: 6, PlayerSessionCreationPolicy: 'DENY_ALL' });
    expect(updated.GameProperties).toEqual([{ Key: 'a', Value: '1' }, { Key: 'b', Value: '3' }, { Key: 'c', Value: '4' }]);
    sim.call('UpdateGameSession', { GameSessionId: id, PlayerSessionCreationPolicy: 'ACCEPT_ALL' });
    sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds: ['a', 'b', 'c'] });
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('UpdateGameSession', { GameSessionId: id, MaximumPlayerSessionCount: 2 }))).toContain('MaximumPlayerSessionCount');
    for (const status of ['TERMINATED', 'ERROR', 'TERMINATING'] as const) {
      expectRefusedUnchanged(sim, 'InvalidGameSessionStatusException', () => sim.call('UpdateGameSession', { GameSessionId: w.byStatus[status], Name: 'x' }));
    }
    const many = Array.from({ length: 14 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('UpdateGameSession', { GameSessionId: id, GameProperties: many }));
  });

  it('PS-3: UpdateGameSession refuses a maximum below the players a placement will seat when its ACTIVATING session activates', () => {
    const sim = quickSimulation(3);
    const fleetId = activeFleet(sim, { processesPerInstance: 1 });
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }] });
    const DesiredPlayerSessions = ['a', 'b', 'c'].map((PlayerId) => ({ PlayerId }));
    sim.call('StartGameSessionPlacement', { PlacementId: 'p', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 4, DesiredPlayerSessions });
    sim.advanceBy(1);
    const id = sim.call('DescribeGameSessionPlacement', { PlacementId: 'p' }).GameSessionPlacement!.GameSessionId!;
    const message = expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('UpdateGameSession', { GameSessionId: id, MaximumPlayerSessionCount: 2 }));
    expect(message).toContain('3 current and placed players');
    sim.call('UpdateGameSession', { GameSessionId: id, MaximumPlayerSessionCount: 3 });
    sim.advanceBy(5);
    const placement = sim.call('DescribeGameSessionPlacement', { PlacementId: 'p' }).GameSessionPlacement!;
    expect(placement.Status).toBe('FULFILLED');
    expect(placement.PlacedPlayerSessions).toHaveLength(3);
  });

  it('a refused call changes nothing: every refusal met while driving random operations leaves the state hash as it was', () => {
    // `attempt` (core-arbitraries.ts) compares the state hash around every call and throws if a refusal moved it.
    let refusals = 0;
    fc.assert(
      fc.property(fc.integer(), coreActions({ players: true, scaling: true }, 40), (seed, actions) => {
        const w = coreWorld(seed, { processesPerInstance: 2, timings: chaosTimings });
        for (const action of actions) if (applyAction(w, action) !== undefined) refusals++;
        expect(attempt(w.sim, () => w.sim.call('DescribeGameSessions', { FleetId: w.fleetId, NextToken: 'forged' }))).toBe('InvalidRequestException');
      }),
      { numRuns: 50 },
    );
    // The property met refusals at all, or it proved nothing.
    expect(refusals).toBeGreaterThan(20);
  });
});
