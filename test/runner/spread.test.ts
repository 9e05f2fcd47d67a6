import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Seconds } from '../../src/runner/spread.ts';

/** The spread as the driver computed it before it kept seconds in a typed array: a sorted copy, summed in order. */
function reference(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return {
    p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0,
    mean: sorted.length === 0 ? 0 : sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

describe('Seconds', () => {
  it('gives exactly the nearest-rank percentiles, max and mean of what it was given, past its initial capacity and in any order', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 600_000 }).map((ms) => ms / 1000), { maxLength: 3000 }), (values) => {
      const seconds = new Seconds();
      for (const v of values) seconds.add(v);
      expect(seconds.length).toBe(values.length);
      expect(seconds.toArray()).toEqual(values);
      expect(seconds.spread()).toEqual(reference(values));
    }), { numRuns: 40 });
  });
});
