/**
 * The last `capacity` items pushed, oldest first. Pushing past the capacity overwrites the oldest in O(1), so that a
 * bounded history (trace lines, placement events) never costs a copy of the whole window.
 */
export class RingBuffer<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;
  /** Index of the oldest kept item in `#items`. */
  #head = 0;
  #pushed: number;

  /** An empty buffer; `pushedBefore` counts items pushed before it, none kept (a buffer restored from a snapshot). */
  constructor(capacity: number, pushedBefore = 0) {
    if (!(Number.isSafeInteger(capacity) && capacity >= 0)) throw new Error(`capacity must be a whole number ≥ 0, got ${capacity}`);
    if (!(Number.isSafeInteger(pushedBefore) && pushedBefore >= 0)) throw new Error(`pushedBefore must be a whole number ≥ 0, got ${pushedBefore}`);
    this.#capacity = capacity;
    this.#pushed = pushedBefore;
  }

  /** A buffer that has had `pushed` items pushed, the last of them `kept` (as `toArray` gave them), oldest first. */
  static resume<T>(capacity: number, kept: readonly T[], pushed: number): RingBuffer<T> {
    const buffer = new RingBuffer<T>(capacity, pushed - kept.length);
    for (const item of kept) buffer.push(item);
    return buffer;
  }

  /** How many items it keeps at most. */
  get capacity(): number {
    return this.#capacity;
  }

  /** How many items were ever pushed, kept or not. */
  get pushed(): number {
    return this.#pushed;
  }

  push(item: T): void {
    this.#pushed++;
    if (this.#capacity === 0) return;
    if (this.#items.length < this.#capacity) {
      this.#items.push(item);
      return;
    }
    this.#items[this.#head] = item;
    this.#head = (this.#head + 1) % this.#capacity;
  }

  /** Position of the oldest item still kept (positions count every push from 0). */
  get firstKept(): number {
    return this.#pushed - this.#items.length;
  }

  /** The kept items at positions `from` (inclusive) to `to` (exclusive), clamped to those kept, oldest first; O(to − from). */
  slice(from: number, to: number): T[] {
    const out: T[] = [];
    for (let position = Math.max(from, this.firstKept); position < Math.min(to, this.#pushed); position++) {
      out.push(this.#items[(this.#head + position - this.firstKept) % this.#items.length]!);
    }
    return out;
  }

  /** The kept items, oldest first, as a new array. */
  toArray(): T[] {
    if (this.#head === 0) return this.#items.slice();
    return [...this.#items.slice(this.#head), ...this.#items.slice(0, this.#head)];
  }
}
