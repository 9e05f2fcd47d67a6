import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.ts';

describe('EventQueue', () => {
  it('DT-1: pops events in (due time, scheduling order), whatever the order they were pushed in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (dues) => {
        const queue = new EventQueue<number>();
        dues.forEach((due, i) => queue.push(due, i));
        const popped: number[] = [];
        for (let e = queue.pop(); e !== undefined; e = queue.pop()) popped.push(e.event);
        const expected = dues.map((due, i) => ({ due, i })).sort((a, b) => a.due - b.due || a.i - b.i).map((x) => x.i);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('peek shows the next event without removing it', () => {
    const queue = new EventQueue<string>();
    queue.push(5, 'b');
    queue.push(3, 'a');
    expect(queue.peek()?.event).toBe('a');
    expect(queue.size).toBe(2);
  });
});
