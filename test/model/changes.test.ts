import { describe, expect, it } from 'vitest';
import { CHANGES, PLACEMENT_EVENT_RECORD } from '../../src/model/changes.ts';
import type { World } from '../../src/model/world.ts';

describe('frequent changes of a fixed shape', () => {
  it('DT-1: a record of one is given one value per member, in order: the compiler counts them (npm test type-checks this file)', () => {
    for (const shape of [...Object.values(CHANGES), PLACEMENT_EVENT_RECORD]) expect([1, 2, 3]).toContain(shape.names.length);
    /** Never run: calls the compiler refuses, each marked as expected to be refused. */
    const refused = (world: World): void => {
      // @ts-expect-error: a value missing (the attempt's game session)
      world.changeOf(CHANGES.placementAttempt, 'p-1', 1);
      // @ts-expect-error: a value too many
      world.changeOf(CHANGES.placementStatus, 'p-1', 'FULFILLED', 'extra');
      world.changeOf(CHANGES.placementStatus, 'p-1', 'FULFILLED');
    };
    expect(refused).toBeTypeOf('function');
  });
});
