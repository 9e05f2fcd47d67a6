/** One pending event with its place in the queue's total order: due time first, then sequence number (DT-1). */
export interface Scheduled<E> {
  /** Virtual time at which the event is due, in milliseconds. */
  readonly dueMs: number;
  /** The queue's count of pushes when this event was pushed: unique, so it breaks every tie of `dueMs`. */
  readonly seq: number;
  readonly event: E;
}

/**
 * An event queue as plain data (DT-3): its events in the order they will run, so that the state does not depend on
 * how a heap lays them out, and how many events were ever pushed.
 */
export interface EventQueueState<E> {
  readonly pending: readonly Scheduled<E>[];
  readonly pushed: number;
}

/** Room for this many events before the first growth. */
const INITIAL_CAPACITY = 1024;

/**
 * Children per node: four children's keys fill one 64-byte cache line, and a heap of 100,000 is 9 levels deep, not 17.
 * The sift-down compares the four children unrolled: another arity needs that code changed too.
 */
const ARITY = 4;

/**
 * A 4-ary min-heap of scheduled events ordered by (due time, sequence number) (DT-1).
 *
 * The sequence number makes the order total: two events due at the same millisecond run in the order they were
 * scheduled, whatever the heap's internal layout (STYLE: comparators never return "maybe").
 *
 * The keys live apart from the events, in one typed array of (due, seq) pairs: sifting compares keys only, and
 * reads them from contiguous memory instead of from an object per event scattered over the heap, which cost a cache
 * miss per compare. A day of load keeps 100,000 events pending, so a pop's walk down is mostly waiting on memory:
 * four children per node halve the levels, and their keys sit side by side.
 */
/** Whether the event keyed (dueA, seqA) runs before the one keyed (dueB, seqB). */
function before(dueA: number, seqA: number, dueB: number, seqB: number): boolean {
  return dueA < dueB || (dueA === dueB && seqA < seqB);
}

export class EventQueue<E> {
  /** (due, seq) of the event at heap position i at 2i and 2i + 1. */
  #keys = new Float64Array(2 * INITIAL_CAPACITY);
  /** The events by heap position; past `#size`, empty, so that a popped event is not kept alive. */
  #events: (E | undefined)[] = [];
  #size = 0;
  #nextSeq: number;

  /** An empty queue, or the queue whose `state()` was `state` (DT-3). */
  constructor(state?: EventQueueState<E>) {
    this.#nextSeq = state?.pushed ?? 0;
    // A state lists the events in the order they will run, which is a heap's layout as it stands: no sifting.
    for (const { dueMs, seq, event } of state?.pending ?? []) {
      const i = this.#size++;
      if (i === this.#keys.length / 2) this.#grow();
      if (i > 0 && !before(this.#keys[2 * i - 2]!, this.#keys[2 * i - 1]!, dueMs, seq)) {
        throw new RangeError(`a saved event queue lists event ${i} (due ${dueMs}, seq ${seq}) out of (due, seq) order`);
      }
      this.#events[i] = event;
      this.#keys[2 * i] = dueMs;
      this.#keys[2 * i + 1] = seq;
    }
  }

  /**
   * The queue as plain data, for a snapshot: the events in the order they will run (the events themselves, not
   * copies, so that entities they share with the rest of the state stay shared), which any heap can take as its
   * layout, and the count of pushes. O(n log n).
   */
  state(): EventQueueState<E> {
    const pending: Scheduled<E>[] = [];
    for (let i = 0; i < this.#size; i++) pending.push({ dueMs: this.#keys[2 * i]!, seq: this.#keys[2 * i + 1]!, event: this.#events[i]! });
    pending.sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq);
    return { pending, pushed: this.#nextSeq };
  }

  /** How many events are pending. */
  get size(): number {
    return this.#size;
  }

  /** How many events were ever pushed: the next event's sequence number. */
  get pushed(): number {
    return this.#nextSeq;
  }

  /** Adds `event` due at `dueMs`; returns its sequence number. */
  push(dueMs: number, event: E): number {
    const seq = this.#nextSeq++;
    let i = this.#size++;
    if (i === this.#keys.length / 2) this.#grow();
    const keys = this.#keys;
    const events = this.#events;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const parentDue = keys[2 * parent]!;
      if (!before(dueMs, seq, parentDue, keys[2 * parent + 1]!)) break;
      keys[2 * i] = parentDue;
      keys[2 * i + 1] = keys[2 * parent + 1]!;
      events[i] = events[parent];
      i = parent;
    }
    keys[2 * i] = dueMs;
    keys[2 * i + 1] = seq;
    events[i] = event;
    return seq;
  }

  /** The earliest event's due time, without removing it; undefined when none is pending. */
  peekDueMs(): number | undefined {
    return this.#size === 0 ? undefined : this.#keys[0];
  }

  /** The earliest event without removing it. */
  peekEvent(): E | undefined {
    return this.#size === 0 ? undefined : this.#events[0];
  }

  /** Removes and returns the earliest event (its key: {@link peekDueMs} before). */
  pop(): E | undefined {
    if (this.#size === 0) return undefined;
    const events = this.#events;
    const keys = this.#keys;
    const top = events[0];
    const n = --this.#size;
    const last = events[n];
    events[n] = undefined;
    if (n === 0) return top;
    const lastDue = keys[2 * n]!;
    const lastSeq = keys[2 * n + 1]!;
    let i = 0;
    for (;;) {
      const first = ARITY * i + 1;
      if (first >= n) break;
      // The earliest of up to four children. All four, the usual case, are compared unrolled: in a bench of pops and
      // pushes among 6,600 pending events, the loop's bounds and counter cost about a tenth more.
      let child = first;
      let childDue = keys[2 * first]!;
      let childSeq = keys[2 * first + 1]!;
      if (first + ARITY <= n) {
        let due = keys[2 * first + 2]!;
        if (due < childDue || (due === childDue && keys[2 * first + 3]! < childSeq)) {
          child = first + 1;
          childDue = due;
          childSeq = keys[2 * first + 3]!;
        }
        due = keys[2 * first + 4]!;
        if (due < childDue || (due === childDue && keys[2 * first + 5]! < childSeq)) {
          child = first + 2;
          childDue = due;
          childSeq = keys[2 * first + 5]!;
        }
        due = keys[2 * first + 6]!;
        if (due < childDue || (due === childDue && keys[2 * first + 7]! < childSeq)) {
          child = first + 3;
          childDue = due;
          childSeq = keys[2 * first + 7]!;
        }
      } else {
        for (let c = first + 1; c < n; c++) {
          if (before(keys[2 * c]!, keys[2 * c + 1]!, childDue, childSeq)) {
            child = c;
            childDue = keys[2 * c]!;
            childSeq = keys[2 * c + 1]!;
          }
        }
      }
      if (!before(childDue, childSeq, lastDue, lastSeq)) break;
      keys[2 * i] = childDue;
      keys[2 * i + 1] = childSeq;
      events[i] = events[child];
      i = child;
    }
    keys[2 * i] = lastDue;
    keys[2 * i + 1] = lastSeq;
    events[i] = last;
    return top;
  }

  /** Every pending event in the order it will run; for snapshots and debugging, O(n log n). */
  ordered(): readonly Scheduled<E>[] {
    return this.state().pending;
  }

  #grow(): void {
    const keys = new Float64Array(2 * this.#keys.length);
    keys.set(this.#keys);
    this.#keys = keys;
  }
}
