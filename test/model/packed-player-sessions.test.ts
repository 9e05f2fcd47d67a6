import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GameSession, PlayerSession } from '../../src/model/entities.ts';
import { idKey, packedCount, packPlayerSessions, playerKey, unpackPlayerSessions } from '../../src/model/packed-player-sessions.ts';

const session = { gameSessionId: 'arn:aws:gamelift:us-west-2::gamesession/fleet-1/gs' } as GameSession;

const playerSession: fc.Arbitrary<PlayerSession> = fc.record({
  playerSessionId: fc.uuid({ version: 4 }).map((u) => `psess-${u}`),
  playerId: fc.string({ minLength: 1, maxLength: 1024, unit: 'binary' }),
  playerData: fc.option(fc.string({ minLength: 1, maxLength: 2048, unit: 'binary' }), { nil: undefined }),
  gameSession: fc.constant(session),
  creationTimeMs: fc.integer({ min: 0, max: 2 ** 47 }),
  terminationTimeMs: fc.integer({ min: 0, max: 2 ** 47 }),
  ordinal: fc.nat(),
  connectAtMs: fc.constant(undefined),
  endedAs: fc.constantFrom('COMPLETED' as const, 'TIMEDOUT' as const),
});

describe('packed player sessions', () => {
  it('PS-2, DG-9: ended player sessions unpack exactly as they were packed, whatever their ids and texts', () => {
    fc.assert(fc.property(fc.array(playerSession, { maxLength: 30 }), (list) => {
      const packed = packPlayerSessions(list);
      expect(unpackPlayerSessions(packed, session)).toEqual(list);
      expect(packedCount(packed)).toBe(list.length);
    }));
  });

  it('texts longer than the API lets through, whose lengths take three units, unpack whole too', () => {
    // The writer makes room for each text's length at its widest: a typed array would drop what runs past its end.
    const long = (n: number, code: number) => String.fromCharCode(code).repeat(n);
    const list: PlayerSession[] = [16_383, 16_384, 40_000, 3].map((n, i) => ({
      playerSessionId: `psess-0000000${i}-0000-4000-8000-000000000000`, playerId: long(n, 0x61 + i), playerData: long(2 * n, 0x3b1),
      gameSession: session, creationTimeMs: 1000 * i, terminationTimeMs: 1000 * i + 5, ordinal: i, connectAtMs: undefined, endedAs: 'COMPLETED',
    }));
    expect(unpackPlayerSessions(packPlayerSessions(list), session)).toEqual(list);
  });

  it('players created together take a few characters for their times and ordinals, beyond id, status and texts', () => {
    const list: PlayerSession[] = Array.from({ length: 6 }, (_, i) => ({
      playerSessionId: `psess-0000000${i}-0000-4000-8000-000000000000`, playerId: `player-${i}`, playerData: undefined,
      gameSession: session, creationTimeMs: 1_767_225_600_000, terminationTimeMs: 1_767_225_750_000 + i, ordinal: 40_000_000 + i,
      connectAtMs: undefined, endedAs: 'COMPLETED',
    }));
    const packed = packPlayerSessions(list);
    expect(unpackPlayerSessions(packed, session)).toEqual(list);
    const fixed = list.reduce((n, ps) => n + 16 + 1 + 1 + ps.playerId.length + 1, 0);
    // The first player's creation time and ordinal whole (6 and 4 characters), then a difference of 3 characters
    // (its lifetime) and two of 1 a player.
    expect(packed.length - fixed).toBe(6 + 4 + 6 * 3 + 5 * 2);
  });

  it('refuses a player session that has not ended, or an id the world does not make', () => {
    const ps = fc.sample(playerSession, { numRuns: 1, seed: 1 })[0]!;
    expect(() => packPlayerSessions([{ ...ps, endedAs: undefined }])).toThrow(/not ended/);
    expect(() => packPlayerSessions([{ ...ps, playerSessionId: 'psess-custom' }])).toThrow(/not one the world makes/);
  });

  it('refuses every id not of the form the world makes, even one a character off', () => {
    const ps = fc.sample(playerSession, { numRuns: 1, seed: 2 })[0]!;
    const id = 'psess-0123abcd-4567-4890-abcd-ef0123456789';
    expect(() => packPlayerSessions([{ ...ps, playerSessionId: id }])).not.toThrow();
    for (const bad of [
      id.toUpperCase(), id.replace('psess-', 'gsess-'), `${id}0`, id.slice(0, -1), id.replace('-4567', '4567-'),
      id.replace('a', 'g'), id.replace('9', ' '), id.replace('-4890', '_4890'),
    ]) {
      expect(() => packPlayerSessions([{ ...ps, playerSessionId: bad }]), bad).toThrow(/not one the world makes/);
    }
  });

  it('the key of an id is the first four bytes of its UUID as a signed 32-bit integer', () => {
    fc.assert(fc.property(fc.uuid({ version: 4 }), (u) => {
      expect(idKey(`psess-${u}`)).toBe(parseInt(u.slice(0, 8), 16) | 0);
    }));
  });

  it('refuses to read a packed string cut short, rather than read on past its end', () => {
    const ps = fc.sample(playerSession, { numRuns: 1, seed: 3 })[0]!;
    const packed = packPlayerSessions([{ ...ps, creationTimeMs: 2 ** 40 }]);
    // Cut inside the creation time, whose variable-length number takes several characters after the id's 16.
    expect(() => packedCount(packed.slice(0, 18))).toThrow(/end inside a number/);
  });

  it('keys are 32-bit integers, the same for the same id', () => {
    expect(idKey('psess-ffffffff-0000-4000-8000-000000000000')).toBe(-1);
    expect(playerKey('alice')).toBe(playerKey('alice'));
    expect(Number.isInteger(playerKey('bob')) && Math.abs(playerKey('bob')) < 2 ** 31).toBe(true);
  });
});
