import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gameSessionArn, gameSessionArnPrefix } from '../../../src/model/arn.ts';
import { randomOrderSeed, randomRank, randomRanker } from '../../../src/api/search/order.ts';

describe('randomRanker: a fleet\'s random order, its ids\' shared start hashed once (SG-3)', () => {
  it('SG-3: [C] every id, the fleet\'s (home or remote) or any other, is ranked as randomRank ranks it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.constantFrom('us-west-2', 'eu-west-1'), (seed, id, other, location) => {
        const seedHash = randomOrderSeed(seed);
        const prefix = gameSessionArnPrefix('us-west-2', 'fleet-1');
        const rank = randomRanker(seedHash, prefix);
        const ofFleet = gameSessionArn('us-west-2', 'fleet-1', location, id);
        expect(ofFleet.startsWith(prefix)).toBe(true);
        for (const gameSessionId of [ofFleet, other, `${prefix.slice(0, -1)}${id}`, prefix]) {
          expect(rank(gameSessionId)).toBe(randomRank(seedHash, gameSessionId));
        }
      }),
    );
  });
});
