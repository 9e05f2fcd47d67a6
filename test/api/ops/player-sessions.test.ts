import fc from 'fast-check';
import type { PlayerSessionStatus } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../../src/api/simulation.ts';
import { playerSessionStatus } from '../../../src/model/entities.ts';
import {
  applyAction,
  attempt,
  chaosTimings,
  coreActions,
  coreWorld,
  describeGameSession,
  listPlayerSessions,
  playerSessionHistories,
} from '../../support/core-arbitraries.ts';
import { activeFleet, activeGameSession, expectRefusedUnchanged, quickSimulation } from '../../support/fixtures.ts';

function playerSession(sim: Simulation, id: string) {
  return sim.call('DescribePlayerSessions', { PlayerSessionId: id }).PlayerSessions![0]!;
}

/** A fleet with one ACTIVE game session of `maxPlayers`; time runs on from there only when a test moves it. */
/** When the players of the last `playerSessionsCreated` record connect, in ms from their creation, as it records them. */
function connectionsRecorded(sim: Simulation): unknown {
  const created = sim.world.engine.trace.entries().filter((e) => e.data.what === 'playerSessionsCreated');
  return created.at(-1)!.data.connectInMs;
}

function oneSession(seed: number, maxPlayers = 10, timings = {}) {
  const sim = quickSimulation(seed, { config: { timings } });
  const fleetId = activeFleet(sim, { processesPerInstance: 4 });
  return { sim, fleetId, id: activeGameSession(sim, fleetId, maxPlayers) };
}

describe('PS-1: who may join', () => {
  it('PS-1: a game session that is not ACTIVE, or is DENY_ALL, takes no player: InvalidGameSessionStatusException, nothing changes', () => {
    const { sim, fleetId, id } = oneSession(1);
    const activating = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 5 }).GameSession!.GameSessionId!;
    const error = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 5 }).GameSession!.GameSessionId!;
    sim.crashGameSessionProcess(error);
    const terminating = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 5 }).GameSession!.GameSessionId!;
    sim.advanceBy(1.5);
    sim.call('TerminateGameSession', { GameSessionId: terminating, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' });
    expect(describeGameSession(sim, activating).Status).toBe('ACTIVATING');
    sim.call('UpdateGameSession', { GameSessionId: id, PlayerSessionCreationPolicy: 'DENY_ALL' });
    for (const target of [activating, error, terminating, id]) {
      expectRefusedUnchanged(sim, 'InvalidGameSessionStatusException', () => sim.call('CreatePlayerSession', { GameSessionId: target, PlayerId: 'p' }));
      expectRefusedUnchanged(sim, 'InvalidGameSessionStatusException', () => sim.call('CreatePlayerSessions', { GameSessionId: target, PlayerIds: ['p', 'q'] }));
    }
    sim.advanceBy(1);
    expectRefusedUnchanged(sim, 'InvalidGameSessionStatusException', () => sim.call('CreatePlayerSession', { GameSessionId: terminating, PlayerId: 'p' }));
    sim.call('UpdateGameSession', { GameSessionId: id, PlayerSessionCreationPolicy: 'ACCEPT_ALL' });
    expect(sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'p', PlayerData: 'hello' }).PlayerSession).toMatchObject({
      PlayerId: 'p', PlayerData: 'hello', Status: 'RESERVED', GameSessionId: id, FleetId: fleetId,
      IpAddress: describeGameSession(sim, id).IpAddress, Port: describeGameSession(sim, id).Port,
    });
  });

  it('PS-1: CreatePlayerSessions takes 1–25 players and is all-or-nothing: more than the room left is GameSessionFullException and creates none', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 1, max: 25 }), (maxPlayers, already, asked) => {
        const { sim, id } = oneSession(2, maxPlayers);
        const seated = Math.min(already, maxPlayers);
        if (seated > 0) sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds: Array.from({ length: seated }, (_, i) => `old-${i}`) });
        const PlayerIds = Array.from({ length: asked }, (_, i) => `new-${i}`);
        const PlayerDataMap = { 'new-0': 'data-0' };
        if (asked > maxPlayers - seated) {
          const message = expectRefusedUnchanged(sim, 'GameSessionFullException', () => sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds, PlayerDataMap }));
          expect(message).toContain(id);
          expect(listPlayerSessions(sim, id)).toHaveLength(seated);
        } else {
          const created = sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds, PlayerDataMap }).PlayerSessions!;
          expect(created.map((p) => p.PlayerId)).toEqual(PlayerIds);
          expect(created.every((p) => p.Status === 'RESERVED' && p.GameSessionId === id)).toBe(true);
          expect(created[0]!.PlayerData).toBe('data-0');
          expect(describeGameSession(sim, id).CurrentPlayerSessionCount).toBe(seated + asked);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('PS-1: CreatePlayerSession into a full session is GameSessionFullException; so is any player into a session of maximum 0', () => {
    const { sim, fleetId, id } = oneSession(3, 2);
    sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'a' });
    sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'b' });
    expectRefusedUnchanged(sim, 'GameSessionFullException', () => sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'c' }));
    const empty = activeGameSession(sim, fleetId, 0);
    expectRefusedUnchanged(sim, 'GameSessionFullException', () => sim.call('CreatePlayerSession', { GameSessionId: empty, PlayerId: 'c' }));
  });

  it('PS-1: zero, more than 25 or repeated PlayerIds is InvalidRequestException', () => {
    const { sim, id } = oneSession(4, 100);
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds: [] }))).toContain('PlayerIds');
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds: ids(26) }))).toContain('PlayerIds');
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds: ['a', 'b', 'a'] }));
    expect(sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds: ids(25) }).PlayerSessions).toHaveLength(25);
  });
});

