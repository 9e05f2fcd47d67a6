/** One pending event with its place in the queue's total order: due time first, then sequence number (DT-1). */
export interface Scheduled<E> {
  /** Virtual time at which the event is due, in milliseconds. */
  readonly dueMs: number;
  /** The queue's count of pushes when this event was pushed: unique, so it breaks every tie of `dueMs`. */
  readonly seq: number;
  readonly event: E;
}

/** An event queue as plain data (DT-3): its heap in layout order, and how many events were ever pushed. */
export interface EventQueueState<E> {
  readonly heap: readonly Scheduled<E>[];
  readonly pushed: number;
}

/**
 * A binary min-heap of scheduled events ordered by (due time, sequence number) (DT-1).
 *
 * The sequence number makes the order total: two events due at the same millisecond run in the order they were
 * scheduled, whatever the heap's internal layout (STYLE: comparators never return "maybe").
 */
export class EventQueue<E> {
  readonly #heap: Scheduled<E>[];
  #nextSeq: number;

  /** An empty queue, or the queue whose `state()` was `state` (DT-3). */
  constructor(state?: EventQueueState<E>) {
    this.#heap = state === undefined ? [] : [...state.heap];
    this.#nextSeq = state?.pushed ?? 0;
  }

  /**
   * The queue as plain data, for a snapshot: the heap as it is laid out (the events themselves, not copies, so that
   * entities they share with the rest of the state stay shared) and the count of pushes.
   */
  state(): EventQueueState<E> {
    return { heap: this.#heap, pushed: this.#nextSeq };
  }

  /** How many events are pending. */
  get size(): number {
    return this.#heap.length;
  }

  /** How many events were ever pushed: the next event's sequence number. */
  get pushed(): number {
    return this.#nextSeq;
  }

  /** Adds `event` due at `dueMs`; returns its sequence number. */
  push(dueMs: number, event: E): number {
    const item: Scheduled<E> = { dueMs, seq: this.#nextSeq++, event };
    const heap = this.#heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
    return item.seq;
  }

  /** The earliest event without removing it. */
  peek(): Scheduled<E> | undefined {
    return this.#heap[0];
  }

  /** Removes and returns the earliest event. */
  pop(): Scheduled<E> | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  /** Every pending event in the order it will run; for snapshots and debugging, O(n log n). */
  ordered(): Scheduled<E>[] {
    return [...this.#heap].sort((a, b) => (before(a, b) ? -1 : 1));
  }
}

function before<E>(a: Scheduled<E>, b: Scheduled<E>): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq);
}
