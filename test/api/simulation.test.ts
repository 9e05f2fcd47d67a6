import { describe, expect, it } from 'vitest';
import { activeFleet, activeGameSession, quickSimulation } from '../support/fixtures.ts';

describe('Simulation', () => {
  it('PL-10: an error thrown by an event listener surfaces from the call that emitted the event, which still happened once', () => {
    const sim = quickSimulation(5);
    const fleetId = activeFleet(sim);
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }] });
    sim.call('StartGameSessionPlacement', { PlacementId: 'p', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 });
    const seen: string[] = [];
    sim.onPlacementEvent(() => {
      throw new Error('listener bug');
    });
    sim.onPlacementEvent((event) => seen.push(event.detail.type));
    expect(() => sim.call('StopGameSessionPlacement', { PlacementId: 'p' })).toThrow('listener bug');
    expect(seen).toEqual(['PlacementCancelled']);
    expect(sim.call('DescribeGameSessionPlacement', { PlacementId: 'p' }).GameSessionPlacement!.Status).toBe('CANCELLED');
    const stops = sim.world.engine.trace.entries().filter((e) => e.kind === 'call' && e.data.operation === 'StopGameSessionPlacement');
    expect(stops).toHaveLength(1);
    expect(stops[0]!.data.error).toBeUndefined();
  });

  it('DG-7: a listing nobody pages any more expires while time advances, with the snapshot it held', () => {
    const sim = quickSimulation(6);
    const fleetId = activeFleet(sim, { processesPerInstance: 4 });
    for (let i = 0; i < 3; i++) activeGameSession(sim, fleetId);
    const { NextToken } = sim.call('DescribeGameSessions', { FleetId: fleetId, Limit: 1 });
    expect(sim.paging.openCount).toBe(1);
    sim.advanceBy(2 * 3600);
    expect(sim.paging.openCount).toBe(0);
    expect(() => sim.call('DescribeGameSessions', { FleetId: fleetId, Limit: 1, NextToken })).toThrow(/expired/);
  });

  it('DG-9: paging a player\'s sessions skips none when an older one expires between pages', () => {
    const sim = quickSimulation(7);
    const fleetId = activeFleet(sim, { processesPerInstance: 4 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const gameSessionId = activeGameSession(sim, fleetId);
      ids.push(sim.call('CreatePlayerSession', { GameSessionId: gameSessionId, PlayerId: 'alice' }).PlayerSession!.PlayerSessionId!);
      if (i === 0) sim.call('TerminateGameSession', { GameSessionId: gameSessionId, TerminationMode: 'FORCE_TERMINATE' });
      sim.advanceBy(60);
    }
    const first = sim.call('DescribePlayerSessions', { PlayerId: 'alice', Limit: 1 });
    expect(first.PlayerSessions!.map((p) => p.PlayerSessionId)).toEqual([ids[0]]);
    // A slow reader keeps the listing open (it expires after an hour idle) while the first game session, and its
    // player session, reach the end of their 30 days' retention (DG-9).
    const retentionEnd = sim.nowMs + 30 * 24 * 3600_000;
    while (sim.nowMs < retentionEnd) {
      sim.advanceBy(3000);
      sim.call('DescribePlayerSessions', { PlayerId: 'alice', Limit: 1, NextToken: first.NextToken });
    }
    expect(sim.world.playerSessions.has(ids[0]!)).toBe(false);
    const rest = sim.call('DescribePlayerSessions', { PlayerId: 'alice', Limit: 5, NextToken: first.NextToken });
    expect(rest.PlayerSessions!.map((p) => p.PlayerSessionId)).toEqual([ids[1], ids[2]]);
  });
});