describe('PS-2: a player session\'s life', () => {
  it('PS-2: RESERVED → ACTIVE when the player connects', () => {
    const { sim, id } = oneSession(21);
    const ps = sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'p' }).PlayerSession!;
    sim.advanceBy(4.999);
    expect(playerSession(sim, ps.PlayerSessionId!).Status).toBe('RESERVED');
    sim.advanceBy(0.001);
    expect(playerSession(sim, ps.PlayerSessionId!).Status).toBe('ACTIVE');
    expect(playerSession(sim, ps.PlayerSessionId!).TerminationTime).toBeUndefined();
    sim.advanceBy(120);
    expect(playerSession(sim, ps.PlayerSessionId!).Status).toBe('ACTIVE');
    expect(describeGameSession(sim, id).CurrentPlayerSessionCount).toBe(1);
  });

  it('PS-2 [C]: a player who connects at once is ACTIVE 1 ms after the creation, not in its answer; at 60 s, still in time', () => {
    const { sim, id } = oneSession(25, 4, { playerConnect: { minSeconds: 0, maxSeconds: 0 } });
    const ps = sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'p' }).PlayerSession!;
    expect(ps.Status).toBe('RESERVED');
    expect(playerSession(sim, ps.PlayerSessionId!).Status).toBe('RESERVED');
    expect(connectionsRecorded(sim)).toEqual([1]);
    sim.advanceBy(0.001);
    expect(playerSession(sim, ps.PlayerSessionId!).Status).toBe('ACTIVE');
    const { sim: late, id: lateId } = oneSession(26, 4, { playerConnect: { minSeconds: 60, maxSeconds: 60 } });
    const onTime = late.call('CreatePlayerSession', { GameSessionId: lateId, PlayerId: 'p' }).PlayerSession!;
    expect(connectionsRecorded(late)).toEqual([60_000]);
    late.advanceBy(60);
    expect(playerSession(late, onTime.PlayerSessionId!).Status).toBe('ACTIVE');
  });

  it('PS-2 [C]: a player who connects at the very millisecond the game session ends counts as connected: COMPLETED', () => {
    const { sim, id } = oneSession(27, 4, { playerConnect: { minSeconds: 5, maxSeconds: 5 }, gameSessionTermination: { minSeconds: 5, maxSeconds: 5 } });
    const ps = sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'p' }).PlayerSession!;
    sim.call('TerminateGameSession', { GameSessionId: id, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' });
    sim.advanceBy(4.999);
    expect(describeGameSession(sim, id).Status).toBe('TERMINATING');
    expect(playerSession(sim, ps.PlayerSessionId!).Status).toBe('RESERVED');
    sim.advanceBy(0.001);
    expect(describeGameSession(sim, id).Status).toBe('TERMINATED');
    expect(playerSession(sim, ps.PlayerSessionId!)).toMatchObject({ Status: 'COMPLETED', TerminationTime: new Date(sim.nowMs) });
  });

  it('PS-2: RESERVED → TIMEDOUT 60 seconds after creation when the player never connects, freeing the place', () => {
    const { sim, id } = oneSession(22, 1, { playerNoShowProbability: 1 });
    const ps = sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'p' }).PlayerSession!;
    const createdMs = sim.nowMs;
    sim.advanceBy(59.999);
    expect(playerSession(sim, ps.PlayerSessionId!).Status).toBe('RESERVED');
    expectRefusedUnchanged(sim, 'GameSessionFullException', () => sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'q' }));
    sim.advanceBy(0.001);
    expect(playerSession(sim, ps.PlayerSessionId!)).toMatchObject({ Status: 'TIMEDOUT', TerminationTime: new Date(createdMs + 60_000) });
    expect(describeGameSession(sim, id).CurrentPlayerSessionCount).toBe(0);
    expect(sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'q' }).PlayerSession!.Status).toBe('RESERVED');
  });

  it('PS-2: a player who would connect after 60 seconds is too late: TIMEDOUT, and stays so', () => {
    const { sim, id } = oneSession(23, 4, { playerConnect: { minSeconds: 90, maxSeconds: 90 } });
    const ps = sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'p' }).PlayerSession!;
    expect(connectionsRecorded(sim)).toEqual([null]);
    sim.advanceBy(60);
    expect(playerSession(sim, ps.PlayerSessionId!).Status).toBe('TIMEDOUT');
    sim.advanceBy(60);
    expect(playerSession(sim, ps.PlayerSessionId!).Status).toBe('TIMEDOUT');
    expect(describeGameSession(sim, id).CurrentPlayerSessionCount).toBe(0);
  });

  it('PS-2: ACTIVE → COMPLETED when the player leaves', () => {
    const { sim, id } = oneSession(24, 4, { playerStay: { minSeconds: 10, maxSeconds: 10 } });
    const ps = sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'p' }).PlayerSession!;
    sim.advanceBy(5);
    expect(playerSession(sim, ps.PlayerSessionId!).Status).toBe('ACTIVE');
    sim.advanceBy(9.999);
    expect(playerSession(sim, ps.PlayerSessionId!).Status).toBe('ACTIVE');
    sim.advanceBy(0.001);
    expect(playerSession(sim, ps.PlayerSessionId!)).toMatchObject({ Status: 'COMPLETED', TerminationTime: new Date(sim.nowMs) });
    expect(describeGameSession(sim, id).CurrentPlayerSessionCount).toBe(0);
  });

  it('PS-2: when the game session ends, reserved players time out and connected ones complete [C]', () => {
    const { sim, id } = oneSession(25, 4);
    const early = sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'early' }).PlayerSession!;
    sim.advanceBy(5);
    const late = sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'late' }).PlayerSession!;
    sim.call('TerminateGameSession', { GameSessionId: id, TerminationMode: 'FORCE_TERMINATE' });
    sim.advanceBy(1); // GS-4: TERMINATING for the TERMINATING delay, then TERMINATED
    expect(playerSession(sim, early.PlayerSessionId!).Status).toBe('COMPLETED');
    expect(playerSession(sim, late.PlayerSessionId!).Status).toBe('TIMEDOUT');
    sim.advanceBy(100);
    expect(playerSession(sim, late.PlayerSessionId!).Status).toBe('TIMEDOUT');
  });

  it('PS-2: under random operations, a player session only goes RESERVED → ACTIVE, RESERVED → TIMEDOUT or ACTIVE → COMPLETED, and never stays RESERVED past 60 seconds', () => {
    const allowed: Readonly<Record<string, readonly string[]>> = { RESERVED: ['ACTIVE', 'TIMEDOUT'], ACTIVE: ['COMPLETED'], COMPLETED: [], TIMEDOUT: [] };
    fc.assert(
      fc.property(fc.integer(), coreActions({ players: true }, 40), (seed, actions) => {
        const w = coreWorld(seed, { timings: chaosTimings });
        for (const action of actions) applyAction(w, action);
        w.sim.advanceBy(61);
        for (const [id, history] of playerSessionHistories(w.sim)) {
          for (let i = 1; i < history.length; i++) expect(allowed[history[i - 1]!], `${id}: ${history.join(' → ')}`).toContain(history[i]);
          const ps = w.sim.world.playerSessions.get(id);
          if (ps === undefined) continue;
          const status = playerSessionStatus(ps, w.sim.nowMs);
          expect(status).toBe(history.at(-1));
          // 61 s after the last action, no reservation is left from before it.
          if (ps.creationTimeMs <= w.sim.nowMs - 60_000) expect(status).not.toBe('RESERVED');
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('PS-3: how many players a session holds', () => {
  it('PS-3: under random operations, CurrentPlayerSessionCount is the RESERVED and ACTIVE player sessions and never exceeds MaximumPlayerSessionCount; each create is admitted exactly as PS-1 says', () => {
    fc.assert(
      fc.property(fc.integer(), coreActions({ players: true }, 40), (seed, actions) => {
        const w = coreWorld(seed, { timings: chaosTimings });
        const { sim } = w;
        for (const action of actions) {
          if (action.kind === 'players' && sim.world.gameSessions.size > 0) {
            // Predict PS-1's answer from what DescribeGameSessions shows, then make the call.
            const ids = [...sim.world.gameSessions.keys()];
            const id = ids[action.pick % ids.length]!;
            const s = describeGameSession(sim, id);
            const expected = s.Status !== 'ACTIVE' || s.PlayerSessionCreationPolicy !== 'ACCEPT_ALL'
              ? 'InvalidGameSessionStatusException'
              : action.count > s.MaximumPlayerSessionCount! - s.CurrentPlayerSessionCount! ? 'GameSessionFullException' : undefined;
            const PlayerIds = Array.from({ length: action.count }, () => `player-${w.playersMade++}`);
            expect(attempt(sim, () => sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds }))).toBe(expected);
          } else {
            applyAction(w, action);
          }
          for (const id of sim.world.gameSessions.keys()) {
            const s = describeGameSession(sim, id);
            const seated = listPlayerSessions(sim, id).filter((p) => p.Status === 'RESERVED' || p.Status === 'ACTIVE').length;
            expect(s.CurrentPlayerSessionCount).toBe(seated);
            expect(s.CurrentPlayerSessionCount).toBeLessThanOrEqual(s.MaximumPlayerSessionCount!);
          }
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('DescribePlayerSessions', () => {
  it('lists by game session, player or id, narrowed by status, in creation order across pages', () => {
    const statuses: readonly PlayerSessionStatus[] = ['RESERVED', 'ACTIVE', 'COMPLETED', 'TIMEDOUT'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ players: fc.integer({ min: 1, max: 5 }), advance: fc.integer({ min: 0, max: 70 }) }), { minLength: 1, maxLength: 8 }),
        fc.option(fc.constantFrom(...statuses), { nil: undefined }),
        fc.integer({ min: 1, max: 6 }),
        (batches, status, Limit) => {
          const { sim, id } = oneSession(31, 200, { playerConnect: { minSeconds: 1, maxSeconds: 90 }, playerStay: { minSeconds: 5, maxSeconds: 40 } });
          let made = 0;
          for (const batch of batches) {
            sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds: Array.from({ length: batch.players }, () => `p${made++ % 3}-${made}`) });
            sim.advanceBy(batch.advance);
          }
          const all = listPlayerSessions(sim, id);
          expect(all).toHaveLength(made);
          const expected = all.filter((p) => status === undefined || p.Status === status).map((p) => p.PlayerSessionId);
          const got: string[] = [];
          let NextToken: string | undefined;
          do {
            const out = sim.call('DescribePlayerSessions', { GameSessionId: id, PlayerSessionStatusFilter: status, Limit, NextToken });
            expect(out.PlayerSessions!.length).toBeLessThanOrEqual(Limit);
            if (out.NextToken !== undefined) expect(out.PlayerSessions).toHaveLength(Limit);
            got.push(...out.PlayerSessions!.map((p) => p.PlayerSessionId!));
            NextToken = out.NextToken;
          } while (NextToken !== undefined);
          expect(got).toEqual(expected);
          const first = all[0]!;
          expect(sim.call('DescribePlayerSessions', { PlayerSessionId: first.PlayerSessionId }).PlayerSessions).toEqual([first]);
          const byPlayer = sim.call('DescribePlayerSessions', { PlayerId: first.PlayerId }).PlayerSessions!;
          expect(byPlayer.map((p) => p.PlayerSessionId)).toEqual(all.filter((p) => p.PlayerId === first.PlayerId).map((p) => p.PlayerSessionId));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses none or several of GameSessionId, PlayerId, PlayerSessionId, an unknown id, or a bad status filter', () => {
    const { sim, id } = oneSession(32);
    const ps = sim.call('CreatePlayerSession', { GameSessionId: id, PlayerId: 'p' }).PlayerSession!;
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribePlayerSessions', {}));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribePlayerSessions', { GameSessionId: id, PlayerId: 'p' }));
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribePlayerSessions', { PlayerSessionId: 'psess-00000000-0000-4000-8000-000000000000' }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribePlayerSessions', { PlayerSessionId: 'gsess-1' }));
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () =>
      sim.call('DescribePlayerSessions', { PlayerSessionId: ps.PlayerSessionId, PlayerSessionStatusFilter: 'GONE' }))).toContain('PlayerSessionStatusFilter');
    expect(sim.call('DescribePlayerSessions', { PlayerId: 'nobody' }).PlayerSessions).toEqual([]);
  });
});

describe('PS-4: what the docs say is ignored or accepted', () => {
  it('PS-4: CreatePlayerSessions ignores PlayerDataMap entries for players not in PlayerIds, and keeps those for players in it', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 5 }),
        fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ minLength: 1, maxLength: 20 }), { maxKeys: 8 }),
        (PlayerIds, PlayerDataMap) => {
          const { sim, id } = oneSession(41, 10);
          const created = sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds, PlayerDataMap }).PlayerSessions!;
          expect(created.map((p) => p.PlayerId)).toEqual(PlayerIds);
          for (const p of created) expect(p.PlayerData).toBe(Object.hasOwn(PlayerDataMap, p.PlayerId!) ? PlayerDataMap[p.PlayerId!] : undefined);
          expect(describeGameSession(sim, id).CurrentPlayerSessionCount).toBe(PlayerIds.length);
        },
      ),
      { numRuns: 40 },
    );
    // An entry is still checked against the model's shape, listed or not.
    const { sim, id } = oneSession(42, 10);
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () =>
      sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds: ['a'], PlayerDataMap: { z: 'x'.repeat(2049) } }))).toContain('PlayerDataMap.z');
  });

  it('PS-4: DescribePlayerSessions ignores PlayerSessionStatusFilter with PlayerSessionId or PlayerId, and applies it with GameSessionId', () => {
    const statuses: readonly PlayerSessionStatus[] = ['RESERVED', 'ACTIVE', 'COMPLETED', 'TIMEDOUT'];
    fc.assert(
      fc.property(fc.constantFrom(...statuses), fc.integer({ min: 0, max: 90 }), (PlayerSessionStatusFilter, advance) => {
        const { sim, id } = oneSession(43, 10, { playerConnect: { minSeconds: 1, maxSeconds: 90 }, playerStay: { minSeconds: 5, maxSeconds: 40 } });
        const made = sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds: ['a', 'b', 'c', 'd'] }).PlayerSessions!;
        sim.advanceBy(advance);
        for (const ps of made) {
          const byId = sim.call('DescribePlayerSessions', { PlayerSessionId: ps.PlayerSessionId, PlayerSessionStatusFilter }).PlayerSessions!;
          expect(byId).toEqual(sim.call('DescribePlayerSessions', { PlayerSessionId: ps.PlayerSessionId }).PlayerSessions);
          expect(byId).toHaveLength(1);
          const byPlayer = sim.call('DescribePlayerSessions', { PlayerId: ps.PlayerId, PlayerSessionStatusFilter }).PlayerSessions!;
          expect(byPlayer).toEqual(sim.call('DescribePlayerSessions', { PlayerId: ps.PlayerId }).PlayerSessions);
          expect(byPlayer).toHaveLength(1);
        }
        const byGame = sim.call('DescribePlayerSessions', { GameSessionId: id, PlayerSessionStatusFilter }).PlayerSessions!;
        expect(byGame.map((p) => p.PlayerSessionId)).toEqual(listPlayerSessions(sim, id).filter((p) => p.Status === PlayerSessionStatusFilter).map((p) => p.PlayerSessionId));
      }),
      { numRuns: 30 },
    );
  });

  it('PS-4: PlayerLatencies take any RegionIdentifier of 1–1024 characters and any LatencyInMilliseconds number; a region no location has matches none', () => {
    const region = fc.oneof(fc.constant('US West (Oregon)'), fc.string({ minLength: 1, maxLength: 1024 }));
    const latency = fc.oneof(fc.constant(-1), fc.double({ noNaN: true }));
    fc.assert(
      fc.property(region, latency, fc.nat(), (RegionIdentifier, LatencyInMilliseconds, n) => {
        const sim = quickSimulation(44);
        const fleetId = activeFleet(sim, { processesPerInstance: 2 });
        sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }] });
        const PlayerLatencies = [{ PlayerId: 'a', RegionIdentifier, LatencyInMilliseconds }];
        const out = sim.call('StartGameSessionPlacement', { PlacementId: `p${n}`, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2, PlayerLatencies });
        expect(out.GameSessionPlacement!.PlayerLatencies).toEqual(PlayerLatencies);
      }),
      { numRuns: 40 },
    );
    const sim = quickSimulation(45);
    const fleetId = activeFleet(sim, { processesPerInstance: 2 });
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }] });
    const start = (PlacementId: string, RegionIdentifier: unknown, LatencyInMilliseconds: unknown) => () => sim.call('StartGameSessionPlacement', {
      PlacementId, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2,
      PlayerLatencies: [{ PlayerId: 'a', RegionIdentifier, LatencyInMilliseconds }],
    } as never);
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', start('x', '', 10))).toContain('PlayerLatencies[0].RegionIdentifier');
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', start('x', 'r'.repeat(1025), 10))).toContain('PlayerLatencies[0].RegionIdentifier');
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', start('x', 'us-west-2', '10'))).toContain('PlayerLatencies[0].LatencyInMilliseconds');
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', start('x', 'us-west-2', Number.NaN))).toContain('PlayerLatencies[0].LatencyInMilliseconds');
    // A latency for a region no location has matches no location; a queue without latency policies still places.
    start('elsewhere', 'US West (Oregon)', 5)();
    sim.advanceBy(30);
    expect(sim.call('DescribeGameSessionPlacement', { PlacementId: 'elsewhere' }).GameSessionPlacement!.Status).toBe('FULFILLED');
  });
});
