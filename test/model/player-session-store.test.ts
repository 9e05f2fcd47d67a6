import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlayerSession as SdkPlayerSession } from '@aws-sdk/client-gamelift';
import type { Simulation } from '../../src/api/simulation.ts';
import { activeFleet, activeGameSession, expectRefusedUnchanged, quickSimulation } from '../support/fixtures.ts';

const DAY_MS = 24 * 3600_000;

/** Every way DescribePlayerSessions shows a game session's player sessions: by game session, by id, by player. */
function views(sim: Simulation, gameSessionId: string): { byGameSession: SdkPlayerSession[]; byId: SdkPlayerSession[]; byPlayer: SdkPlayerSession[] } {
  const byGameSession = sim.call('DescribePlayerSessions', { GameSessionId: gameSessionId }).PlayerSessions!;
  return {
    byGameSession,
    byId: byGameSession.flatMap((ps) => sim.call('DescribePlayerSessions', { PlayerSessionId: ps.PlayerSessionId }).PlayerSessions!),
    byPlayer: byGameSession.flatMap((ps) => sim.call('DescribePlayerSessions', { PlayerId: ps.PlayerId }).PlayerSessions!
      .filter((mine) => mine.GameSessionId === gameSessionId)),
  };
}

describe('PlayerSessionStore: ended player sessions packed', () => {
  it('DG-9, PS-2: once packed, ended player sessions show exactly as before, by game session, id and player, for 30 days, then are gone', () => {
    const sim = quickSimulation(5);
    const fleetId = activeFleet(sim, { processesPerInstance: 4 });
    const kept = activeGameSession(sim, fleetId);
    const ended = activeGameSession(sim, fleetId);
    // The same player in both, a player with data, one who never connects (quickSimulation connects all in 5 s).
    sim.call('CreatePlayerSessions', { GameSessionId: kept, PlayerIds: ['alice', 'bob'] });
    sim.call('CreatePlayerSessions', { GameSessionId: ended, PlayerIds: ['alice', 'carol', 'dave'], PlayerDataMap: { carol: 'data ☃' } });
    sim.advanceBy(10);
    const before = views(sim, ended);
    sim.call('TerminateGameSession', { GameSessionId: ended, TerminationMode: 'FORCE_TERMINATE' });
    sim.advanceBy(1);
    // Packed now: every member shows as it did from the objects, but for the status and TerminationTime ending set.
    const after = views(sim, ended);
    expect(sim.world.gameSessions.get(ended)!.packedPlayerSessions).toBeDefined();
    const unchanged = (list: SdkPlayerSession[]): SdkPlayerSession[] => list.map(({ Status: _s, TerminationTime: _t, ...rest }) => rest);
    expect(unchanged(after.byGameSession)).toEqual(unchanged(before.byGameSession));
    expect(after.byGameSession.map((ps) => [ps.PlayerId, ps.Status, ps.PlayerData])).toEqual([
      ['alice', 'COMPLETED', undefined], ['carol', 'COMPLETED', 'data ☃'], ['dave', 'COMPLETED', undefined],
    ]);
    expect(after.byId).toEqual(after.byGameSession);
    expect(after.byPlayer).toEqual(after.byGameSession);
    for (const ps of after.byGameSession) expect(ps.TerminationTime!.getTime()).toBe(sim.nowMs);
    // Alice's listing holds both her sessions in creation order, live and packed.
    expect(sim.call('DescribePlayerSessions', { PlayerId: 'alice' }).PlayerSessions!.map((ps) => ps.GameSessionId)).toEqual([kept, ended]);
    expect(sim.world.playerSessions.size).toBe(5);

    sim.advanceBy(30 * DAY_MS / 1000 - 0.001);
    expect(views(sim, ended)).toEqual(after);
    sim.advanceBy(0.001);
    for (const ps of after.byGameSession) {
      expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribePlayerSessions', { PlayerSessionId: ps.PlayerSessionId }));
    }
    expect(sim.call('DescribePlayerSessions', { PlayerId: 'carol' }).PlayerSessions).toEqual([]);
    expect(sim.call('DescribePlayerSessions', { PlayerId: 'alice' }).PlayerSessions!.map((ps) => ps.GameSessionId)).toEqual([kept]);
    expect(sim.world.playerSessions.size).toBe(2);
  });

  it('PS-4, DG-9: a player\'s listing holds exactly their sessions, live and ended, in creation order, whenever the lookups are first asked for', () => {
    // Each step seats some of four players in a new game session, ends one of the running game sessions, or checks
    // every listing there and then: the lookups are made at the first check, and kept current from then on.
    const step = fc.oneof(
      fc.record({ seat: fc.subarray(['ann', 'ben', 'cy', 'dee'], { minLength: 1 }) }),
      fc.record({ end: fc.nat() }),
      fc.record({ check: fc.constant(true) }),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
      const sim = quickSimulation(7);
      const fleetId = activeFleet(sim, { processesPerInstance: 12 });
      const running: string[] = [];
      const all: string[] = [];
      const check = (): void => {
        // What each game session shows, in creation order, is the reference the listings by player must match.
        const everyOne = all.flatMap((id) => sim.call('DescribePlayerSessions', { GameSessionId: id }).PlayerSessions!);
        for (const player of ['ann', 'ben', 'cy', 'dee']) {
          const listed = sim.call('DescribePlayerSessions', { PlayerId: player }).PlayerSessions ?? [];
          expect(listed).toEqual(everyOne.filter((ps) => ps.PlayerId === player));
        }
        for (const ps of everyOne) {
          expect(sim.call('DescribePlayerSessions', { PlayerSessionId: ps.PlayerSessionId }).PlayerSessions).toEqual([ps]);
        }
        expect(sim.world.playerSessions.size).toBe(everyOne.length);
        expect([...sim.world.playerSessions.keys()].sort()).toEqual(everyOne.map((ps) => ps.PlayerSessionId).sort());
      };
      for (const s of steps) {
        if ('seat' in s) {
          const id = activeGameSession(sim, fleetId);
          sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds: s.seat });
          running.push(id);
          all.push(id);
        } else if ('end' in s && running.length > 0) {
          const [id] = running.splice(s.end % running.length, 1);
          sim.call('TerminateGameSession', { GameSessionId: id!, TerminationMode: 'FORCE_TERMINATE' });
          sim.advanceBy(2);
        } else if ('check' in s) {
          check();
        }
      }
      check();
    }), { numRuns: 25 });
  });

  it('DG-9: player sessions are counted as they are made, packed and gone, whether or not a lookup was ever asked for', () => {
    const sim = quickSimulation(9);
    const fleetId = activeFleet(sim, { processesPerInstance: 4 });
    const kept = activeGameSession(sim, fleetId);
    const ended = activeGameSession(sim, fleetId);
    sim.call('CreatePlayerSessions', { GameSessionId: kept, PlayerIds: ['erin'] });
    sim.call('CreatePlayerSessions', { GameSessionId: ended, PlayerIds: ['erin', 'finn', 'gus'], PlayerDataMap: { finn: 'x'.repeat(300) } });
    expect(sim.world.playerSessions.size).toBe(4);
    sim.call('TerminateGameSession', { GameSessionId: ended, TerminationMode: 'FORCE_TERMINATE' });
    sim.advanceBy(2);
    expect(sim.world.playerSessions.size).toBe(4);
    sim.advanceBy(30 * DAY_MS / 1000);
    expect(sim.world.playerSessions.size).toBe(1);
    // The lookups, first made now, find what is left and nothing that is gone.
    expect(sim.call('DescribePlayerSessions', { PlayerId: 'erin' }).PlayerSessions!.map((ps) => ps.GameSessionId)).toEqual([kept]);
    expect(sim.call('DescribePlayerSessions', { PlayerId: 'finn' }).PlayerSessions).toEqual([]);
  });
});
