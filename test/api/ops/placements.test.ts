import type { GameSessionPlacement, PriorityType, StartGameSessionPlacementInput } from '@aws-sdk/client-gamelift';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../../src/api/simulation.ts';
import type { PlacementEvent } from '../../../src/model/placement/events.ts';
import { gameSessionHistories } from '../../support/core-arbitraries.ts';
import { activeFleet, expectRefusedUnchanged, quickSimulation } from '../../support/fixtures.ts';
import {
  ACTIVATION_MS,
  CONNECTION_FIELDS,
  HOME,
  PROCESSING_MS,
  REMOTE,
  SESSION_FIELDS,
  allGameSessionIds,
  fillLocation,
  gameSessionOf,
  liveInstanceIds,
  malformedPlacementIdArb,
  placementIdArb,
  placementOf,
  placementRequestArb,
  queueOver,
  requestEcho,
  settlePlacement,
  startPlacement,
  terminalRouteArb,
  unlessRefused,
  type TerminalRoute,
} from '../../support/placement-arbitraries.ts';

const ALL_LOCATIONS = [HOME, ...REMOTE];
const TIMEOUT_SECONDS = 60;

/** A world with one fleet (one instance per location) and one queue over it. */
function world(options: {
  seed?: number;
  processesPerInstance?: number;
  locations?: readonly string[];
  fleetType?: 'ON_DEMAND' | 'SPOT';
  activationTimeoutSeconds?: number;
  processingSeconds?: number;
  queue?: Parameters<typeof queueOver>[2];
} = {}): { sim: Simulation; fleetId: string; queue: string } {
  const processing = options.processingSeconds ?? PROCESSING_MS / 1000;
  const sim = quickSimulation(options.seed ?? 1, { config: { timings: { placementProcessing: { minSeconds: processing, maxSeconds: processing } } } });
  const fleetId = activeFleet(sim, {
    processesPerInstance: options.processesPerInstance ?? 1,
    locations: options.locations,
    fleetType: options.fleetType,
    activationTimeoutSeconds: options.activationTimeoutSeconds,
  });
  const queue = queueOver(sim, [fleetId], { TimeoutInSeconds: TIMEOUT_SECONDS, ...options.queue });
  return { sim, fleetId, queue };
}

/** A world whose only fleet has no free server process: every placement waits. */
function fullWorld(options: Parameters<typeof world>[0] = {}): ReturnType<typeof world> & { fillers: string[] } {
  const w = world(options);
  const fillers = (options.locations ?? [HOME]).flatMap((loc) => fillLocation(w.sim, w.fleetId, loc));
  return { ...w, fillers };
}

function expectNoSessionFields(p: GameSessionPlacement): void {
  for (const field of SESSION_FIELDS) expect(p[field], field).toBeUndefined();
}

// ================================================================ StopGameSessionPlacement

describe('StopGameSessionPlacement', () => {
  it('ST-1: stopping a PENDING placement within the processing window cancels it, EndTime = now', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (processingSeconds, at) => {
        const { sim, queue } = world({ processingSeconds });
        startPlacement(sim, 'p', queue);
        sim.advanceBy(Math.floor(at * processingSeconds * 1000) / 1000);
        const stopped = sim.call('StopGameSessionPlacement', { PlacementId: 'p' }).GameSessionPlacement!;
        expect(stopped.Status).toBe('CANCELLED');
        expect(stopped.EndTime).toEqual(sim.now);
        expectNoSessionFields(stopped);
        expect(placementOf(sim, 'p')).toEqual(stopped);
      }),
    );
  });

  it('ST-1: a PENDING placement waiting for capacity, with no game session yet, can be stopped at any time before its timeout', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: TIMEOUT_SECONDS * 1000 - 1 }), (atMs) => {
        const { sim, queue } = fullWorld();
        startPlacement(sim, 'p', queue);
        sim.advanceBy(atMs / 1000);
        expect(placementOf(sim, 'p').Status).toBe('PENDING');
        const stopped = sim.call('StopGameSessionPlacement', { PlacementId: 'p' }).GameSessionPlacement!;
        expect(stopped.Status).toBe('CANCELLED');
        expect(stopped.EndTime).toEqual(sim.now);
      }),
    );
  });

  it('ST-2: stopping a placement with a created game session is refused and changes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (activationSeconds, at) => {
        const { sim, queue } = world({ queue: { TimeoutInSeconds: 600 } });
        sim.setTimings({ gameSessionActivation: { minSeconds: activationSeconds, maxSeconds: activationSeconds } });
        startPlacement(sim, 'p', queue);
        // Between the attempt that created the game session and that session's activation.
        sim.advanceBy((PROCESSING_MS + Math.floor(at * activationSeconds * 1000)) / 1000);
        const pending = placementOf(sim, 'p');
        expect(pending.Status).toBe('PENDING');
        expect(pending.GameSessionId).toBeDefined();
        const message = expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('StopGameSessionPlacement', { PlacementId: 'p' }));
        expect(message).toContain('TerminateGameSession');
        expect(placementOf(sim, 'p')).toEqual(pending);
        sim.advanceBy(activationSeconds);
        expect(placementOf(sim, 'p').Status).toBe('FULFILLED');
      }),
    );
  });

  it('ST-3: stopping a FULFILLED, CANCELLED, TIMED_OUT or FAILED placement is refused and changes nothing', () => {
    fc.assert(
      fc.property(terminalRouteArb, fc.integer({ min: 0, max: 1000 }), (route, laterSeconds) => {
        const { sim, queue } = route === 'TIMED_OUT' ? fullWorld() : world();
        startPlacement(sim, 'p', queue);
        const settled = settlePlacement(sim, 'p', route, TIMEOUT_SECONDS);
        expect(settled.Status).toBe(route);
        sim.advanceBy(laterSeconds);
        expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('StopGameSessionPlacement', { PlacementId: 'p' }));
        expect(placementOf(sim, 'p')).toEqual(settled);
      }),
    );
  });

  it('ST-4: an unknown PlacementId is NotFoundException, a malformed one InvalidRequestException; neither changes anything', () => {
    fc.assert(
      fc.property(placementIdArb, malformedPlacementIdArb, (unknown, malformed) => {
        fc.pre(unknown !== 'p');
        const { sim, queue } = world();
        startPlacement(sim, 'p', queue);
        expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('StopGameSessionPlacement', { PlacementId: unknown }));
        expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeGameSessionPlacement', { PlacementId: unknown }));
        expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('StopGameSessionPlacement', { PlacementId: malformed }));
        expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessionPlacement', { PlacementId: malformed }));
        expect(placementOf(sim, 'p').Status).toBe('PENDING');
      }),
    );
  });

  it('ST-4: a missing or non-string PlacementId is InvalidRequestException', () => {
    const { sim } = world();
    for (const input of [{}, { PlacementId: 42 }, { PlacementId: null }]) {
      expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.execute('StopGameSessionPlacement', input));
    }
  });

  it('ST-5: a cancelled placement keeps the request, never gains a game session, connection fields or player sessions', () => {
    fc.assert(
      fc.property(
        placementRequestArb,
        fc.boolean(),
        fc.integer({ min: 0, max: TIMEOUT_SECONDS * 1000 - 1 }),
        fc.integer({ min: 0, max: 2 * TIMEOUT_SECONDS }),
        (request, waiting, stopAtMs, freeAfterSeconds) => {
          const { sim, fleetId, queue, fillers } = waiting ? fullWorld() : { ...world(), fillers: [] as string[] };
          const input = { ...request, PlayerLatencies: [{ PlayerId: 'x', RegionIdentifier: HOME, LatencyInMilliseconds: 10 }] };
          startPlacement(sim, 'p', queue, input);
          // Without a wait, the only window is the processing delay; waiting for capacity, any time before the timeout.
          sim.advanceBy((waiting ? stopAtMs : stopAtMs % PROCESSING_MS) / 1000);
          const stopped = sim.call('StopGameSessionPlacement', { PlacementId: 'p' }).GameSessionPlacement!;
          // Capacity appears after the stop: the cancelled placement must not take it.
          sim.advanceBy(freeAfterSeconds);
          for (const id of fillers) sim.call('TerminateGameSession', { GameSessionId: id, TerminationMode: 'FORCE_TERMINATE' });
          sim.call('UpdateFleetCapacity', { FleetId: fleetId, DesiredInstances: 2, MaxSize: 2 });
          sim.advanceBy(2 * TIMEOUT_SECONDS);

          const later = placementOf(sim, 'p');
          expect(later).toEqual(stopped);
          expect(later).toMatchObject(requestEcho(queue, input));
          expect(later.Status).toBe('CANCELLED');
          expectNoSessionFields(later);
          expect(allGameSessionIds(sim).sort()).toEqual([...fillers].sort());
          expect(sim.world.playerSessions.size).toBe(0);
        },
      ),
    );
  });
});

