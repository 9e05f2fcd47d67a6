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

/** Room for this many events before the first growth. */
const INITIAL_CAPACITY = 1024;

/**
 * A binary min-heap of scheduled events ordered by (due time, sequence number) (DT-1).
 *
 * The sequence number makes the order total: two events due at the same millisecond run in the order they were
 * scheduled, whatever the heap's internal layout (STYLE: comparators never return "maybe").
 *
 * The keys live apart from the events, in two typed arrays: sifting compares keys only, and reads them from
 * contiguous memory instead of from an object per event scattered over the heap, which cost a cache miss per compare.
 */
export class EventQueue<E> {
  #due = new Float64Array(INITIAL_CAPACITY);
  #seq = new Float64Array(INITIAL_CAPACITY);
  #events: E[] = [];
  #nextSeq: number;

  /** An empty queue, or the queue whose `state()` was `state` (DT-3). */
  constructor(state?: EventQueueState<E>) {
    this.#nextSeq = state?.pushed ?? 0;
    // A heap's layout is a heap whatever the keys; put back as it was, it needs no sifting.
    for (const { dueMs, seq, event } of state?.heap ?? []) {
      const i = this.#events.length;
      this.#events.push(event);
      if (i >= this.#due.length) this.#grow();
      this.#due[i] = dueMs;
      this.#seq[i] = seq;
    }
  }

  /**
   * The queue as plain data, for a snapshot: the heap as it is laid out (the events themselves, not copies, so that
   * entities they share with the rest of the state stay shared) and the count of pushes.
   */
  state(): EventQueueState<E> {
    return { heap: this.#events.map((event, i) => ({ dueMs: this.#due[i]!, seq: this.#seq[i]!, event })), pushed: this.#nextSeq };
  }

  /** How many events are pending. */
  get size(): number {
    return this.#events.length;
  }

  /** How many events were ever pushed: the next event's sequence number. */
  get pushed(): number {
    return this.#nextSeq;
  }

  /** Adds `event` due at `dueMs`; returns its sequence number. */
  push(dueMs: number, event: E): number {
    const seq = this.#nextSeq++;
    let i = this.#events.length;
    this.#events.push(event);
    if (i >= this.#due.length) this.#grow();
    const due = this.#due;
    const seqs = this.#seq;
    const events = this.#events;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!(dueMs < due[parent]! || (dueMs === due[parent] && seq < seqs[parent]!))) break;
      due[i] = due[parent]!;
      seqs[i] = seqs[parent]!;
      events[i] = events[parent]!;
      i = parent;
    }
    due[i] = dueMs;
    seqs[i] = seq;
    events[i] = event;
    return seq;
  }

  /** The earliest event's due time, without removing it; undefined when none is pending. */
  peekDueMs(): number | undefined {
    return this.#events.length === 0 ? undefined : this.#due[0];
  }

  /** The earliest event without removing it. */
  peekEvent(): E | undefined {
    return this.#events[0];
  }

  /** Removes and returns the earliest event (its key: {@link peekDueMs} before). */
  pop(): E | undefined {
    const events = this.#events;
    if (events.length === 0) return undefined;
    const top = events[0];
    const n = events.length - 1;
    const last = events.pop()!;
    if (n === 0) return top;
    const due = this.#due;
    const seqs = this.#seq;
    const lastDue = due[n]!;
    const lastSeq = seqs[n]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && (due[right]! < due[left]! || (due[right] === due[left] && seqs[right]! < seqs[left]!)) ? right : left;
      if (!(due[child]! < lastDue || (due[child] === lastDue && seqs[child]! < lastSeq))) break;
      due[i] = due[child]!;
      seqs[i] = seqs[child]!;
      events[i] = events[child]!;
      i = child;
    }
    due[i] = lastDue;
    seqs[i] = lastSeq;
    events[i] = last;
    return top;
  }

  /** Every pending event in the order it will run; for snapshots and debugging, O(n log n). */
  ordered(): Scheduled<E>[] {
    return this.state().heap.slice().sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq);
  }

  #grow(): void {
    const due = new Float64Array(2 * this.#due.length);
    const seqs = new Float64Array(2 * this.#seq.length);
    due.set(this.#due);
    seqs.set(this.#seq);
    this.#due = due;
    this.#seq = seqs;
  }
}
