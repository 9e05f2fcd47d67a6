import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import {
  bundledChecks, CheckRunner, disbandedLobbySessions, leakedGameSessions, LOBBY_EXAMPLES_MAX, LobbyLedger, unresolvedPlacements,
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

  it('disbanded-lobby-session retains a reported lobby that disbanded while its game session lives, and lets it go once it ends', () => {
    const { sim, record } = placed('lobby-3');
    const check = disbandedLobbySessions();
    const gaveUp = { kind: 'gaveUp', atMs: sim.nowMs, reason: 'disbanded' } as const;
    expect(check.retains!({ ...record, outcome: gaveUp }, sim)).toBe(false);
    const left: LobbyRecord = { ...record, disbandedAtMs: sim.nowMs, outcome: gaveUp };
    expect(check.retains!(left, sim)).toBe(true);
    sim.call('TerminateGameSession', { GameSessionId: sim.placements.placements.get('lobby-3')!.gameSession!.gameSessionId, TerminationMode: 'FORCE_TERMINATE' });
    expect(check.retains!(left, sim)).toBe(false);
  });

  it('the runner tells each check of a reported lobby, records what it sees then, and asks the checks whether to retain it', () => {
    const { sim, record } = placed('lobby-4');
    const told: string[] = [];
    const slow: Check = {
      name: 'slow', inspect: () => [],
      onResolved: (r) => (told.push(r.lobby.id), [{ subject: r.lobby.id, message: `${r.lobby.id} waited` }]),
      retains: (r) => r.lobby.id === 'lobby-4',
    };
    const runner = new CheckRunner([slow, unresolvedPlacements()], sim.nowMs);
    runner.resolved(record, { sim, nowMs: sim.nowMs });
    runner.resolved(record, { sim, nowMs: sim.nowMs });
    expect(told).toEqual(['lobby-4', 'lobby-4']);
    expect(runner.violations).toEqual([{ check: 'slow', subject: 'lobby-4', message: 'lobby-4 waited' }]);
    expect(runner.retains(record, sim)).toBe(true);
    expect(runner.retains({ ...record, lobby: lobby('lobby-5') }, sim)).toBe(false);
    // Whether a run need tell it of reported lobbies at all: the bundled checks have nothing to say of them.
    expect(runner.hearsResolved).toBe(true);
    expect(new CheckRunner(bundledChecks(), sim.nowMs).hearsResolved).toBe(false);
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

describe('LobbyLedger', () => {
  const arrive = (ledger: LobbyLedger, index: number, atMs = index * 1000): void =>
    ledger.arrive({ ...lobby(`lobby-${index}`), index, arrivalMs: atMs }, atMs);

  it('keeps a lobby only while live: counts, the spread of waits and the first examples of each outcome outlast its record', () => {
    const ledger = new LobbyLedger(0);
    const lobbies = 4 * LOBBY_EXAMPLES_MAX;
    for (let i = 1; i <= lobbies; i++) arrive(ledger, i);
    expect(ledger.records.size).toBe(lobbies);
    for (let i = 1; i <= lobbies; i++) {
      const atMs = i * 1000 + i * 10;
      const outcome = i % 4 === 0 ? undefined
        : i % 4 === 1 ? { kind: 'placed', atMs, placementId: `p-${i}`, gameSessionId: `gs-${i}` } as const
        : i % 4 === 2 ? { kind: 'gaveUp', atMs, reason: 'TIMED_OUT' } as const
        : { kind: 'error', atMs, message: 'boom' } as const;
      if (outcome === undefined) continue;
      expect(ledger.resolved(`lobby-${i}`, outcome)?.outcome).toEqual(outcome);
      ledger.release(`lobby-${i}`);
    }
    expect(ledger.records.size).toBe(LOBBY_EXAMPLES_MAX);
    expect(ledger.unresolved).toBe(LOBBY_EXAMPLES_MAX);
    const summary = ledger.summary();
    expect(summary.count).toBe(lobbies);
    expect(summary.outcomes).toEqual({ placed: LOBBY_EXAMPLES_MAX, gaveUp: LOBBY_EXAMPLES_MAX, error: LOBBY_EXAMPLES_MAX, unresolved: LOBBY_EXAMPLES_MAX });
    // Placed lobbies 1, 5, 9, … waited i × 10 ms.
    const waits = Array.from({ length: LOBBY_EXAMPLES_MAX }, (_, k) => ((4 * k + 1) * 10) / 1000);
    expect(summary.secondsToPlacement.max).toBe(waits.at(-1));
    expect(summary.secondsToPlacement.p50).toBe(waits[Math.floor(waits.length / 2)]);
    expect(summary.examples.map((e) => e.lobbyId)).toEqual(Array.from({ length: lobbies }, (_, k) => `lobby-${k + 1}`));
    expect(summary.examples[0]).toEqual({ lobbyId: 'lobby-1', arrivedAtSeconds: 1, outcome: 'placed', seconds: 0.01, placementId: 'p-1', gameSessionArn: 'gs-1' });
    expect(summary.examples[3]).toEqual({ lobbyId: 'lobby-4', arrivedAtSeconds: 4, outcome: 'unresolved', seconds: undefined });
  });

  it(`shows at most ${LOBBY_EXAMPLES_MAX} examples of each outcome however many lobbies come, the first reported`, () => {
    const ledger = new LobbyLedger(0);
    for (let i = 1; i <= 1000; i++) {
      arrive(ledger, i);
      if (i % 2 === 0) continue;
      ledger.resolved(`lobby-${i}`, { kind: 'gaveUp', atMs: i * 1000 });
      ledger.release(`lobby-${i}`);
    }
    const { examples, outcomes } = ledger.summary();
    expect(outcomes).toEqual({ placed: 0, gaveUp: 500, error: 0, unresolved: 500 });
    expect(examples).toHaveLength(2 * LOBBY_EXAMPLES_MAX);
    expect(examples.filter((e) => e.outcome === 'gaveUp').map((e) => e.lobbyId)).toEqual(Array.from({ length: LOBBY_EXAMPLES_MAX }, (_, k) => `lobby-${2 * k + 1}`));
    expect(ledger.records.size).toBe(500);
  });

  it('the first report stands; a report on a lobby let go, or on none, changes nothing; a retained record goes when pruned', () => {
    const ledger = new LobbyLedger(0);
    arrive(ledger, 1);
    arrive(ledger, 2);
    expect(ledger.resolved('lobby-1', { kind: 'gaveUp', atMs: 5000 })).toBeDefined();
    expect(ledger.resolved('lobby-1', { kind: 'error', atMs: 6000, message: 'late' })).toBeUndefined();
    ledger.release('lobby-1');
    expect(ledger.resolved('lobby-1', { kind: 'error', atMs: 7000, message: 'later' })).toBeUndefined();
    expect(ledger.resolved('lobby-9', { kind: 'error', atMs: 7000, message: 'unknown' })).toBeUndefined();
    ledger.placing('lobby-1', 'p-late');
    expect(ledger.records.has('lobby-1')).toBe(false);
    ledger.resolved('lobby-2', { kind: 'gaveUp', atMs: 8000 });
    ledger.retain('lobby-2');
    ledger.prune(() => true);
    expect([...ledger.records.keys()]).toEqual(['lobby-2']);
    ledger.prune(() => false);
    expect(ledger.records.size).toBe(0);
    expect(ledger.summary().outcomes).toEqual({ placed: 0, gaveUp: 2, error: 0, unresolved: 0 });
  });
});
