import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.ts';

/** A push of an event due at `due`, or a pop. */
type Op = { push: number } | 'pop';

const ops = fc.array(fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 50 }) }), fc.constant('pop' as const)), { maxLength: 3000 });

/** What a queue must pop: the pending event earliest by (due time, push order), computed by sorting. */
function reference(steps: readonly Op[]): (number | undefined)[] {
  const pending: { due: number; i: number }[] = [];
  const popped: (number | undefined)[] = [];
  steps.forEach((step, i) => {
    if (step !== 'pop') {
      pending.push({ due: step.push, i });
      return;
    }
    pending.sort((a, b) => a.due - b.due || a.i - b.i);
    popped.push(pending.shift()?.i);
  });
  return popped;
}

describe('EventQueue', () => {
  it('DT-1: pops events in (due time, scheduling order), whatever the order they were pushed in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 3000 }), (dues) => {
        const queue = new EventQueue<number>();
        dues.forEach((due, i) => queue.push(due, i));
        const popped: number[] = [];
        for (let e = queue.pop(); e !== undefined; e = queue.pop()) popped.push(e);
        const expected = dues.map((due, i) => ({ due, i })).sort((a, b) => a.due - b.due || a.i - b.i).map((x) => x.i);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('DT-1: pushes and pops interleaved pop the earliest pending event each time, past any growth of the heap', () => {
    fc.assert(
      fc.property(ops, (steps) => {
        const queue = new EventQueue<number>();
        const popped: (number | undefined)[] = [];
        steps.forEach((step, i) => {
          if (step === 'pop') popped.push(queue.pop());
          else queue.push(step.push, i);
        });
        expect(popped).toEqual(reference(steps));
      }),
    );
  });

  it('DT-3: a queue rebuilt from its state goes on exactly as the one it was taken from', () => {
    fc.assert(
      fc.property(ops, fc.nat(), (steps, cut) => {
        const at = steps.length === 0 ? 0 : cut % steps.length;
        let queue = new EventQueue<number>();
        const popped: (number | undefined)[] = [];
        steps.forEach((step, i) => {
          if (i === at) queue = new EventQueue(queue.state());
          if (step === 'pop') popped.push(queue.pop());
          else queue.push(step.push, i);
        });
        expect(popped).toEqual(reference(steps));
      }),
    );
  });

  it('DT-3: a saved queue lists its events in the order they will run, and one listed out of that order is refused', () => {
    const queue = new EventQueue<string>();
    for (const [due, event] of [[5, 'c'], [1, 'a'], [5, 'd'], [3, 'b']] as const) queue.push(due, event);
    const { pending } = queue.state();
    expect(pending.map(({ event }) => event)).toEqual(['a', 'b', 'c', 'd']);
    const swapped = [pending[0]!, pending[2]!, pending[1]!, pending[3]!];
    expect(() => new EventQueue({ pending: swapped, pushed: 4 })).toThrow(/event 2 \(due 3, seq 3\) out of \(due, seq\) order/);
  });

  it('peekDueMs and peekEvent show the next event without removing it', () => {
    const queue = new EventQueue<string>();
    expect(queue.peekDueMs()).toBeUndefined();
    queue.push(5, 'b');
    queue.push(3, 'a');
    expect(queue.peekEvent()).toBe('a');
    expect(queue.peekDueMs()).toBe(3);
    expect(queue.size).toBe(2);
    expect(queue.ordered().map(({ dueMs, event }) => [dueMs, event])).toEqual([[3, 'a'], [5, 'b']]);
  });
});