// ================================================================ placement lifecycle

describe('StartGameSessionPlacement', () => {
  it('PL-1: DesiredPlayerSessions that repeat a player are refused, naming the first repeat, in a lobby of any size', () => {
    const { sim, queue } = world();
    fc.assert(fc.property(fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), { minLength: 1, maxLength: 40 }), (players) => {
      const repeat = players.findIndex((player, i) => players.indexOf(player) < i);
      const start = () => sim.call('StartGameSessionPlacement', {
        PlacementId: `p-${sim.placements.placements.size}`, GameSessionQueueName: queue, MaximumPlayerSessionCount: 200,
        DesiredPlayerSessions: players.map((PlayerId) => ({ PlayerId })),
      });
      if (repeat < 0) {
        expect(start().GameSessionPlacement!.Status).toBe('PENDING');
        return;
      }
      expect(expectRefusedUnchanged(sim, 'InvalidRequestException', start))
        .toBe(`DesiredPlayerSessions[${repeat}].PlayerId must not repeat a player, got "${players[repeat]}"`);
    }));
  });

  it('PL-1: a placement starts PENDING with StartTime = now, echoing the request; DescribeGameSessionPlacement shows the same', () => {
    // Player latencies or a priority override, never both (PL-3).
    const latencyOrOverrideArb = fc.oneof(
      fc.constant({}),
      fc.array(fc.record({ PlayerId: fc.constantFrom('a', 'b'), RegionIdentifier: fc.constantFrom(...ALL_LOCATIONS), LatencyInMilliseconds: fc.nat({ max: 500 }) }), { minLength: 1, maxLength: 4 })
        .map((PlayerLatencies) => ({ PlayerLatencies })),
      fc.record({
        LocationOrder: fc.shuffledSubarray(ALL_LOCATIONS, { minLength: 1 }),
        PlacementFallbackStrategy: fc.option(fc.constantFrom('DEFAULT_AFTER_SINGLE_PASS' as const, 'NONE' as const), { nil: undefined }),
      }).map((PriorityConfigurationOverride) => ({ PriorityConfigurationOverride })),
    );
    fc.assert(
      fc.property(placementIdArb, fc.tuple(placementRequestArb, latencyOrOverrideArb).map(([a, b]) => ({ ...a, ...b })), fc.boolean(), fc.integer({ min: 0, max: 100_000 }), (id, request, byArn, atMs) => {
        const { sim, queue } = world({ queue: { PriorityConfiguration: { PriorityOrder: ['LOCATION'] } } });
        sim.advanceBy(atMs / 1000);
        const queueArn = sim.call('DescribeGameSessionQueues', { Names: [queue] }).GameSessionQueues![0]!.GameSessionQueueArn!;
        const started = startPlacement(sim, id, byArn ? queueArn : queue, request);
        expect(started.PlacementId).toBe(id);
        expect(started.Status).toBe('PENDING');
        expect(started.StartTime).toEqual(sim.now);
        expect(started.EndTime).toBeUndefined();
        expect(started).toMatchObject(requestEcho(queue, request));
        expectNoSessionFields(started);
        expect(placementOf(sim, id)).toEqual(started);
      }),
    );
  });

  it('PL-1: a view shows the SDK\'s members in one order; each PlayerLatencies entry all three members as sent (an unsent one undefined); a view is the caller\'s own copy', () => {
    const entryArb = fc.record({
      PlayerId: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
      RegionIdentifier: fc.option(fc.constantFrom(...ALL_LOCATIONS), { nil: undefined }),
      LatencyInMilliseconds: fc.option(fc.double({ min: -10, max: 500, noNaN: true }), { nil: undefined }),
    }, { requiredKeys: [] });
    fc.assert(
      fc.property(placementRequestArb, fc.array(entryArb, { maxLength: 8 }), fc.boolean(), (request, entries, settle) => {
        const { sim, queue } = world();
        const started = startPlacement(sim, 'p', queue, { ...request, PlayerLatencies: entries });
        // Kept flat, each entry's three members in turn, as sent, with no holes.
        const kept = sim.placements.placements.get('p')!.playerLatencies;
        expect(kept).toEqual(entries.flatMap((e) => [e.PlayerId, e.RegionIdentifier, e.LatencyInMilliseconds]));
        for (let i = 0; i < kept.length; i++) expect(i in kept, `index ${i}`).toBe(true);
        if (settle) sim.advanceBy((PROCESSING_MS + ACTIVATION_MS) / 1000);
        for (const view of [started, placementOf(sim, 'p')]) {
          const fulfilled = view.Status === 'FULFILLED';
          expect(Object.keys(view)).toEqual([
            'PlacementId', 'GameSessionQueueName', 'Status', 'GameProperties', 'MaximumPlayerSessionCount', 'GameSessionName',
            'GameSessionId', 'GameSessionArn', 'GameSessionRegion', 'PlayerLatencies', 'StartTime', 'EndTime', 'IpAddress', 'DnsName',
            'Port', 'PlacedPlayerSessions', 'GameSessionData', 'PriorityConfigurationOverride',
          ]);
          expect(view.PlayerLatencies).toStrictEqual(entries.length === 0 ? undefined : entries.map((e) => ({
            PlayerId: e.PlayerId, RegionIdentifier: e.RegionIdentifier, LatencyInMilliseconds: e.LatencyInMilliseconds,
          })));
          for (const entry of view.PlayerLatencies ?? []) expect(Object.keys(entry)).toEqual(['PlayerId', 'RegionIdentifier', 'LatencyInMilliseconds']);
          expect(view.GameProperties).toStrictEqual((request.GameProperties ?? []).map(({ Key, Value }) => ({ Key, Value })));
          expect(view.PlacedPlayerSessions?.map((ps) => Object.keys(ps))).toEqual(
            fulfilled ? (request.DesiredPlayerSessions ?? []).map(() => ['PlayerId', 'PlayerSessionId']) : undefined,
          );
        }
        const state = sim.stateHash();
        const before = placementOf(sim, 'p');
        const mine = placementOf(sim, 'p');
        mine.PlayerLatencies?.forEach((e) => (e.LatencyInMilliseconds = -1));
        mine.GameProperties?.forEach((gp) => (gp.Value = 'changed'));
        mine.PlacedPlayerSessions?.forEach((ps) => (ps.PlayerId = 'changed'));
        mine.PlayerLatencies?.push({});
        expect(placementOf(sim, 'p').PlayerLatencies).toStrictEqual(started.PlayerLatencies);
        expect(placementOf(sim, 'p').GameProperties).toStrictEqual(started.GameProperties);
        expect(placementOf(sim, 'p').PlacedPlayerSessions).toStrictEqual(before.PlacedPlayerSessions);
        expect(sim.stateHash()).toBe(state);
      }),
    );
  });

  it('PL-1: a malformed member of a PlayerLatencies or DesiredPlayerSessions entry is refused naming the entry and the member; nothing changes', () => {
    const { sim, queue } = world();
    const good = { PlayerId: 'p1', RegionIdentifier: HOME, LatencyInMilliseconds: 20 };
    const cases: [Partial<StartGameSessionPlacementInput>, string][] = [
      [{ PlayerLatencies: [good, { ...good, PlayerId: '' }] }, 'PlayerLatencies[1].PlayerId must be 1–1024 characters long, got ""'],
      [{ PlayerLatencies: [good, { ...good, RegionIdentifier: 7 as never }] }, 'PlayerLatencies[1].RegionIdentifier must be a string, got 7'],
      [{ PlayerLatencies: [good, good, { ...good, LatencyInMilliseconds: 'fast' as never }] }, 'PlayerLatencies[2].LatencyInMilliseconds must be a number, got "fast"'],
      [{ PlayerLatencies: [good, 'x' as never] }, 'PlayerLatencies[1] must be a structure, got "x"'],
      [{ DesiredPlayerSessions: [{ PlayerId: 'a' }, {}] }, 'DesiredPlayerSessions[1].PlayerId is required, got nothing'],
      [{ DesiredPlayerSessions: [{ PlayerId: 'a' }, { PlayerId: 'b', PlayerData: '' }] }, 'DesiredPlayerSessions[1].PlayerData must be 1–2048 characters long, got ""'],
      [{ GameProperties: [{ Key: 'k', Value: 'v' }, { Key: 'k'.repeat(33), Value: 'v' }] }, `GameProperties[1].Key must be 0–32 characters long, got "${'k'.repeat(33)}"`],
    ];
    for (const [extra, message] of cases) {
      expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () => startPlacement(sim, 'p', queue, extra))).toBe(message);
    }
  });

  it('PL-1: a placement on an unknown or deleted queue is NotFoundException and changes nothing', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9-]{1,40}$/), (name) => {
        fc.pre(name !== 'queue');
        const { sim, queue } = world();
        expectRefusedUnchanged(sim, 'NotFoundException', () => startPlacement(sim, 'p', name));
        expectRefusedUnchanged(sim, 'NotFoundException', () =>
          startPlacement(sim, 'p', `arn:aws:gamelift:${HOME}:123456789012:gamesessionqueue/${name}`));
        sim.call('DeleteGameSessionQueue', { Name: queue });
        expectRefusedUnchanged(sim, 'NotFoundException', () => startPlacement(sim, 'p', queue));
      }),
    );
  });

  it('PL-2: a PlacementId can never be used again, whatever the earlier placement\'s status; the refusal changes nothing', () => {
    fc.assert(
      fc.property(
        fc.oneof(terminalRouteArb, fc.constant('PENDING' as const)),
        placementRequestArb,
        fc.boolean(),
        fc.integer({ min: 0, max: 2000 }),
        (route, request, otherQueue, laterSeconds) => {
          const { sim, fleetId, queue } = route === 'TIMED_OUT' ? fullWorld() : world();
          queueOver(sim, [fleetId], {}, 'other');
          startPlacement(sim, 'p', queue);
          const first = route === 'PENDING' ? placementOf(sim, 'p') : settlePlacement(sim, 'p', route, TIMEOUT_SECONDS);
          expect(first.Status).toBe(route);
          if (route !== 'PENDING') sim.advanceBy(laterSeconds);
          const message = expectRefusedUnchanged(sim, 'InvalidRequestException', () => startPlacement(sim, 'p', otherQueue ? 'other' : queue, request));
          expect(message).toContain('PlacementId');
          if (route !== 'PENDING') expect(placementOf(sim, 'p')).toEqual(first);
        },
      ),
    );
  });

  it('PL-3: PlayerLatencies together with PriorityConfigurationOverride is InvalidRequestException and changes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.subarray(ALL_LOCATIONS, { minLength: 1 }), (latency, order) => {
        const { sim, queue } = world({ queue: { PriorityConfiguration: { PriorityOrder: ['LOCATION'] } } });
        const both = {
          PlayerLatencies: [{ PlayerId: 'a', RegionIdentifier: HOME, LatencyInMilliseconds: latency }],
          PriorityConfigurationOverride: { LocationOrder: order },
        };
        expectRefusedUnchanged(sim, 'InvalidRequestException', () => startPlacement(sim, 'p', queue, both));
        // Either one alone is accepted on this queue.
        startPlacement(sim, 'with-latencies', queue, { PlayerLatencies: both.PlayerLatencies });
        startPlacement(sim, 'with-override', queue, { PriorityConfigurationOverride: both.PriorityConfigurationOverride });
      }),
    );
  });

  it('PL-3: a PriorityConfigurationOverride on a queue whose PriorityOrder lacks LOCATION is InvalidRequestException and changes nothing', () => {
    const withoutLocation = fc.option(fc.uniqueArray(fc.constantFrom<PriorityType>('LATENCY', 'COST', 'DESTINATION'), { minLength: 1, maxLength: 3 }), { nil: undefined });
    fc.assert(
      fc.property(withoutLocation, fc.subarray(ALL_LOCATIONS, { minLength: 1 }), (priorityOrder, order) => {
        const { sim, queue } = world({
          queue: priorityOrder === undefined ? {} : { PriorityConfiguration: { PriorityOrder: priorityOrder, LocationOrder: [HOME] } },
        });
        const message = expectRefusedUnchanged(sim, 'InvalidRequestException', () =>
          startPlacement(sim, 'p', queue, { PriorityConfigurationOverride: { LocationOrder: order } }));
        expect(message).toContain('LOCATION');
      }),
    );
  });

  it('PL-3: an override with an empty, oversized or repeating LocationOrder, or an unknown fallback, is InvalidRequestException', () => {
    const { sim, queue } = world({ queue: { PriorityConfiguration: { PriorityOrder: ['LOCATION'] } } });
    const eleven = Array.from({ length: 11 }, (_, i) => `custom-${i}`);
    for (const override of [
      { LocationOrder: [] },
      { LocationOrder: eleven },
      { LocationOrder: [HOME, HOME] },
      { LocationOrder: [HOME], PlacementFallbackStrategy: 'SOMETIMES' },
    ]) {
      expectRefusedUnchanged(sim, 'InvalidRequestException', () =>
        sim.execute('StartGameSessionPlacement', { PlacementId: 'p', GameSessionQueueName: queue, MaximumPlayerSessionCount: 1, PriorityConfigurationOverride: override }));
    }
  });
});

