import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { RandomStreams, uuidFrom } from '../../src/engine/random.ts';

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

describe('RandomStream.bytes', () => {
  it('DT-2: gives the bytes as many draws of next would, and leaves the stream where they would', () => {
    fc.assert(fc.property(fc.integer(), fc.string({ maxLength: 20 }), fc.nat({ max: 64 }), (seed, name, count) => {
      const drawn = new RandomStreams(seed).once(name);
      const batched = new RandomStreams(seed).once(name);
      const out = new Uint8Array(count);
      batched.bytes(out, count);
      expect([...out]).toEqual(Array.from({ length: count }, () => Math.floor(drawn.next() * 256)));
      expect(batched.state()).toEqual(drawn.state());
      expect(batched.next()).toBe(drawn.next());
    }), { numRuns: 200 });
  });
});

describe('uuidFrom', () => {
  /** A version-4 UUID made the plain way: a draw a byte, a string built by concatenation. */
  function plainUuid(stream: { next(): number }, prefix: string): string {
    let hex = '';
    for (let i = 0; i < 16; i++) {
      let byte = Math.floor(stream.next() * 256);
      if (i === 6) byte = (byte & 0x0f) | 0x40;
      if (i === 8) byte = (byte & 0x3f) | 0x80;
      hex += byte.toString(16).padStart(2, '0');
    }
    return `${prefix}${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  it('DT-2: is the version-4 UUID of the next 16 draws after its prefix, whatever prefixes came before', () => {
    fc.assert(fc.property(fc.integer(), fc.array(fc.constantFrom('', 'psess-', 'gsess-', 'x', 'a-longer-prefix-'), { minLength: 1, maxLength: 6 }), (seed, prefixes) => {
      const made = new RandomStreams(seed).once('ids');
      const plain = new RandomStreams(seed).once('ids');
      for (const prefix of prefixes) {
        const id = uuidFrom(made, prefix);
        expect(id).toBe(plainUuid(plain, prefix));
        expect(id.slice(prefix.length)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
      expect(made.state()).toEqual(plain.state());
    }), { numRuns: 200 });
  });

  it('refuses a prefix longer than its limit', () => {
    expect(() => uuidFrom(new RandomStreams(1).once('ids'), 'p'.repeat(33))).toThrow(/at most 32 characters/);
  });
});
