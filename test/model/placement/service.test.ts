import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../../src/api/simulation.ts';
import { activeFleet, expectRefusedUnchanged, quickSimulation } from '../../support/fixtures.ts';

const HOUR_MS = 3_600_000;
const SHORT = { gameSessionsDays: 1 / 24, placementsHours: 1 };

function start(sim: Simulation, PlacementId: string, queue: string, players = 2): void {
  sim.call('StartGameSessionPlacement', {
    PlacementId, GameSessionQueueName: queue, MaximumPlayerSessionCount: 10,
    DesiredPlayerSessions: Array.from({ length: players }, (_, i) => ({ PlayerId: `${PlacementId}-player-${i}` })),
  });
}

/** The placements that have a retry pending in the engine's queue. */
function retriesPending(sim: Simulation): string[] {
  return sim.world.engine.queue.ordered().flatMap(({ event }) => (event.kind === 'placementRetry' ? [event.placement.placementId] : [])).sort();
}

describe('retention of settled placements and ended game sessions', () => {
  it('PL-2: a placement gone after its retention is NotFoundException to Describe and Stop, and its PlacementId can still never be used again', () => {
    const sim = quickSimulation(3, { config: { retention: SHORT } });
    const fleetId = activeFleet(sim);
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }], TimeoutInSeconds: 60 });
    start(sim, 'p', 'q');
    sim.advanceBy(10);
    const endMs = sim.call('DescribeGameSessionPlacement', { PlacementId: 'p' }).GameSessionPlacement!.EndTime!.getTime();
    sim.advanceTo(endMs + HOUR_MS - 1);
    expect(sim.call('DescribeGameSessionPlacement', { PlacementId: 'p' }).GameSessionPlacement!.Status).toBe('FULFILLED');
    sim.advanceBy(0.001);
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeGameSessionPlacement', { PlacementId: 'p' }));
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('StopGameSessionPlacement', { PlacementId: 'p' }));
    const message = expectRefusedUnchanged(sim, 'InvalidRequestException', () => start(sim, 'p', 'q'));
    expect(message).toContain('PL-2');
    expect(sim.placements.expiredCount).toBe(1);
  });

  it('PL-4, PL-7: a settled placement keeps its placed players, not its DesiredPlayerSessions, and answers as before', () => {
    const sim = quickSimulation(5);
    const fleetId = activeFleet(sim);
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }], TimeoutInSeconds: 60 });
    sim.call('CreateGameSessionQueue', { Name: 'nowhere', Destinations: [], TimeoutInSeconds: 10 });
    start(sim, 'fulfilled', 'q', 3);
    start(sim, 'timed-out', 'nowhere', 2);
    const placedWhilePending = sim.placements.placements.get('fulfilled')!.desiredPlayerSessions.map(({ playerId }) => playerId);
    expect(placedWhilePending).toEqual(['fulfilled-player-0', 'fulfilled-player-1', 'fulfilled-player-2']);
    sim.advanceBy(15);
    const fulfilled = sim.call('DescribeGameSessionPlacement', { PlacementId: 'fulfilled' }).GameSessionPlacement!;
    expect(fulfilled.Status).toBe('FULFILLED');
    expect(fulfilled.PlacedPlayerSessions!.map(({ PlayerId }) => PlayerId)).toEqual(placedWhilePending);
    expect(sim.call('DescribeGameSessionPlacement', { PlacementId: 'timed-out' }).GameSessionPlacement!.Status).toBe('TIMED_OUT');
    for (const id of ['fulfilled', 'timed-out']) expect(sim.placements.placements.get(id)!.desiredPlayerSessions).toEqual([]);
  });

  it('DG-9 (shortened): over eight hours of steady load with one hour of retention, what is retained stays bounded by the last hour', () => {
    const sim = quickSimulation(4, {
      config: { retention: SHORT, timings: { gameSessionLifetime: { minSeconds: 60, maxSeconds: 120 } } },
      traceEntriesKept: 0,
      placementEventsKept: 0,
    });
    const fleetId = activeFleet(sim, { processesPerInstance: 50, desiredInstances: 2 });
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }], TimeoutInSeconds: 60 });
    const perMinute = 20;
    const retained: { sessions: number; players: number; placements: number; pending: number }[] = [];
    let n = 0;
    for (let minute = 0; minute < 8 * 60; minute++) {
      for (let i = 0; i < perMinute; i++) start(sim, `m-${n++}`, 'q', 3);
      sim.advanceBy(60);
      if (minute % 60 === 59) {
        retained.push({
          sessions: sim.world.gameSessions.size, players: sim.world.playerSessions.size,
          placements: sim.placements.placements.size, pending: sim.world.engine.queue.size,
        });
        // Nothing retained ended more than an hour ago.
        for (const [s] of sim.world.ended.withPositions()) expect(sim.nowMs - (s.terminationTimeMs ?? sim.nowMs)).toBeLessThanOrEqual(HOUR_MS);
      }
    }
    // An hour's worth at most (plus those still running), from the second hour on, however long the run.
    const hourOfPlacements = 60 * perMinute;
    for (const r of retained.slice(1)) {
      expect(r.placements).toBeLessThanOrEqual(hourOfPlacements + perMinute * 2);
      expect(r.sessions).toBeLessThanOrEqual(hourOfPlacements + perMinute * 4);
      expect(r.players).toBeLessThanOrEqual(3 * (hourOfPlacements + perMinute * 4));
      // Timers of the last few minutes only: none per ended session or settled placement.
      expect(r.pending).toBeLessThanOrEqual(perMinute * 20);
    }
    expect(retained.at(-1)!.sessions).toBeLessThanOrEqual(retained[1]!.sessions * 1.1);
    expect(retained.at(-1)!.pending).toBeLessThanOrEqual(retained[1]!.pending * 1.2);
    expect(sim.placements.expiredCount).toBeGreaterThan(6 * hourOfPlacements);
  });

  it('refuses a retention longer than GameLift\'s or shorter than an hour', () => {
    expect(() => quickSimulation(1, { config: { retention: { gameSessionsDays: 31 } } })).toThrow(RangeError);
    expect(() => quickSimulation(1, { config: { retention: { gameSessionsDays: 0.01 } } })).toThrow(RangeError);
    expect(() => quickSimulation(1, { config: { retention: { placementsHours: 0.5 } } })).toThrow(RangeError);
    expect(() => quickSimulation(1, { config: { retention: { placementsHours: 721 } } })).toThrow(RangeError);
  });
});

