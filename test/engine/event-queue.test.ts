import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.ts';

/** A push of an event due at `due`, or a pop. */
type Op = { push: number } | 'pop';

/** Pushes due in [0, maxDue] and pops, interleaved. */
function opsWithin(maxDue: number, maxLength = 3000): fc.Arbitrary<Op[]> {
  return fc.array(fc.oneof(fc.record({ push: fc.integer({ min: 0, max: maxDue }) }), fc.constant('pop' as const)), { maxLength, size: 'max' });
}

/** Many ties within one millisecond (dues up to 50), and dues spread far apart (up to 200,000 ms). */
const ops = fc.oneof(opsWithin(50, 600), opsWithin(200_000, 600));

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
  it('DT-1: pops events in (due time, scheduling order), whatever the order they were pushed in, up to 3,000 (past the heap\'s first growth)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(50), fc.constant(200_000)).chain((max) => fc.array(fc.integer({ min: 0, max }), { maxLength: 3000, size: 'max' })), (dues) => {
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

  it('DT-1: pushes due a little or long after the last event popped, as the engine makes them, pop in order and are counted', () => {
    const delays = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 600_000 }));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.record({ push: delays }), fc.constant('pop' as const)), { maxLength: 600, size: 'max' }), (steps) => {
        const queue = new EventQueue<number>();
        let nowMs = 0;
        const asPushed: Op[] = [];
        const popped: (number | undefined)[] = [];
        let pending = 0;
        steps.forEach((step, i) => {
          if (step === 'pop') {
            const due = queue.peekDueMs();
            popped.push(queue.pop());
            if (due !== undefined) {
              nowMs = due;
              pending--;
            }
            asPushed.push('pop');
          } else {
            queue.push(nowMs + step.push, i);
            pending++;
            asPushed.push({ push: nowMs + step.push });
          }
          expect(queue.size).toBe(pending);
        });
        expect(popped).toEqual(reference(asPushed));
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
