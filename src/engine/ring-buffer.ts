/**
 * The last `capacity` items pushed, oldest first. Pushing past the capacity overwrites the oldest in O(1), so that a
 * bounded history (trace lines, placement events) never costs a copy of the whole window.
 */
export class RingBuffer<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;
  #pushed = 0;

  constructor(capacity: number) {
    if (!(Number.isSafeInteger(capacity) && capacity >= 0)) throw new Error(`capacity must be a whole number ≥ 0, got ${capacity}`);
    this.#capacity = capacity;
  }

  /** How many items were ever pushed, kept or not. */
  get pushed(): number {
    return this.#pushed;
  }

  push(item: T): void {
    if (this.#capacity > 0) this.#items[this.#pushed % this.#capacity] = item;
    this.#pushed++;
  }

  /** Position of the oldest item still kept (positions count every push from 0). */
  get firstKept(): number {
    return Math.max(0, this.#pushed - this.#capacity);
  }

  /** The kept items at positions `from` (inclusive) to `to` (exclusive), clamped to those kept, oldest first; O(to − from). */
  slice(from: number, to: number): T[] {
    const out: T[] = [];
    for (let position = Math.max(from, this.firstKept); position < Math.min(to, this.#pushed); position++) {
      out.push(this.#items[position % this.#capacity]!);
    }
    return out;
  }

  /** The kept items, oldest first, as a new array. */
  toArray(): T[] {
    if (this.#pushed <= this.#capacity) return this.#items.slice();
    const split = this.#pushed % this.#capacity;
    return [...this.#items.slice(split), ...this.#items.slice(0, split)];
  }
}
