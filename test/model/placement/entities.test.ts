import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packLatencies, type PlayerLatencyInput } from '../../../src/model/placement/entities.ts';

const entry: fc.Arbitrary<PlayerLatencyInput> = fc.record({
  playerId: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
  regionIdentifier: fc.option(fc.constantFrom('us-west-2', 'eu-west-1'), { nil: undefined }),
  latencyMs: fc.option(fc.oneof(fc.nat({ max: 1000 }), fc.double({ min: 0, max: 1000, noNaN: true })), { nil: undefined }),
});

describe('packLatencies', () => {
  it('PL-1: each entry\'s PlayerId, RegionIdentifier and latency in turn, nothing more, with no holes', () => {
    fc.assert(fc.property(fc.array(entry, { maxLength: 40 }), (latencies) => {
      const packed = packLatencies(latencies);
      expect(packed).toEqual(latencies.flatMap((l) => [l.playerId, l.regionIdentifier, l.latencyMs]));
      expect(packed.length).toBe(3 * latencies.length);
      for (let i = 0; i < packed.length; i++) expect(i in packed, `index ${i}`).toBe(true);
    }));
  });
});
