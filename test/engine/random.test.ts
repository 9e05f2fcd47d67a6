import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { RandomStreams } from '../../src/engine/random.ts';

/** seedrandom's Alea of `key`, as the engine's named streams are made. */
function seedrandomStream(key: string): { next(): number; int(min: number, max: number): number; state(): object } {
  const prng = seedrandom.alea(key, { state: true });
  return { next: () => prng(), int: (min, max) => min + Math.floor(prng() * (max - min + 1)), state: () => prng.state() };
}

describe('RandomStreams.once', () => {
  it('DT-2: draws what seedrandom\'s Alea of the seed and name draws, number for number, and shows the same state', () => {
    fc.assert(fc.property(
      fc.oneof(fc.integer(), fc.string({ unit: 'binary' })), fc.string({ unit: 'binary', maxLength: 40 }), fc.array(fc.integer({ min: -5, max: 20 }), { minLength: 1, maxLength: 8 }),
      (seed, name, bounds) => {
        const engine = seedrandomStream(`${seed}/${name}`);
        const once = new RandomStreams(seed).once(name);
        expect(once.state()).toEqual(engine.state());
        for (let i = 0; i < 50; i++) expect(once.next()).toBe(engine.next());
        for (const min of bounds) expect(once.int(min, min + 9)).toBe(engine.int(min, min + 9));
        expect(once.state()).toEqual(engine.state());
      },
    ), { numRuns: 300 });
  });

  it('DT-3: a named stream resumed from its state goes on as seedrandom\'s does, and as the stream never saved', () => {
    fc.assert(fc.property(fc.integer(), fc.string({ maxLength: 20 }), fc.nat({ max: 40 }), (seed, name, drawn) => {
      const streams = new RandomStreams(seed);
      const reference = seedrandomStream(`${seed}/${name}`);
      for (let i = 0; i < drawn; i++) expect(streams.stream(name).next()).toBe(reference.next());
      const resumed = new RandomStreams(seed, streams.states()).stream(name);
      expect(resumed.state()).toEqual(reference.state());
      for (let i = 0; i < 20; i++) {
        const next = reference.next();
        expect(resumed.next()).toBe(next);
        expect(streams.stream(name).next()).toBe(next);
      }
    }), { numRuns: 200, examples: [[0, '__proto__', 1]] });
  });

  it('draws the lobby streams of a run as seedrandom does, far into a day', () => {
    for (const index of [1, 2, 99, 1_000_000, 2_000_000]) {
      const engine = seedrandomStream(`1/lobbies/${index}`);
      const once = new RandomStreams(1).once(`lobbies/${index}`);
      for (let i = 0; i < 200; i++) expect(once.next()).toBe(engine.next());
    }
  });
});
