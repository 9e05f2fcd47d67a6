import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.ts';
import { OnceStream } from '../../src/runner/once-stream.ts';

describe('OnceStream', () => {
  it('DT-2: draws what the engine\'s stream of the same seed and name draws, number for number, and shows the same state', () => {
    fc.assert(fc.property(
      fc.oneof(fc.integer(), fc.string({ unit: 'binary' })), fc.string({ unit: 'binary', maxLength: 40 }), fc.array(fc.integer({ min: -5, max: 20 }), { minLength: 1, maxLength: 8 }),
      (seed, name, bounds) => {
        const engine = new RandomStreams(seed).once(name);
        const once = new OnceStream(seed, name);
        expect(once.state()).toEqual(engine.state());
        for (let i = 0; i < 50; i++) expect(once.next()).toBe(engine.next());
        for (const min of bounds) expect(once.int(min, min + 9)).toBe(engine.int(min, min + 9));
        expect(once.state()).toEqual(engine.state());
      },
    ), { numRuns: 300 });
  });

  it('draws the lobby streams of a run as the engine does, far into a day', () => {
    for (const index of [1, 2, 99, 1_000_000, 2_000_000]) {
      const engine = new RandomStreams(1).once(`lobbies/${index}`);
      const once = new OnceStream(1, `lobbies/${index}`);
      for (let i = 0; i < 200; i++) expect(once.next()).toBe(engine.next());
    }
  });
});