describe('placement lifecycle', () => {
  it('PL-4: FULFILLED exactly when the game session becomes ACTIVE, with connection fields and RESERVED player sessions only then', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), placementRequestArb, fc.boolean(), (activationSeconds, request, tls) => {
        const sim = quickSimulation(1, { config: { timings: { gameSessionActivation: { minSeconds: activationSeconds, maxSeconds: activationSeconds } } } });
        const fleetId = activeFleet(sim, { processesPerInstance: 1, tls });
        const queue = queueOver(sim, [fleetId], { TimeoutInSeconds: 600 });
        startPlacement(sim, 'p', queue, request);
        sim.advanceBy((PROCESSING_MS + activationSeconds * 1000 - 1) / 1000);

        const before = placementOf(sim, 'p');
        expect(before.Status).toBe('PENDING');
        expect(before.GameSessionId).toBeDefined();
        for (const field of CONNECTION_FIELDS) expect(before[field], field).toBeUndefined();
        expect(before.EndTime).toBeUndefined();
        expect(gameSessionOf(sim, before.GameSessionId!).Status).toBe('ACTIVATING');
        expect(sim.world.playerSessions.size).toBe(0);

        sim.advanceBy(0.001);
        const after = placementOf(sim, 'p');
        const session = gameSessionOf(sim, after.GameSessionId!);
        expect(after.Status).toBe('FULFILLED');
        expect(after.EndTime).toEqual(sim.now);
        expect(session.Status).toBe('ACTIVE');
        expect(after).toMatchObject({
          GameSessionId: before.GameSessionId,
          GameSessionArn: before.GameSessionId,
          GameSessionRegion: session.Location,
          IpAddress: session.IpAddress,
          DnsName: session.DnsName,
          Port: session.Port,
        });
        expect(after.DnsName).toEqual(tls ? expect.stringMatching(/\.amazongamelift\.com$/) : expect.stringMatching(/\.compute\.amazonaws\.com$/));
        const desired = request.DesiredPlayerSessions ?? [];
        expect(after.PlacedPlayerSessions!.map((ps) => ps.PlayerId)).toEqual(desired.map((d) => d.PlayerId));
        expect(session.CurrentPlayerSessionCount).toBe(desired.length);
        for (const [i, placed] of after.PlacedPlayerSessions!.entries()) {
          const ps = sim.call('DescribePlayerSessions', { PlayerSessionId: placed.PlayerSessionId }).PlayerSessions![0]!;
          expect(ps).toMatchObject({ Status: 'RESERVED', PlayerId: placed.PlayerId, GameSessionId: after.GameSessionId, PlayerData: desired[i]!.PlayerData });
        }
        // The game session carries the request's fields.
        expect(session).toMatchObject({ MaximumPlayerSessionCount: request.MaximumPlayerSessionCount, Name: request.GameSessionName, GameSessionData: request.GameSessionData });
      }),
    );
  });

  it('PL-4: an attempt that does not activate is followed by a new attempt with a new GameSessionArn: the PlacementId, then <PlacementId>-<attempt number> in the same fleet location', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 10, max: 120 }),
        fc.option(fc.nat({ max: 12 }), { nil: undefined }),
        placementIdArb,
        (activationTimeoutSeconds, timeoutSeconds, quickAfter, placementId) => {
          // Every activation outlasts its timeout, until (maybe) the timings change after `quickAfter` attempts.
          const slowSeconds = activationTimeoutSeconds + 1;
          const sim = quickSimulation(1, { config: { timings: { gameSessionActivation: { minSeconds: slowSeconds, maxSeconds: slowSeconds } } } });
          const fleetId = activeFleet(sim, { processesPerInstance: 1, activationTimeoutSeconds });
          const queue = queueOver(sim, [fleetId], { TimeoutInSeconds: timeoutSeconds });
          const startMs = startPlacement(sim, placementId, queue).StartTime!.getTime();
          const timeoutAtMs = startMs + timeoutSeconds * 1000;
          const arnOf = (id: string): string => `arn:aws:gamelift:${HOME}::gamesession/${fleetId}/${id}`;
          const made: string[] = [];
          let fulfilledMs: number | undefined;
          for (let k = 1; ; k++) {
            const attemptMs = startMs + PROCESSING_MS + (k - 1) * activationTimeoutSeconds * 1000;
            if (attemptMs >= timeoutAtMs) break;
            const quick = quickAfter !== undefined && k > quickAfter;
            if (quick) sim.setTimings({ gameSessionActivation: { minSeconds: 0.5, maxSeconds: 0.5 } });
            sim.advanceTo(attemptMs);
            const arn = arnOf(k === 1 ? placementId : `${placementId}-${k}`);
            expect(placementOf(sim, placementId)).toMatchObject({ Status: 'PENDING', GameSessionId: arn, GameSessionArn: arn, GameSessionRegion: HOME });
            expect(gameSessionOf(sim, arn)).toMatchObject({ Status: 'ACTIVATING', CreationTime: new Date(attemptMs) });
            made.push(arn);
            if (quick && attemptMs + 500 < timeoutAtMs) {
              fulfilledMs = attemptMs + 500;
              break;
            }
          }
          sim.advanceTo(timeoutAtMs + 1000);
          const settled = placementOf(sim, placementId);
          expect(settled.Status).toBe(fulfilledMs === undefined ? 'TIMED_OUT' : 'FULFILLED');
          expect(settled.GameSessionArn).toBe(made.at(-1));
          // Each earlier attempt ended TERMINATED, without a StatusReason, when its activation timed out (or, the last
          // one, when the placement did: PL-5); the service made no other game session.
          expect(allGameSessionIds(sim).sort()).toEqual([...made].sort());
          for (const [i, arn] of made.entries()) {
            const session = gameSessionOf(sim, arn);
            if (i === made.length - 1 && fulfilledMs !== undefined) {
              expect(session.Status).toBe('ACTIVE');
              continue;
            }
            const endMs = Math.min(session.CreationTime!.getTime() + activationTimeoutSeconds * 1000, timeoutAtMs);
            expect(session).toMatchObject({ Status: 'TERMINATED', TerminationTime: new Date(endMs) });
            expect(session.StatusReason).toBeUndefined();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('PL-4: an attempt in another fleet location takes the bare PlacementId there; one back in a location used before takes <PlacementId>-<attempt number>', () => {
    const sim = quickSimulation(1, { config: { timings: { gameSessionActivation: { minSeconds: 100, maxSeconds: 100 } } } });
    const fleetId = activeFleet(sim, { processesPerInstance: 1, locations: [HOME, 'eu-west-1'], activationTimeoutSeconds: 5 });
    const queue = queueOver(sim, [fleetId], { TimeoutInSeconds: 600 });
    const arnOf = (location: string, id: string): string =>
      `arn:aws:gamelift:${HOME}::gamesession/${fleetId}/${location === HOME ? '' : `${location}/`}${id}`;
    startPlacement(sim, 'match', queue);
    sim.advanceBy(1); // attempt 1: eu-west-1 comes first alphabetically (PL-8)
    expect(placementOf(sim, 'match')).toMatchObject({ GameSessionArn: arnOf('eu-west-1', 'match'), GameSessionRegion: 'eu-west-1' });
    // eu-west-1 is scaled to nothing: its instance drains, so attempt 2 goes to the home Region.
    sim.call('UpdateFleetCapacity', { FleetId: fleetId, Location: 'eu-west-1', DesiredInstances: 0, MinSize: 0 });
    sim.advanceBy(5);
    expect(placementOf(sim, 'match')).toMatchObject({ GameSessionArn: arnOf(HOME, 'match'), GameSessionRegion: HOME });
    // Back to one instance in eu-west-1, ACTIVE 30 s later: attempts 3..7 stay home, and attempt 8, once it is
    // ACTIVE, goes back to eu-west-1, where `match` is taken.
    sim.call('UpdateFleetCapacity', { FleetId: fleetId, Location: 'eu-west-1', DesiredInstances: 1 });
    sim.advanceBy(5);
    expect(placementOf(sim, 'match')).toMatchObject({ GameSessionArn: arnOf(HOME, 'match-3'), GameSessionRegion: HOME });
    sim.advanceBy(25);
    expect(placementOf(sim, 'match')).toMatchObject({ GameSessionArn: arnOf('eu-west-1', 'match-8'), GameSessionRegion: 'eu-west-1' });
  });

  it('PL-4 [C]: a placement passes over ids that CreateGameSession took in the fleet location; CreateGameSession cannot take a placement\'s; nothing collides', () => {
    const sim = quickSimulation(1, { config: { timings: { gameSessionActivation: { minSeconds: 100, maxSeconds: 100 } } } });
    const fleetId = activeFleet(sim, { processesPerInstance: 4, activationTimeoutSeconds: 5 });
    const queue = queueOver(sim, [fleetId], { TimeoutInSeconds: 600 });
    const arnOf = (id: string): string => `arn:aws:gamelift:${HOME}::gamesession/${fleetId}/${id}`;
    const create = (member: 'GameSessionId' | 'IdempotencyToken', id: string) => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1, [member]: id });
    create('GameSessionId', 'm');
    create('IdempotencyToken', 'm-3');
    startPlacement(sim, 'm', queue);
    const ids: string[] = [];
    for (let k = 1; k <= 4; k++) {
      sim.advanceTo(placementOf(sim, 'm').StartTime!.getTime() + PROCESSING_MS + (k - 1) * 5000);
      ids.push(placementOf(sim, 'm').GameSessionArn!);
    }
    // `m` is taken: attempt 1 takes the first free number from 1; attempt 3's `m-3` is taken, so it takes `m-4`, and
    // attempt 4 the next free number from 4.
    expect(ids).toEqual(['m-1', 'm-2', 'm-4', 'm-5'].map(arnOf));
    expect(allGameSessionIds(sim).length).toBe(6);
    // A placement's game session was made by no CreateGameSession request: neither id nor token may name it.
    for (const member of ['GameSessionId', 'IdempotencyToken'] as const) {
      const message = expectRefusedUnchanged(sim, 'IdempotentParameterMismatchException', () => create(member, 'm-2'));
      expect(message).toContain(member);
      expect(message).toContain('placement m');
    }
    // The token's own session is still returned for the same token.
    expect(create('IdempotencyToken', 'm-3').GameSession!.GameSessionId).toBe(arnOf('m-3'));
  });

  it('PL-5: a placement still PENDING TimeoutInSeconds after StartTime becomes TIMED_OUT, EndTime = StartTime + timeout', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 600 }), fc.integer({ min: 0, max: 50_000 }), (timeoutSeconds, startAtMs) => {
        const { sim, queue } = fullWorld({ queue: { TimeoutInSeconds: timeoutSeconds } });
        sim.advanceBy(startAtMs / 1000);
        const started = startPlacement(sim, 'p', queue);
        sim.advanceBy((timeoutSeconds * 1000 - 1) / 1000);
        expect(placementOf(sim, 'p').Status).toBe('PENDING');
        sim.advanceBy(0.001);
        const timedOut = placementOf(sim, 'p');
        expect(timedOut.Status).toBe('TIMED_OUT');
        expect(timedOut.EndTime!.getTime()).toBe(started.StartTime!.getTime() + timeoutSeconds * 1000);
        expectNoSessionFields(timedOut);
      }),
    );
  });

  it('PL-5: the service keeps retrying until the timeout: capacity freed (or added) before then gets the placement placed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 600 }),
        fc.constantFrom('terminate', 'trigger', 'scale-up'),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (timeoutSeconds, how, at) => {
          const { sim, fleetId, queue, fillers } = fullWorld({ queue: { TimeoutInSeconds: timeoutSeconds } });
          sim.advanceBy(3); // the fillers are ACTIVE, so that TRIGGER_ON_PROCESS_TERMINATE goes through TERMINATING
          const startMs = startPlacement(sim, 'p', queue).StartTime!.getTime();
          // The capacity is free this long after the call that frees it: the TERMINATING delay (1 s) in either mode
          // (GS-4), or an instance's start (30 s).
          const delayMs = how === 'scale-up' ? 30_000 : 1000;
          const lastMs = timeoutSeconds * 1000 - delayMs - ACTIVATION_MS - 1;
          const freeAtMs = Math.floor(at * lastMs);
          sim.advanceBy(freeAtMs / 1000);
          expect(placementOf(sim, 'p').GameSessionId).toBeUndefined();
          if (how === 'scale-up') sim.call('UpdateFleetCapacity', { FleetId: fleetId, DesiredInstances: 2, MaxSize: 2 });
          else sim.call('TerminateGameSession', { GameSessionId: fillers[0]!, TerminationMode: how === 'terminate' ? 'FORCE_TERMINATE' : 'TRIGGER_ON_PROCESS_TERMINATE' });
          sim.advanceBy(timeoutSeconds);

          const placed = placementOf(sim, 'p');
          const attemptMs = Math.max(startMs + PROCESSING_MS, startMs + freeAtMs + delayMs);
          expect(placed.Status).toBe('FULFILLED');
          expect(gameSessionOf(sim, placed.GameSessionId!).CreationTime!.getTime()).toBe(attemptMs);
          expect(placed.EndTime!.getTime()).toBe(attemptMs + ACTIVATION_MS);
        },
      ),
    );
  });

  it('PL-5: an attempt still ACTIVATING at the timeout is ended by the service, TERMINATED then; no game session outlives a TIMED_OUT placement', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 120 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 3 }), (timeoutSeconds, activationSeconds, players) => {
        const sim = quickSimulation(1, { config: { timings: { gameSessionActivation: { minSeconds: activationSeconds, maxSeconds: activationSeconds } } } });
        const fleetId = activeFleet(sim, { processesPerInstance: 1, activationTimeoutSeconds: 600 });
        const queue = queueOver(sim, [fleetId], { TimeoutInSeconds: timeoutSeconds });
        const startMs = startPlacement(sim, 'p', queue, { DesiredPlayerSessions: Array.from({ length: players }, (_, i) => ({ PlayerId: `player-${i}` })) }).StartTime!.getTime();
        sim.advanceBy(timeoutSeconds + activationSeconds + 10);
        const placement = placementOf(sim, 'p');
        const session = gameSessionOf(sim, placement.GameSessionId!);
        const activatedMs = startMs + PROCESSING_MS + activationSeconds * 1000;
        // At the very millisecond of the timeout the timeout comes first: it was due since the placement started.
        if (activatedMs < startMs + timeoutSeconds * 1000) {
          expect(placement.Status).toBe('FULFILLED');
          expect(session.Status).toBe('ACTIVE');
          return;
        }
        expect(placement).toMatchObject({ Status: 'TIMED_OUT', EndTime: new Date(startMs + timeoutSeconds * 1000) });
        expect(session).toMatchObject({ Status: 'TERMINATED', TerminationTime: placement.EndTime, CurrentPlayerSessionCount: 0 });
        expect(session.StatusReason).toBeUndefined();
        expect(gameSessionHistories(sim).get(session.GameSessionId!)).toEqual(['ACTIVATING', 'TERMINATED']);
        expect(sim.world.playerSessions.size).toBe(0);
        // Its server process is free again.
        expect(sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 }).GameSession!.Status).toBe('ACTIVATING');
      }),
    );
  });

  it('PL-5: the timeout is the queue\'s TimeoutInSeconds when the placement started (600 by default), even if the queue changes later', () => {
    const { sim, queue } = fullWorld({ queue: { TimeoutInSeconds: undefined } });
    const startMs = startPlacement(sim, 'p', queue).StartTime!.getTime();
    sim.call('UpdateGameSessionQueue', { Name: queue, TimeoutInSeconds: 10 });
    sim.advanceBy(599.999);
    expect(placementOf(sim, 'p').Status).toBe('PENDING');
    sim.advanceBy(0.001);
    expect(placementOf(sim, 'p')).toMatchObject({ Status: 'TIMED_OUT', EndTime: new Date(startMs + 600_000) });
  });

  describe('PL-6: FAILED when the attempt\'s game session is ended from outside while ACTIVATING, or on an injected error', () => {
    type Cause = 'activation timeout' | 'crash' | 'spot reclaim' | 'force terminate' | 'trigger terminate' | 'failPlacement';
    /** Starts a placement, applies `cause` (or nothing) after the attempt, and returns the view and the session. */
    function run(cause: Cause | undefined): { placement: GameSessionPlacement; sessionId: string; sessionStatus: string; reason: string | undefined; faultMs: number; sim: Simulation } {
      const slow = cause === 'spot reclaim';
      const sim = quickSimulation(1, { config: { timings: { gameSessionActivation: { minSeconds: slow ? 300 : 2, maxSeconds: slow ? 300 : 2 } } } });
      const fleetId = activeFleet(sim, {
        processesPerInstance: 1,
        fleetType: 'SPOT',
        activationTimeoutSeconds: cause === 'activation timeout' ? 1 : undefined,
      });
      const queue = queueOver(sim, [fleetId], { TimeoutInSeconds: 600 });
      startPlacement(sim, 'p', queue);
      sim.advanceBy(PROCESSING_MS / 1000 + 0.5);
      const faultMs = sim.nowMs;
      const sessionId = placementOf(sim, 'p').GameSessionId!;
      expect(gameSessionOf(sim, sessionId).Status).toBe('ACTIVATING');
      if (cause === 'crash') sim.crashGameSessionProcess(sessionId);
      else if (cause === 'spot reclaim') sim.reclaimSpotInstance(liveInstanceIds(sim, fleetId)[0]!);
      else if (cause === 'force terminate') sim.call('TerminateGameSession', { GameSessionId: sessionId, TerminationMode: 'FORCE_TERMINATE' });
      else if (cause === 'trigger terminate') sim.call('TerminateGameSession', { GameSessionId: sessionId, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' });
      else if (cause === 'failPlacement') sim.failPlacement('p');
      sim.advanceBy(400);
      const session = gameSessionOf(sim, sessionId);
      return { placement: placementOf(sim, 'p'), sessionId, sessionStatus: session.Status!, reason: session.StatusReason, faultMs, sim };
    }

    it('PL-6: without a fault the same placement is FULFILLED', () => {
      expect(run(undefined).placement.Status).toBe('FULFILLED');
    });

    it.each([
      ['crash', 'ERROR', undefined, 0],
      ['spot reclaim', 'TERMINATED', 'INTERRUPTED', 120_000],
      ['force terminate', 'TERMINATED', 'FORCE_TERMINATED', 0],
      ['trigger terminate', 'TERMINATED', 'TRIGGERED_ON_PROCESS_TERMINATE', 0],
    ] as const)('PL-6: %s of the attempt\'s game session fails the placement', (cause, sessionStatus, reason, endAfterFaultMs) => {
      const outcome = run(cause);
      expect(outcome.placement.Status).toBe('FAILED');
      expect(outcome.placement.EndTime!.getTime()).toBe(outcome.faultMs + endAfterFaultMs);
      expect(outcome.placement.GameSessionId).toBe(outcome.sessionId);
      expect(outcome.sessionStatus).toBe(sessionStatus);
      expect(outcome.reason).toBe(reason);
      for (const field of CONNECTION_FIELDS) expect(outcome.placement[field], field).toBeUndefined();
      expect(allGameSessionIds(outcome.sim)).toEqual([outcome.sessionId]);
    });

    it('PL-6: an activation timeout is no failure: the placement stays PENDING and tries again until its own timeout (PL-4)', () => {
      const outcome = run('activation timeout');
      // Every attempt times out after 1 s; the placement's own timeout, 600 s after it started, ends it.
      expect(outcome.placement.Status).toBe('PENDING');
      expect(outcome.sessionStatus).toBe('TERMINATED');
      expect(outcome.reason).toBeUndefined();
      expect(outcome.placement.GameSessionId).not.toBe(outcome.sessionId);
      expect(allGameSessionIds(outcome.sim).length).toBeGreaterThan(300);
      outcome.sim.advanceBy(600);
      expect(placementOf(outcome.sim, 'p').Status).toBe('TIMED_OUT');
    });

    it('PL-6: an injected internal error fails a PENDING placement at once, with or without an attempt, and ends the attempt in flight (PL-5)', () => {
      const outcome = run('failPlacement');
      expect(outcome.placement).toMatchObject({ Status: 'FAILED', EndTime: new Date(outcome.faultMs), GameSessionId: outcome.sessionId });
      expect(gameSessionOf(outcome.sim, outcome.sessionId)).toMatchObject({ Status: 'TERMINATED', TerminationTime: new Date(outcome.faultMs) });
      expect(outcome.reason).toBeUndefined();
      const { sim, queue } = world();
      startPlacement(sim, 'early', queue);
      sim.failPlacement('early');
      expect(placementOf(sim, 'early')).toMatchObject({ Status: 'FAILED', EndTime: sim.now });
      sim.advanceBy(100);
      expectNoSessionFields(placementOf(sim, 'early'));
      expect(allGameSessionIds(sim)).toEqual([]);
    });
  });

  it('PL-7: a FULFILLED, CANCELLED, TIMED_OUT or FAILED placement never changes again, whatever happens next', () => {
    type Action =
      | { kind: 'start'; id: number; players: number }
      | { kind: 'stop' | 'fail'; id: number }
      | { kind: 'advance'; ms: number }
      | { kind: 'terminate'; session: number; force: boolean }
      | { kind: 'crash'; session: number }
      | { kind: 'reclaim'; instance: number }
      | { kind: 'capacity'; desired: number }
      | { kind: 'updateQueue'; timeoutSeconds: number; keepDestinations: boolean }
      | { kind: 'deleteQueue' };
    const index = fc.nat({ max: 7 });
    const action: fc.Arbitrary<Action> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('start' as const), id: index, players: fc.nat({ max: 3 }) }), weight: 4 },
      fc.record({ kind: fc.constantFrom('stop' as const, 'fail' as const), id: index }),
      { arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.nat({ max: 5_000 }), fc.nat({ max: 200_000 })) }), weight: 4 },
      fc.record({ kind: fc.constant('terminate' as const), session: index, force: fc.boolean() }),
      fc.record({ kind: fc.constant('crash' as const), session: index }),
      fc.record({ kind: fc.constant('reclaim' as const), instance: index }),
      fc.record({ kind: fc.constant('capacity' as const), desired: fc.nat({ max: 3 }) }),
      fc.record({ kind: fc.constant('updateQueue' as const), timeoutSeconds: fc.integer({ min: 10, max: 600 }), keepDestinations: fc.boolean() }),
      fc.constant({ kind: 'deleteQueue' as const }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.array(action, { minLength: 1, maxLength: 40 }), (activationMaxSeconds, actions) => {
        const sim = quickSimulation(1, { config: { timings: { gameSessionActivation: { minSeconds: 2, maxSeconds: activationMaxSeconds } } } });
        const fleetId = activeFleet(sim, { processesPerInstance: 2, fleetType: 'SPOT', activationTimeoutSeconds: 150 });
        const queue = queueOver(sim, [fleetId], { TimeoutInSeconds: 100 });
        const settled = new Map<string, GameSessionPlacement>();
        const ids = new Set<string>();
        for (const a of actions) {
          const sessions = allGameSessionIds(sim);
          const instances = liveInstanceIds(sim, fleetId);
          unlessRefused(() => {
            switch (a.kind) {
              case 'start': {
                const players = Array.from({ length: a.players }, (_, i) => ({ PlayerId: `player-${i}` }));
                ids.add(`p${a.id}`);
                return startPlacement(sim, `p${a.id}`, queue, { DesiredPlayerSessions: players });
              }
              case 'stop': return sim.call('StopGameSessionPlacement', { PlacementId: `p${a.id}` });
              case 'fail': return ids.has(`p${a.id}`) && sim.placements.placements.has(`p${a.id}`) && sim.failPlacement(`p${a.id}`);
              case 'advance': return sim.advanceBy(a.ms / 1000);
              case 'terminate': return sessions.length > 0 && sim.call('TerminateGameSession', {
                GameSessionId: sessions[a.session % sessions.length]!, TerminationMode: a.force ? 'FORCE_TERMINATE' : 'TRIGGER_ON_PROCESS_TERMINATE',
              });
              case 'crash': return sessions.length > 0 && sim.crashGameSessionProcess(sessions[a.session % sessions.length]!);
              case 'reclaim': return instances.length > 0 && sim.reclaimSpotInstance(instances[a.instance % instances.length]!);
              case 'capacity': return sim.call('UpdateFleetCapacity', { FleetId: fleetId, DesiredInstances: a.desired, MaxSize: 3 });
              case 'updateQueue': return sim.call('UpdateGameSessionQueue', {
                Name: queue, TimeoutInSeconds: a.timeoutSeconds, Destinations: a.keepDestinations ? [{ DestinationArn: fleetId }] : [],
              });
              case 'deleteQueue': return sim.call('DeleteGameSessionQueue', { Name: queue });
            }
          });
          for (const [id, before] of settled) expect(placementOf(sim, id), `${id} after ${JSON.stringify(a)}`).toEqual(before);
          for (const p of [...ids].filter((id) => sim.placements.placements.has(id)).map((id) => placementOf(sim, id))) {
            if (p.Status !== 'PENDING' && !settled.has(p.PlacementId!)) settled.set(p.PlacementId!, p);
          }
        }
        // One event for each terminal placement, and it agrees with the placement (PL-10).
        const events = sim.placementEvents();
        expect(events.map((e) => e.detail.placementId).sort()).toEqual([...settled.keys()].sort());
        for (const e of events) expect(e.detail.endTime).toBe(settled.get(e.detail.placementId)!.EndTime!.toISOString());
      }),
      { numRuns: 150 },
    );
  });
});

