import { describe, expect, it } from 'vitest';
import { RECORD_STRING_CHARS_MAX } from '../../src/engine/record-codec.ts';
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

  it('PL-10: a listener that calls an operation emitting another event: every listener hears every event once, in the order they happened', () => {
    const sim = quickSimulation(5);
    const fleetId = activeFleet(sim);
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }] });
    for (const id of ['a', 'b', 'c']) sim.call('StartGameSessionPlacement', { PlacementId: id, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 });
    const heard: string[] = [];
    // The first listener stops the next placement when it hears one cancelled: each Stop emits an event in its turn.
    sim.onPlacementEvent((event) => {
      heard.push(`first ${event.detail.placementId}`);
      const next = { a: 'b', b: 'c' }[event.detail.placementId];
      if (next !== undefined) sim.call('StopGameSessionPlacement', { PlacementId: next });
    });
    sim.onPlacementEvent((event) => heard.push(`second ${event.detail.placementId}`));
    sim.call('StopGameSessionPlacement', { PlacementId: 'a' });
    expect(heard).toEqual(['first a', 'second a', 'first b', 'second b', 'first c', 'second c']);
    sim.call('StartGameSessionPlacement', { PlacementId: 'd', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 });
    sim.call('StopGameSessionPlacement', { PlacementId: 'd' });
    expect(heard.slice(6)).toEqual(['first d', 'second d']);
  });

  it('DT-1: observe answers a read as call does, records nothing and calls no listener; it refuses an operation that changes state', () => {
    const heard: string[] = [];
    const sim = quickSimulation(5, { onCall: (operation) => heard.push(operation) });
    const fleetId = activeFleet(sim);
    const gameSessionId = activeGameSession(sim, fleetId);
    heard.length = 0;
    const hash = sim.traceHash();
    const lines = sim.world.engine.trace.entries().length;
    const observed = sim.observe('DescribeGameSessions', { GameSessionId: gameSessionId });
    expect(sim.observe('SearchGameSessions', { FleetId: fleetId }).GameSessions).toHaveLength(1);
    expect(() => sim.observe('DescribeGameSessions', { GameSessionId: 'not-an-arn!' })).toThrow(/GameSessionId/);
    expect(sim.traceHash()).toBe(hash);
    expect(sim.world.engine.trace.entries()).toHaveLength(lines);
    expect(heard).toEqual([]);
    expect(observed).toEqual(sim.call('DescribeGameSessions', { GameSessionId: gameSessionId }));
    const state = sim.stateHash();
    expect(() => sim.observe('TerminateGameSession' as never, { GameSessionId: gameSessionId } as never)).toThrow(TypeError);
    expect(sim.stateHash()).toBe(state);
  });

  it('DG-7: a NextToken does not expire and the service keeps nothing per listing: after 40 days the listing goes on, and the state hash is as if no listing had begun', () => {
    const sim = quickSimulation(6);
    const other = quickSimulation(6);
    for (const s of [sim, other]) {
      const fleetId = activeFleet(s, { processesPerInstance: 4 });
      for (let i = 0; i < 3; i++) activeGameSession(s, fleetId);
    }
    const fleetId = sim.call('DescribeFleetAttributes', {}).FleetAttributes![0]!.FleetId!;
    const first = sim.call('DescribeGameSessions', { FleetId: fleetId, Limit: 1 });
    expect(sim.stateHash()).toBe(other.stateHash());
    sim.advanceBy(40 * 24 * 3600);
    other.advanceBy(40 * 24 * 3600);
    expect(sim.stateHash()).toBe(other.stateHash());
    const rest = sim.call('DescribeGameSessions', { FleetId: fleetId, Limit: 5, NextToken: first.NextToken });
    expect([...first.GameSessions!, ...rest.GameSessions!].map((g) => g.GameSessionId)).toEqual(
      sim.call('DescribeGameSessions', { FleetId: fleetId }).GameSessions!.map((g) => g.GameSessionId),
    );
    expect(rest.GameSessions).toHaveLength(2);
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
    // A slow reader pages on while the first game session, and its player session, reach the end of their 30 days'
    // retention (DG-9).
    const retentionEnd = sim.nowMs + 30 * 24 * 3600_000;
    while (sim.nowMs < retentionEnd) {
      sim.advanceBy(3000);
      sim.call('DescribePlayerSessions', { PlayerId: 'alice', Limit: 1, NextToken: first.NextToken });
    }
    expect(sim.world.playerSessions.has(ids[0]!)).toBe(false);
    const rest = sim.call('DescribePlayerSessions', { PlayerId: 'alice', Limit: 5, NextToken: first.NextToken });
    expect(rest.PlayerSessions!.map((p) => p.PlayerSessionId)).toEqual([ids[1], ids[2]]);
  });

  it('DT-1: the trace records a request bounded: a string over 1 KiB as its length and hash, whole below; an answer keeps its entities by id and status', () => {
    const sim = quickSimulation(8);
    const fleetId = activeFleet(sim, { processesPerInstance: 4 });
    const lines: string[] = [];
    sim.world.engine.trace.streamTo((line) => lines.push(line));
    const long = 'd'.repeat(200_000);
    const short = 'e'.repeat(RECORD_STRING_CHARS_MAX);
    sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2, GameSessionData: long });
    sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2, GameSessionData: `${long}!` });
    sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2, GameSessionData: short });
    const calls = lines.map((l) => JSON.parse(l) as { kind: string; data: { input: { GameSessionData: unknown } } }).filter((e) => e.kind === 'call');
    expect(lines.every((l) => l.length < 8 * RECORD_STRING_CHARS_MAX)).toBe(true);
    const [a, b, c] = calls.map((e) => e.data);
    expect(a!.input.GameSessionData).toMatchObject({ chars: 200_000 });
    expect(b!.input.GameSessionData).toMatchObject({ chars: 200_001 });
    expect(b!.input.GameSessionData).not.toEqual(a!.input.GameSessionData);
    expect(c!.input.GameSessionData).toBe(short);
    const created = (JSON.parse(lines.find((l) => l.includes('"output"'))!) as { data: { output: { GameSession: string } } }).data.output.GameSession;
    expect(created).toMatch(/^arn:aws:gamelift:.*:ACTIVATING$/);
  });

  it('DT-1: the same request with its members in another order leaves the same trace hash', () => {
    const [a, b] = [quickSimulation(9), quickSimulation(9)];
    const fa = activeFleet(a);
    const fb = activeFleet(b);
    a.call('CreateGameSession', { FleetId: fa, MaximumPlayerSessionCount: 2, GameProperties: [{ Key: 'k', Value: 'v' }], Name: 'n' });
    b.call('CreateGameSession', { Name: 'n', GameProperties: [{ Value: 'v', Key: 'k' }], MaximumPlayerSessionCount: 2, FleetId: fb });
    expect(b.traceHash()).toBe(a.traceHash());
  });

  it('DT-1: a canonical input (as the codec reads one) is recorded as the same request a caller shuffled, answered or refused', () => {
    const [a, b] = [quickSimulation(9), quickSimulation(9)];
    const fa = activeFleet(a);
    const fb = activeFleet(b);
    a.execute('CreateGameSession', { FleetId: fa, GameProperties: [{ Key: 'k', Value: 'v' }], MaximumPlayerSessionCount: 2, Name: 'n' }, true);
    b.call('CreateGameSession', { Name: 'n', GameProperties: [{ Value: 'v', Key: 'k' }], MaximumPlayerSessionCount: 2, FleetId: fb });
    expect(() => a.execute('CreateGameSession', { FleetId: fa, MaximumPlayerSessionCount: -1 }, true)).toThrow(/MaximumPlayerSessionCount/);
    expect(() => b.call('CreateGameSession', { MaximumPlayerSessionCount: -1, FleetId: fb })).toThrow(/MaximumPlayerSessionCount/);
    expect(b.traceHash()).toBe(a.traceHash());
  });

  it('DT-1: a caller\'s input the trace could not record (a cycle, an invalid Date) is refused and changes nothing', () => {
    const sim = quickSimulation(10);
    const fleetId = activeFleet(sim);
    const before = sim.stateHash();
    const cyclic: Record<string, unknown> = { FleetId: fleetId, MaximumPlayerSessionCount: 2 };
    cyclic.GameProperties = [cyclic];
    expect(() => sim.execute('CreateGameSession', cyclic)).toThrow(/must be plain data/);
    expect(() => sim.execute('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2, Name: new Date(Number.NaN) })).toThrow(/must be plain data/);
    expect(sim.stateHash()).toBe(before);
  });
});
