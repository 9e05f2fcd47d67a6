import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GameSessionQueue, Placement } from '../../../src/model/placement/entities.ts';
import { placementEvent } from '../../../src/model/placement/events.ts';

const queue = { name: 'q', arn: 'arn:aws:gamelift:us-west-2:123456789012:gamesessionqueue/q', customEventData: undefined } as GameSessionQueue;

function settled(startTimeMs: number, endTimeMs: number): Placement {
  return { placementId: 'p-1', queue, status: 'CANCELLED', startTimeMs, endTimeMs, gameSession: undefined } as Placement;
}

/** Any time a Date holds, most of them near the simulator's: its own years, and every year from -271821 to 275760. */
const anyMs = fc.oneof(
  fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }),
  fc.integer({ min: -8.64e15, max: 8.64e15 }),
  fc.constantFrom(0, -1, 1, -8.64e15, 8.64e15, Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), Date.UTC(-1, 11, 31, 23, 59, 59, 999)),
  // A fraction of a millisecond, which a Date drops towards zero (the clock never holds one, but the text is exact).
  fc.constantFrom(1.5, -1.5, 999.9, -0.5, Date.UTC(2026, 0, 1) + 0.25),
);

describe('placementEvent', () => {
  it('PL-10: start and end times as toISOString writes them, and `time` as the end in whole seconds, for any time a Date holds', () => {
    fc.assert(fc.property(anyMs, anyMs, (startMs, endMs) => {
      const event = placementEvent(settled(startMs, endMs), 'id', '123456789012', 'us-west-2');
      const end = new Date(endMs).toISOString();
      expect(event.detail.startTime).toBe(new Date(startMs).toISOString());
      expect(event.detail.endTime).toBe(end);
      expect(event.time).toBe(`${end.slice(0, -5)}Z`);
    }), { numRuns: 2000 });
  });

  it('PL-10: a time no Date holds is refused as toISOString refuses it', () => {
    expect(() => placementEvent(settled(0, 8.64e15 + 1), 'id', '123456789012', 'us-west-2')).toThrow(RangeError);
  });
});