// ================================================================ choosing a destination

/** Per player, the latency they report to each location they report one for. */
type Latencies = Record<string, number | undefined>[];

function playerLatencies(latencies: Latencies): NonNullable<StartGameSessionPlacementInput['PlayerLatencies']> {
  return latencies.flatMap((byLocation, i) => Object.entries(byLocation)
    .filter((entry): entry is [string, number] => entry[1] !== undefined)
    .map(([RegionIdentifier, LatencyInMilliseconds]) => ({ PlayerId: `player-${i}`, RegionIdentifier, LatencyInMilliseconds })));
}

/** The reference of PL-8 step 2: the maximum latency in force `elapsedMs` after the start, undefined without policies. */
function latencyCapAt(policies: readonly { max: number; durationSeconds: number | undefined }[], elapsedMs: number): number | undefined {
  const rising = [...policies].sort((a, b) => a.max - b.max);
  let untilMs = 0;
  for (const [i, p] of rising.entries()) {
    if (i === rising.length - 1 || p.durationSeconds === undefined) return p.max;
    untilMs += p.durationSeconds * 1000;
    if (elapsedMs < untilMs) return p.max;
  }
  return undefined;
}

/** Elapsed times at which the policy in force changes. */
function policyChangesMs(policies: readonly { max: number; durationSeconds: number | undefined }[]): number[] {
  const rising = [...policies].sort((a, b) => a.max - b.max);
  const changes: number[] = [];
  let untilMs = 0;
  for (const [i, p] of rising.entries()) {
    if (i === rising.length - 1 || p.durationSeconds === undefined) break;
    untilMs += p.durationSeconds * 1000;
    changes.push(untilMs);
  }
  return changes;
}

