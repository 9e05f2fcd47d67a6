import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import {
  bundledChecks, CheckRunner, disbandedLobbySessions, leakedGameSessions, unresolvedPlacements,
  type Check, type LobbyRecord,
} from '../../src/runner/checks.ts';
import type { Lobby } from '../../src/runner/lobbies.ts';
import { activeFleet, quickSimulation } from '../support/fixtures.ts';

const lobby = (id: string): Lobby => ({ id, index: 1, arrivalMs: 0, queue: 'q', maximumPlayers: 2, players: [{ playerId: `${id}-p`, latencyMs: {} }], disbandAfterMs: undefined });

/** A world with one fleet and queue, and a placement for lobby `id` that is fulfilled (its game session ACTIVE). */
function placed(id: string): { sim: Simulation; record: LobbyRecord } {
  const sim = quickSimulation(31);
  const fleetId = activeFleet(sim, { processesPerInstance: 4 });
  sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }] });
  sim.call('StartGameSessionPlacement', { PlacementId: id, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2, DesiredPlayerSessions: [{ PlayerId: `${id}-p` }] });
  sim.advanceBy(5);
  expect(sim.placements.placements.get(id)!.status).toBe('FULFILLED');
  return { sim, record: { lobby: lobby(id), arrivedAtMs: sim.nowMs, placementIds: [id], disbandedAtMs: undefined, outcome: undefined } };
}

const look = (check: Check, sim: Simulation, records: LobbyRecord[], final = false) =>
  check.inspect({ sim, nowMs: sim.nowMs, final, lobbies: new Map(records.map((r) => [r.lobby.id, r])) });

describe('invariant checks', () => {
  it('leaked-game-session: the bundled threshold is 300 s, or the servers\' longest session when they run longer', () => {
    const sim = quickSimulation(33);
    const fleetId = activeFleet(sim, { processesPerInstance: 4 });
    const empty = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 }).GameSession!.GameSessionId!;
    sim.advanceBy(350);
    const leakCheck = (checks: readonly Check[]): Check => checks.find((c) => c.name === 'leaked-game-session')!;
    expect(look(leakCheck(bundledChecks()), sim, []).map((v) => v.subject)).toEqual([empty]);
    expect(look(leakCheck(bundledChecks({ sessionSecondsMax: 400 })), sim, [])).toEqual([]);
    expect(bundledChecks().map((c) => c.name)).toEqual(['leaked-game-session', 'unresolved-placement', 'disbanded-lobby-session']);
  });

  it('leaked-game-session: an ACTIVE game session with no player for longer than the limit is reported, naming it', () => {
    const sim = quickSimulation(32);
    const fleetId = activeFleet(sim, { processesPerInstance: 4 });
    const empty = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 }).GameSession!.GameSessionId!;
    const busy = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 }).GameSession!.GameSessionId!;
    sim.advanceBy(3);
    sim.call('CreatePlayerSession', { GameSessionId: busy, PlayerId: 'alice' });
    const check = leakedGameSessions({ idleSecondsMax: 30 });
    sim.advanceBy(20);
    expect(look(check, sim, [])).toEqual([]);
    sim.advanceBy(20);
    const seen = look(check, sim, []);
    expect(seen).toEqual([{ subject: empty, message: expect.stringMatching(new RegExp(`^game session ${empty} has been ACTIVE with no player for 43 s`)) }]);
    // Alice connected at 5 s and stays, so hers is never reported; once it is ended, nothing is.
    sim.call('TerminateGameSession', { GameSessionId: empty, TerminationMode: 'FORCE_TERMINATE' });
    expect(look(check, sim, [])).toEqual([]);
  });

  it('unresolved-placement: a settled placement whose lobby got no outcome is reported at the end, naming lobby and placement', () => {
    const { sim, record } = placed('lobby-1');
    const check = unresolvedPlacements();
    expect(look(check, sim, [record])).toEqual([]);
    expect(look(check, sim, [record], true)).toEqual([{ subject: 'lobby-1', message: 'lobby lobby-1: placement lobby-1 settled FULFILLED, but the client never reported an outcome for the lobby' }]);
    const resolved: LobbyRecord = { ...record, outcome: { kind: 'placed', atMs: sim.nowMs, placementId: 'lobby-1', gameSessionId: 'x' } };
    expect(look(check, sim, [resolved], true)).toEqual([]);
  });

  it('disbanded-lobby-session: a game session that outlives its lobby by more than the grace is reported until it ends', () => {
    const { sim, record } = placed('lobby-2');
    const check = disbandedLobbySessions({ graceSeconds: 60 });
    const left: LobbyRecord = { ...record, disbandedAtMs: sim.nowMs };
    sim.advanceBy(60);
    expect(look(check, sim, [left])).toEqual([]);
    sim.advanceBy(1);
    const [violation] = look(check, sim, [left]);
    const session = sim.placements.placements.get('lobby-2')!.gameSession!.gameSessionId;
    expect(violation).toEqual({ subject: session, message: `lobby lobby-2 disbanded 61 s ago, but game session ${session} of placement lobby-2 is still ACTIVE` });
    expect(look(check, sim, [record])).toEqual([]);
    sim.call('TerminateGameSession', { GameSessionId: session, TerminationMode: 'FORCE_TERMINATE' });
    expect(look(check, sim, [left])).toEqual([]);
  });

  it('the runner looks at each check\'s period and at the end, and keeps the first sighting of each subject', () => {
    const sim = quickSimulation(33);
    const calls: string[] = [];
    const user: Check = {
      name: 'user',
      everySeconds: 10,
      inspect: ({ nowMs, final }) => {
        calls.push(`${nowMs - start}${final ? ' final' : ''}`);
        return nowMs - start >= 20_000 ? [{ subject: 'always', message: `seen at ${nowMs - start}` }] : [];
      },
    };
    const endOnly: Check = { name: 'end', inspect: ({ final }) => (final ? [{ subject: 'x', message: 'at the end' }] : []) };
    const start = sim.nowMs;
    const runner = new CheckRunner([user, endOnly], start);
    for (let due = runner.due(); due !== undefined && due <= start + 30_000; due = runner.due()) {
      sim.advanceTo(due);
      runner.look({ sim, nowMs: sim.nowMs, lobbies: new Map() });
    }
    expect(runner.finish({ sim, nowMs: sim.nowMs, lobbies: new Map() })).toEqual([
      { check: 'user', subject: 'always', message: 'seen at 20000' },
      { check: 'end', subject: 'x', message: 'at the end' },
    ]);
    expect(calls).toEqual(['10000', '20000', '30000', '30000 final']);
  });
});
