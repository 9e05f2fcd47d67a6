import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/engine/canonical.ts';
import { dumpWorld } from '../../src/model/dump.ts';
import { activeFleet, activeGameSession, quickSimulation } from '../support/fixtures.ts';

/**
 * The state dump behind the state hash (and DT-3's check that a restored world is the one saved): every datum once.
 * A world with players in a running game session and in an ended one, whose player sessions are packed.
 */
function worldWithPlayers(): { sim: ReturnType<typeof quickSimulation>; running: string; ended: string } {
  const sim = quickSimulation(21);
  const fleetId = activeFleet(sim, { processesPerInstance: 2 });
  const ended = activeGameSession(sim, fleetId);
  const running = activeGameSession(sim, fleetId);
  sim.call('CreatePlayerSessions', { GameSessionId: ended, PlayerIds: ['player-ended-0', 'player-ended-1'] });
  sim.call('CreatePlayerSessions', { GameSessionId: running, PlayerIds: ['player-running-0', 'player-running-1', 'player-running-2'] });
  sim.call('TerminateGameSession', { GameSessionId: ended, TerminationMode: 'FORCE_TERMINATE' });
  sim.advanceBy(2);
  return { sim, running, ended };
}

/** How many times `text` occurs in `within`. */
function occurrences(within: string, text: string): number {
  return within.split(text).length - 1;
}

describe('state dump', () => {
  it('DT-3: holds each player session once, inside its game session, and no list of them beside', () => {
    const { sim, running, ended } = worldWithPlayers();
    const endedSession = sim.world.gameSessions.get(ended)!;
    expect(endedSession.status).toBe('TERMINATED');
    expect(endedSession.packedPlayerSessions).toBeDefined();
    const dump = dumpWorld(sim.world);
    expect(Object.keys(dump)).not.toContain('playerSessions');
    // Pending events name the player sessions they concern by id, as they name every entity: left out here.
    const text = canonicalJson({ ...dump, events: undefined });
    // Running: as objects, by id; ended: in the packed string, whose PlayerIds are plain text.
    for (const ps of sim.world.gameSessions.get(running)!.playerSessions) expect(occurrences(text, ps.playerSessionId)).toBe(1);
    for (const playerId of ['player-running-0', 'player-running-1', 'player-running-2', 'player-ended-0', 'player-ended-1']) {
      expect(occurrences(text, playerId), playerId).toBe(1);
    }
  });

  it('DT-3: a running game session\'s player sessions are in the state hash: an end changes it', () => {
    const { sim, running } = worldWithPlayers();
    const before = sim.stateHash();
    const [first] = sim.world.gameSessions.get(running)!.playerSessions;
    expect(first!.endedAs).toBeUndefined();
    first!.endedAs = 'COMPLETED';
    expect(sim.stateHash()).not.toBe(before);
    first!.endedAs = undefined;
    expect(sim.stateHash()).toBe(before);
  });
});
