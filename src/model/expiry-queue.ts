/**
 * Things that expire in the order they were added: ended game sessions (DG-9), settled placements. Their retention
 * is one duration for all of a kind, so the order of expiry is the order of addition, and a first-in first-out queue
 * replaces one pending timer per item: its owner keeps a single event, due when the oldest item expires.
 */
export class ExpiryQueue<T> {
  /** Items from `head` on; slots before it are emptied as they are taken, so that an expired item is not kept. */
  #items: (T | undefined)[] = [];
  #dueMs: number[] = [];
  #head = 0;
  /** Items dropped from the front of the arrays so far: an item's position is this plus its index. */
  #dropped = 0;

  /** How many items wait to expire. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /**
   * Adds `item`, due to expire at `dueMs`, which is no earlier than any item's before it. Returns whether the queue
   * was empty: its owner then schedules the one event that expires the head.
   */
  push(item: T, dueMs: number): boolean {
    const last = this.#dueMs.at(-1);
    if (this.size > 0 && last !== undefined && dueMs < last) throw new Error(`expiry at ${dueMs} before the last one, ${last}`);
    const wasEmpty = this.size === 0;
    this.#items.push(item);
    this.#dueMs.push(dueMs);
    return wasEmpty;
  }

  /** The position the next item pushed will have: positions count every item ever pushed, from 0. */
  get nextPosition(): number {
    return this.#dropped + this.#items.length;
  }

  /** The item at `position` while it waits to expire; undefined once it has expired. */
  at(position: number): T | undefined {
    const i = position - this.#dropped;
    return i >= this.#head ? this.#items[i] : undefined;
  }

  /** When the oldest item expires; undefined when none waits. */
  nextDueMs(): number | undefined {
    return this.size === 0 ? undefined : this.#dueMs[this.#head];
  }

  /** Removes, oldest first, every item due at or before `nowMs`, and hands each to `expire` with its position. */
  takeDue(nowMs: number, expire: (item: T, position: number) => void): void {
    while (this.#head < this.#items.length && this.#dueMs[this.#head]! <= nowMs) {
      const item = this.#items[this.#head]!;
      const position = this.#dropped + this.#head;
      this.#items[this.#head] = undefined;
      this.#head++;
      expire(item, position);
    }
    // Drop the taken prefix once it is most of the arrays, so that each item is copied O(1) times on average.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#dueMs = this.#dueMs.slice(this.#head);
      this.#dropped += this.#head;
      this.#head = 0;
    }
  }

  /** The waiting items with their positions, oldest first. */
  *withPositions(): IterableIterator<readonly [T, number]> {
    for (let i = this.#head; i < this.#items.length; i++) yield [this.#items[i]!, this.#dropped + i];
  }

  /** The waiting items and their due times, oldest first, for the state hash. */
  entries(): [T, number][] {
    return this.#items.slice(this.#head).map((item, i) => [item!, this.#dueMs[this.#head + i]!]);
  }

  /** The queue as plain data, for a snapshot (DT-3): its first item's position, and its items with their due times. */
  state(): ExpiryQueueState<T> {
    return { first: this.#dropped + this.#head, items: this.#items.slice(this.#head) as T[], dueMs: this.#dueMs.slice(this.#head) };
  }

  /** Makes this empty queue the one whose `state()` was `state`, items at the same positions. */
  resume(state: ExpiryQueueState<T>): void {
    if (this.nextPosition !== 0) throw new Error('only an empty queue resumes a saved one');
    this.#items = [...state.items];
    this.#dueMs = [...state.dueMs];
    this.#dropped = state.first;
  }
}

/** An ExpiryQueue as plain data (see `state()`). */
export interface ExpiryQueueState<T> {
  /** The position of the first item still queued. */
  readonly first: number;
  readonly items: readonly T[];
  /** Each item's due time, in the same order. */
  readonly dueMs: readonly number[];
}