describe('destination changes', () => {
  it('PL-8: a change of one queue\'s destinations, or of an alias or fleet one queue uses, retries only that queue\'s waiting placements', () => {
    const sim = quickSimulation(6);
    const fleetA = activeFleet(sim, { processesPerInstance: 1 });
    const fleetB = activeFleet(sim, { processesPerInstance: 1 });
    const aliasB = sim.call('CreateAlias', { Name: 'b', RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetB } }).Alias!.AliasId!;
    sim.call('CreateGameSessionQueue', { Name: 'a', Destinations: [{ DestinationArn: fleetA }], TimeoutInSeconds: 600 });
    sim.call('CreateGameSessionQueue', { Name: 'b', Destinations: [{ DestinationArn: aliasB }], TimeoutInSeconds: 600 });
    // One placement each takes the only process; the others wait.
    for (const q of ['a', 'b']) for (let i = 0; i < 4; i++) start(sim, `${q}-${i}`, q);
    sim.advanceBy(5);
    expect(sim.placements.waitingCount(sim.placements.queues.get('a')!)).toBe(3);
    expect(retriesPending(sim)).toEqual([]);
    const waitersOfB = ['b-1', 'b-2', 'b-3'];

    sim.call('UpdateGameSessionQueue', { Name: 'b', TimeoutInSeconds: 600 });
    expect(retriesPending(sim)).toEqual(waitersOfB);
    sim.advanceBy(1);
    sim.call('UpdateAlias', { AliasId: aliasB, RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetB } });
    expect(retriesPending(sim)).toEqual(waitersOfB);
    sim.advanceBy(1);
    sim.call('CreateFleetLocations', { FleetId: fleetA, Locations: [{ Location: 'eu-west-1' }] });
    expect(retriesPending(sim)).toEqual(['a-1', 'a-2', 'a-3']);
    sim.advanceBy(1);
    // A queue nobody waits on: nothing to retry.
    sim.call('CreateGameSessionQueue', { Name: 'idle', Destinations: [{ DestinationArn: fleetA }] });
    sim.call('UpdateGameSessionQueue', { Name: 'idle', TimeoutInSeconds: 100 });
    expect(retriesPending(sim)).toEqual([]);
  });
});