/** Where and when the placement is attempted: a world with every location of one fleet free. */
function placedWhere(sim: Simulation, placementId: string): { location: string; fleetId: string; atMs: number } | undefined {
  const id = placementOf(sim, placementId).GameSessionId;
  if (id === undefined) return undefined;
  const session = gameSessionOf(sim, id);
  return { location: session.Location!, fleetId: session.FleetId!, atMs: session.CreationTime!.getTime() };
}

describe('choosing a destination', () => {
  const latencyArb = fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined, freq: 4 });
  const latenciesArb: fc.Arbitrary<Latencies> = fc.array(
    fc.record(Object.fromEntries(ALL_LOCATIONS.map((l) => [l, latencyArb])) as Record<string, typeof latencyArb>),
    { minLength: 1, maxLength: 3 },
  );
  const policiesArb = fc.array(
    fc.record({ max: fc.integer({ min: 0, max: 300 }), durationSeconds: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined, freq: 5 }) }),
    { maxLength: 3 },
  );

  it('PL-8: with latency data a placement goes to the lowest average latency allowed by the policy in force, only once a policy allows one', () => {
    fc.assert(
      fc.property(latenciesArb, policiesArb, (latencies, policies) => {
        const timeoutSeconds = 30;
        const { sim, queue } = world({
          locations: ALL_LOCATIONS,
          queue: {
            TimeoutInSeconds: timeoutSeconds,
            PlayerLatencyPolicies: policies.map((p) => ({ MaximumIndividualPlayerLatencyMilliseconds: p.max, PolicyDurationSeconds: p.durationSeconds })),
          },
        });
        const startMs = startPlacement(sim, 'p', queue, { PlayerLatencies: playerLatencies(latencies) }).StartTime!.getTime();
        sim.advanceBy(timeoutSeconds + 5);

        // The reference: attempts at the end of the processing delay and whenever the policy changes.
        const average = (loc: string): number => {
          const reported = latencies.map((l) => l[loc]).filter((ms): ms is number => ms !== undefined);
          return reported.length === 0 ? Infinity : reported.reduce((a, b) => a + b, 0) / reported.length;
        };
        // Only players who report some latency are known to the service; without any, no policy applies.
        const players = latencies.filter((l) => Object.values(l).some((ms) => ms !== undefined));
        const acceptable = (loc: string, cap: number | undefined): boolean =>
          cap === undefined || players.length === 0 || players.every((l) => l[loc] !== undefined && l[loc]! <= cap); // [C]
        // LATENCY [C]: locations every player reported first, then the others, each by average.
        const unvouched = (loc: string): number => Number(!players.every((l) => l[loc] !== undefined));
        const attempts = [PROCESSING_MS, ...policyChangesMs(policies).filter((ms) => ms > PROCESSING_MS && ms < timeoutSeconds * 1000)];
        let expected: { location: string; atMs: number } | undefined;
        for (const atMs of attempts) {
          const cap = latencyCapAt(policies, atMs);
          const ok = ALL_LOCATIONS.filter((loc) => acceptable(loc, cap))
            .sort((a, b) => unvouched(a) - unvouched(b) || average(a) - average(b) || (a < b ? -1 : 1));
          if (ok.length > 0) {
            expected = { location: ok[0]!, atMs: startMs + atMs };
            break;
          }
        }

        const placed = placedWhere(sim, 'p');
        expect(placed && { location: placed.location, atMs: placed.atMs }).toEqual(expected);
        // An attempt too late to activate before the timeout still times out (PL-5).
        const fulfilled = expected !== undefined && expected.atMs + ACTIVATION_MS < startMs + timeoutSeconds * 1000;
        expect(placementOf(sim, 'p').Status).toBe(fulfilled ? 'FULFILLED' : 'TIMED_OUT');
      }),
    );
  });

  it('PL-8: a placement that cannot meet a tight latency policy is placed after the policy relaxes, not before', () => {
    const { sim, queue } = world({
      locations: [HOME, 'eu-west-1'],
      queue: {
        PlayerLatencyPolicies: [
          { MaximumIndividualPlayerLatencyMilliseconds: 200 },
          { MaximumIndividualPlayerLatencyMilliseconds: 50, PolicyDurationSeconds: 10 },
        ],
      },
    });
    startPlacement(sim, 'p', queue, {
      PlayerLatencies: [
        { PlayerId: 'a', RegionIdentifier: HOME, LatencyInMilliseconds: 150 },
        { PlayerId: 'a', RegionIdentifier: 'eu-west-1', LatencyInMilliseconds: 300 },
      ],
    });
    sim.advanceBy(9.999);
    expect(placementOf(sim, 'p').GameSessionId).toBeUndefined();
    sim.advanceBy(0.001);
    expect(placementOf(sim, 'p').GameSessionRegion).toBe(HOME);
    sim.advanceBy(2);
    expect(placementOf(sim, 'p').Status).toBe('FULFILLED');
  });

  it('PL-8 [C]: a location for which some player reported no latency ranks after every location all players reported (ties by the reported average), and is unacceptable under a latency policy', () => {
    const latencies = [
      { PlayerId: 'a', RegionIdentifier: HOME, LatencyInMilliseconds: 10 },
      { PlayerId: 'a', RegionIdentifier: 'eu-west-1', LatencyInMilliseconds: 50 },
      { PlayerId: 'b', RegionIdentifier: 'eu-west-1', LatencyInMilliseconds: 60 },
      { PlayerId: 'b', RegionIdentifier: 'ap-south-1', LatencyInMilliseconds: 5 },
    ];
    const cases: [policies: { MaximumIndividualPlayerLatencyMilliseconds: number }[], full: string[], expected: string | undefined][] = [
      [[], [], 'eu-west-1'], // both players vouch for eu-west-1 only: it wins over lower one-player averages
      [[], ['eu-west-1'], 'ap-south-1'], // then the others by the average of what was reported: 5 before 10
      [[], ['eu-west-1', 'ap-south-1'], HOME],
      [[{ MaximumIndividualPlayerLatencyMilliseconds: 100 }], [], 'eu-west-1'],
      [[{ MaximumIndividualPlayerLatencyMilliseconds: 100 }], ['eu-west-1'], undefined], // under a policy, never
    ];
    for (const [policies, full, expected] of cases) {
      const { sim, fleetId, queue } = world({ locations: ALL_LOCATIONS, queue: { PlayerLatencyPolicies: policies } });
      for (const loc of full) fillLocation(sim, fleetId, loc);
      startPlacement(sim, 'p', queue, { PlayerLatencies: latencies });
      sim.advanceBy(1);
      expect(placementOf(sim, 'p').GameSessionRegion, `${JSON.stringify(policies)}, full ${full}`).toBe(expected);
    }
  });

  it('PL-8: without latency data the order is destination order, then location alphabetically, within AllowedLocations; full locations are passed over', () => {
    fc.assert(
      fc.property(
        fc.array(fc.subarray([...REMOTE]), { minLength: 1, maxLength: 3 }),
        fc.option(fc.subarray(ALL_LOCATIONS, { minLength: 1 }), { nil: undefined }),
        fc.shuffledSubarray([0, 1, 2], { minLength: 3 }),
        fc.nat({ max: 9 }),
        (fleetLocations, allowed, permutation, full) => {
          const sim = quickSimulation(1);
          const fleets = fleetLocations.map((remote) => ({ id: activeFleet(sim, { processesPerInstance: 1, locations: [HOME, ...remote] }), locations: [HOME, ...remote] }));
          const destinations = permutation.filter((i) => i < fleets.length).map((i) => fleets[i]!);
          const queue = queueOver(sim, destinations.map((f) => f.id), allowed === undefined ? {} : { FilterConfiguration: { AllowedLocations: allowed } });
          const order = destinations.flatMap((f) => [...f.locations].sort().filter((loc) => allowed?.includes(loc) ?? true).map((loc) => ({ fleetId: f.id, location: loc })));
          for (const { fleetId, location } of order.slice(0, full)) fillLocation(sim, fleetId, location);
          startPlacement(sim, 'p', queue);
          sim.advanceBy(PROCESSING_MS / 1000);
          const placed = placedWhere(sim, 'p');
          expect(placed && { fleetId: placed.fleetId, location: placed.location }).toEqual(order[full]);
        },
      ),
    );
  });

  it('PL-8: a custom PriorityOrder with LOCATION follows LocationOrder, passing over full locations', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(['LATENCY', 'COST', 'DESTINATION'] as PriorityType[]),
        fc.nat({ max: 3 }),
        fc.shuffledSubarray(ALL_LOCATIONS, { minLength: 1 }),
        fc.subarray(ALL_LOCATIONS),
        (others, at, locationOrder, full) => {
          const priorityOrder = [...others];
          priorityOrder.splice(Math.min(at, others.length), 0, 'LOCATION');
          const { sim, fleetId, queue } = world({
            locations: ALL_LOCATIONS,
            queue: { PriorityConfiguration: { PriorityOrder: priorityOrder, LocationOrder: locationOrder } },
          });
          for (const loc of full) fillLocation(sim, fleetId, loc);
          startPlacement(sim, 'p', queue);
          sim.advanceBy(PROCESSING_MS / 1000);
          const placed = placedWhere(sim, 'p');
          const expected = locationOrder.find((loc) => !full.includes(loc));
          if (expected !== undefined) expect(placed?.location).toBe(expected);
          else if (full.length < ALL_LOCATIONS.length) expect(ALL_LOCATIONS.filter((l) => !full.includes(l))).toContain(placed?.location);
          else expect(placed).toBeUndefined();
        },
      ),
    );
  });

  it('PL-8: COST puts spot capacity before on-demand; the default order with latency data is LATENCY, then COST', () => {
    const cases: [PriorityType[] | undefined, boolean, 'SPOT' | 'ON_DEMAND'][] = [
      [['COST'], false, 'SPOT'],
      [['COST', 'DESTINATION'], false, 'SPOT'],
      [['DESTINATION', 'COST'], false, 'ON_DEMAND'],
      [undefined, false, 'ON_DEMAND'], // no latency data: destination order
      [undefined, true, 'SPOT'], // equal latencies: COST decides
    ];
    for (const [priorityOrder, withLatency, expected] of cases) {
      const sim = quickSimulation(1);
      const onDemand = activeFleet(sim, { processesPerInstance: 1, fleetType: 'ON_DEMAND' });
      const spot = activeFleet(sim, { processesPerInstance: 1, fleetType: 'SPOT' });
      const queue = queueOver(sim, [onDemand, spot], priorityOrder === undefined ? {} : { PriorityConfiguration: { PriorityOrder: priorityOrder } });
      startPlacement(sim, 'p', queue, withLatency ? { PlayerLatencies: [{ PlayerId: 'a', RegionIdentifier: HOME, LatencyInMilliseconds: 40 }] } : {});
      sim.advanceBy(1);
      expect(placedWhere(sim, 'p')?.fleetId, `${priorityOrder} latency=${withLatency}`).toBe(expected === 'SPOT' ? spot : onDemand);
    }
  });

  it('PL-8: by default, with latency data, LATENCY outranks destination order', () => {
    const sim = quickSimulation(1);
    const near = activeFleet(sim, { processesPerInstance: 1, locations: ['eu-west-1'] });
    const queue = queueOver(sim, [activeFleet(sim, { processesPerInstance: 1 }), near]);
    startPlacement(sim, 'p', queue, {
      PlayerLatencies: [
        { PlayerId: 'a', RegionIdentifier: HOME, LatencyInMilliseconds: 80 },
        { PlayerId: 'a', RegionIdentifier: 'eu-west-1', LatencyInMilliseconds: 20 },
      ],
    });
    sim.advanceBy(1);
    expect(placedWhere(sim, 'p')).toMatchObject({ fleetId: near, location: 'eu-west-1' });
  });

  it('PL-9: an override\'s LocationOrder goes first; DEFAULT_AFTER_SINGLE_PASS then uses the queue\'s other locations, NONE does not; the filter holds', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(ALL_LOCATIONS, { minLength: 3 }),
        fc.shuffledSubarray(ALL_LOCATIONS, { minLength: 1 }),
        fc.option(fc.constantFrom('DEFAULT_AFTER_SINGLE_PASS' as const, 'NONE' as const), { nil: undefined }),
        fc.option(fc.subarray(ALL_LOCATIONS, { minLength: 1 }), { nil: undefined }),
        fc.subarray(ALL_LOCATIONS),
        (queueOrder, overrideOrder, fallback, allowed, full) => {
          const { sim, fleetId, queue } = world({
            locations: ALL_LOCATIONS,
            queue: {
              PriorityConfiguration: { PriorityOrder: ['LOCATION'], LocationOrder: queueOrder },
              ...(allowed && { FilterConfiguration: { AllowedLocations: allowed } }),
            },
          });
          for (const loc of full) fillLocation(sim, fleetId, loc);
          startPlacement(sim, 'p', queue, { PriorityConfigurationOverride: { LocationOrder: overrideOrder, PlacementFallbackStrategy: fallback } });
          sim.advanceBy(PROCESSING_MS / 1000);
          const isAllowed = (loc: string): boolean => allowed?.includes(loc) ?? true;
          const order = [
            ...overrideOrder.filter(isAllowed),
            ...(fallback === 'NONE' ? [] : queueOrder.filter((loc) => isAllowed(loc) && !overrideOrder.includes(loc))),
          ];
          expect(placedWhere(sim, 'p')?.location).toBe(order.find((loc) => !full.includes(loc)));
        },
      ),
    );
  });

  it('PL-9: with NONE a placement whose listed locations are full waits for them and is placed there when one frees', () => {
    const { sim, fleetId, queue } = world({
      locations: ALL_LOCATIONS,
      queue: { PriorityConfiguration: { PriorityOrder: ['LOCATION'], LocationOrder: ALL_LOCATIONS } },
    });
    const [filler] = fillLocation(sim, fleetId, 'ap-south-1');
    startPlacement(sim, 'p', queue, { PriorityConfigurationOverride: { LocationOrder: ['ap-south-1'], PlacementFallbackStrategy: 'NONE' } });
    sim.advanceBy(20);
    expect(placementOf(sim, 'p').GameSessionId).toBeUndefined();
    sim.call('TerminateGameSession', { GameSessionId: filler!, TerminationMode: 'FORCE_TERMINATE' });
    sim.advanceBy(3);
    expect(placementOf(sim, 'p')).toMatchObject({ Status: 'FULFILLED', GameSessionRegion: 'ap-south-1' });
  });
});

