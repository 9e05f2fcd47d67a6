/** Percentiles (nearest rank), mean and max of a list of seconds; all 0 for none. */
export interface Spread {
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** The capacity a {@link Seconds} list starts with, in values; it doubles as it fills. */
const SECONDS_CAPACITY_INITIAL = 1024;

/**
 * A list of seconds (time to placement, one value per placement or lobby), kept in a growable `Float64Array`: 8 bytes
 * a value, so that a day of two million placements holds 16 MB rather than a record per placement, and percentiles
 * stay exact at every size (no sketch, whose error a threshold such as `p(95)<120` would have to allow for).
 */
export class Seconds {
  #values = new Float64Array(SECONDS_CAPACITY_INITIAL);
  #length = 0;

  /** A list holding `values` (a snapshot's {@link toArray}). */
  static of(values: readonly number[]): Seconds {
    const seconds = new Seconds();
    for (const v of values) seconds.add(v);
    return seconds;
  }

  get length(): number {
    return this.#length;
  }

  add(seconds: number): void {
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = seconds;
  }

  /** The values, in the order they were added. */
  toArray(): number[] {
    return Array.from(this.#values.subarray(0, this.#length));
  }

  /** Percentiles (nearest rank), mean and max; all 0 for none. */
  spread(): Spread {
    return spreadOf(this.#values.slice(0, this.#length));
  }
}

/** The spread of a list of seconds (sorted in place); the mean sums them in ascending order, so it is the same however they came. */
function spreadOf(values: Float64Array): Spread {
  const sorted = values.sort();
  const n = sorted.length;
  const at = (q: number): number => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.floor(q * n))]!);
  let sum = 0;
  for (const v of sorted) sum += v;
  return { p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99), max: n === 0 ? 0 : sorted[n - 1]!, mean: n === 0 ? 0 : sum / n };
}
