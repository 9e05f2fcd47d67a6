import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Load } from '../../src/runner/define.ts';
import { LATENCY_MS_MAX, lobbies, type Lobby } from '../../src/runner/lobbies.ts';

const LOAD: Load = {
  durationMinutes: 30,
  arrivals: [
    { kind: 'constant', minutes: 5, lobbiesPerMinute: 6 },
    { kind: 'ramp', minutes: 10, fromPerMinute: 2, toPerMinute: 20 },
    { kind: 'poisson', minutes: 15, lobbiesPerMinute: 10 },
  ],
  queues: ['a', 'b'],
  lobbySize: { min: 1, max: 5 },
  latencyMs: { 'us-west-2': { kind: 'uniform', minMs: 20, maxMs: 80 }, 'eu-west-1': { kind: 'normal', meanMs: 100, sdMs: 200 } },
  disband: { fraction: 0.3, afterSeconds: { minSeconds: 5, maxSeconds: 30 } },
};

const all = (load: Load, seed: number | string): Lobby[] => [...lobbies(load, seed)];

describe('the lobby generator', () => {
  it('is a pure function of the players section and the seed; another seed gives other lobbies', () => {
    expect(all(LOAD, 1)).toEqual(all(LOAD, 1));
    expect(all(LOAD, 2)).not.toEqual(all(LOAD, 1));
  });

  it('is prefix-stable: a shorter duration, fewer lobbies taken or another disband share leave the other lobbies as they were', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 29 }), fc.nat(1000), (minutes, seed) => {
      const full = all(LOAD, seed);
      const cut = all({ ...LOAD, durationMinutes: minutes }, seed);
      expect(cut).toEqual(full.slice(0, cut.length));
      expect(full[cut.length]?.arrivalMs ?? Infinity).toBeGreaterThanOrEqual(minutes * 60_000);
      const calm = all({ ...LOAD, disband: undefined }, seed);
      expect(calm.map((l) => ({ ...l, disbandAfterMs: undefined }))).toEqual(full.map((l) => ({ ...l, disbandAfterMs: undefined })));
    }), { numRuns: 30 });
  });

  it('draws the same lobbies from a seed as it always has, so that runs keep their trace hashes', () => {
    // Pinned from the generator as it was when the recorded runs' hashes were taken: any change of draw, order or
    // shape (a cheaper way of making lobbies included) must leave these as they are.
    const digest = (load: Load, seed: number | string): string => createHash('sha256').update(JSON.stringify(all(load, seed))).digest('hex');
    expect(digest(LOAD, 7)).toBe('53463cd102dec281cacc36c212671009d29abd4b8459d7a0a5b6a1e44874967f');
    expect(digest(LOAD, 'x')).toBe('0b5b4d84e49fe7919806967dc34e45f23e3f555664fb2b986d9b75525f0ee9e1');
    expect(digest({ ...LOAD, latencyMs: undefined, disband: undefined }, 7)).toBe('343362360cbfca30406715086bbbdf96b32fd84b47332868a9a867056d34a4f3');
  });

  it('skips the first lobbies without making them, and goes on with the next exactly as they would have been (a restored run)', () => {
    fc.assert(fc.property(fc.nat(400), fc.nat(1000), (skip, seed) => {
      const full = all(LOAD, seed);
      expect([...lobbies(LOAD, seed, skip)]).toEqual(full.slice(skip));
    }), { numRuns: 20 });
  });

  it('makes lobbies within the players section: queue, size, latencies in range and clamped, disband delay', () => {
    const made = all(LOAD, 7);
    made.forEach((lobby, i) => {
      expect(lobby.id).toBe(`lobby-${i + 1}`);
      expect(['a', 'b']).toContain(lobby.queue);
      expect(lobby.players.length).toBeGreaterThanOrEqual(1);
      expect(lobby.players.length).toBeLessThanOrEqual(5);
      expect(lobby.maximumPlayers).toBe(5);
      for (const p of lobby.players) {
        expect(p.latencyMs['us-west-2']).toBeGreaterThanOrEqual(20);
        expect(p.latencyMs['us-west-2']).toBeLessThanOrEqual(80);
        expect(p.latencyMs['eu-west-1']).toBeGreaterThanOrEqual(1);
        expect(p.latencyMs['eu-west-1']).toBeLessThanOrEqual(LATENCY_MS_MAX);
      }
      if (lobby.disbandAfterMs !== undefined) {
        expect(lobby.disbandAfterMs).toBeGreaterThanOrEqual(5000);
        expect(lobby.disbandAfterMs).toBeLessThanOrEqual(30_000);
      }
      if (i > 0) expect(lobby.arrivalMs).toBeGreaterThanOrEqual(made[i - 1]!.arrivalMs);
    });
    const disbanding = made.filter((l) => l.disbandAfterMs !== undefined).length / made.length;
    expect(disbanding).toBeGreaterThan(0.15);
    expect(disbanding).toBeLessThan(0.45);
  });

  it('spaces a constant phase evenly, and gives Poisson and ramp phases their expected counts', () => {
    const constant = all({ ...LOAD, durationMinutes: 5 }, 1);
    expect(constant.map((l) => l.arrivalMs)).toEqual(Array.from({ length: 29 }, (_, k) => (k + 1) * 10_000));

    const hour = (arrivals: Load['arrivals']): number[] => all({ ...LOAD, durationMinutes: 60, arrivals }, 3).map((l) => l.arrivalMs);
    const poisson = hour([{ kind: 'poisson', minutes: 60, lobbiesPerMinute: 60 }]);
    // 3600 expected, standard deviation 60: five of them either way.
    expect(Math.abs(poisson.length - 3600)).toBeLessThan(300);
    const ramp = hour([{ kind: 'ramp', minutes: 60, fromPerMinute: 0, toPerMinute: 120 }]);
    expect(Math.abs(ramp.length - 3600)).toBeLessThan(300);
    // A linear ramp from 0 puts a quarter of its arrivals in its first half.
    const firstHalf = ramp.filter((ms) => ms < 30 * 60_000).length;
    expect(Math.abs(firstHalf / ramp.length - 0.25)).toBeLessThan(0.03);
  });
});