// ================================================================ events

describe('placement events', () => {
  const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

  it('PL-10: the event\'s time is in whole seconds (2021-03-01T15:50:52Z), cut, not rounded; startTime and endTime keep their milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 5_000 }), (beforeMs, stopAfterMs) => {
        const { sim, queue } = fullWorld();
        sim.advanceBy(beforeMs / 1000);
        startPlacement(sim, 'p', queue);
        sim.advanceBy(stopAfterMs / 1000);
        const endMs = sim.call('StopGameSessionPlacement', { PlacementId: 'p' }).GameSessionPlacement!.EndTime!.getTime();
        const [event] = sim.placementEvents();
        const whole = new Date(endMs - (endMs % 1000)).toISOString();
        expect(event!.time).toBe(`${whole.slice(0, 19)}Z`);
        expect(event!.detail.endTime).toBe(new Date(endMs).toISOString());
        expect(event!.detail.endTime).toMatch(ISO);
      }),
      { numRuns: 30 },
    );
  });

  function eventFor(route: TerminalRoute, customEventData: string | undefined): { sim: Simulation; event: PlacementEvent; heard: PlacementEvent[]; queueArn: string } {
    const w = route === 'TIMED_OUT' ? fullWorld({ queue: { CustomEventData: customEventData } }) : world({ queue: { CustomEventData: customEventData } });
    const heard: PlacementEvent[] = [];
    w.sim.onPlacementEvent((e) => heard.push(e));
    startPlacement(w.sim, 'p', w.queue, { DesiredPlayerSessions: [{ PlayerId: 'alice' }, { PlayerId: 'bob' }] });
    settlePlacement(w.sim, 'p', route, TIMEOUT_SECONDS);
    w.sim.advanceBy(1000);
    const events = w.sim.placementEvents();
    expect(events).toHaveLength(1);
    const queueArn = w.sim.call('DescribeGameSessionQueues', { Names: [w.queue] }).GameSessionQueues![0]!.GameSessionQueueArn!;
    return { sim: w.sim, event: events[0]!, heard, queueArn };
  }

  it('PL-7, PL-10: a listener that changes the event it hears changes nothing of the placement', () => {
    const { sim, heard } = eventFor('FULFILLED', undefined);
    const before = placementOf(sim, 'p').PlacedPlayerSessions;
    const placed = heard[0]!.detail.placedPlayerSessions as { playerId: string; playerSessionId: string }[];
    placed[0]!.playerId = 'mallory';
    placed.pop();
    expect(placementOf(sim, 'p').PlacedPlayerSessions).toEqual(before);
    expect(before).toHaveLength(2);
  });

  it.each([
    ['FULFILLED', 'PlacementFulfilled'],
    ['CANCELLED', 'PlacementCancelled'],
    ['TIMED_OUT', 'PlacementTimedOut'],
    ['FAILED', 'PlacementFailed'],
  ] as const)('PL-10: a %s placement emits one %s event shaped like GameLift\'s EventBridge event', (route, type) => {
    for (const customEventData of ['team-blue', undefined]) {
      const { sim, event, heard, queueArn } = eventFor(route, customEventData);
      const placement = placementOf(sim, 'p');
      expect(heard).toEqual([event]);
      expect(event).toMatchObject({
        'detail-type': 'GameLift Queue Placement Event',
        source: 'aws.gamelift',
        resources: [queueArn],
        time: placement.EndTime!.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: HOME,
        account: '123456789012',
      });
      expect(event.resources).toHaveLength(1);
      expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(event.detail.type).toBe(type);
      expect(event.detail.placementId).toBe('p');
      expect(event.detail.startTime).toMatch(ISO);
      expect(event.detail.endTime).toMatch(ISO);
      expect(event.detail.startTime).toBe(placement.StartTime!.toISOString());
      expect(event.detail.endTime).toBe(placement.EndTime!.toISOString());
      if (customEventData === undefined) expect('customEventData' in event.detail).toBe(false);
      else expect(event.detail.customEventData).toBe(customEventData);
      if (route === 'FULFILLED') {
        expect(event.detail).toMatchObject({
          gameSessionArn: placement.GameSessionArn,
          gameSessionRegion: placement.GameSessionRegion,
          ipAddress: placement.IpAddress,
          dnsName: placement.DnsName,
          port: String(placement.Port),
          placedPlayerSessions: placement.PlacedPlayerSessions!.map((ps) => ({ playerId: ps.PlayerId, playerSessionId: ps.PlayerSessionId })),
        });
        expect(typeof event.detail.port).toBe('string');
        expect(event.detail.placedPlayerSessions!.map((ps) => ps.playerId)).toEqual(['alice', 'bob']);
      } else {
        for (const key of ['gameSessionArn', 'gameSessionRegion', 'ipAddress', 'dnsName', 'port', 'placedPlayerSessions']) {
          expect(key in event.detail, key).toBe(false);
        }
      }
    }
  });
});
