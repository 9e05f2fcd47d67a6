/** Slots of an empty set's table; it doubles whenever it is three quarters full. */
const TABLE_SLOTS_MIN = 1024;

/**
 * A set of strings kept as 64-bit fingerprints (two 32-bit hashes of each), for ids that must be remembered for
 * good but are never listed again: the ids of placements whose retention has ended (PL-2). A day of load ends two
 * million of them; as strings in a `Set` they took about 60 bytes each, here about 16 (8 in the insertion log, 4 per
 * table slot at a load of three eighths to three quarters).
 *
 * **[C]** Two different ids with the same fingerprint would read as one: with 2^64 fingerprints, the odds for two
 * million ids are about one in ten million, and the cost of such a collision is a fresh placement id refused as used.
 */
export class FingerprintSet {
  /** The fingerprints in the order they were added, two 32-bit halves each. */
  #log = new Int32Array(2 * TABLE_SLOTS_MIN);
  #size = 0;
  /** Open addressing on the first half: each slot holds an index into the log, plus one; 0 is an empty slot. */
  #table = new Int32Array(TABLE_SLOTS_MIN);

  /** A set of the fingerprints `log` lists in order (from {@link state}). */
  static fromState(log: readonly number[]): FingerprintSet {
    const set = new FingerprintSet();
    for (let i = 0; i < log.length; i += 2) set.#insert(log[i]! | 0, log[i + 1]! | 0);
    return set;
  }

  get size(): number {
    return this.#size;
  }

  add(id: string): void {
    const [low, high] = fingerprint(id);
    if (this.#find(low, high) < 0) this.#insert(low, high);
  }

  has(id: string): boolean {
    const [low, high] = fingerprint(id);
    return this.#find(low, high) >= 0;
  }

  /** The fingerprints in the order they were added, as plain numbers: for a snapshot and the state hash. */
  state(): number[] {
    return Array.from(this.#log.subarray(0, 2 * this.#size));
  }

  /** The log index of a fingerprint, or -1. */
  #find(low: number, high: number): number {
    const mask = this.#table.length - 1;
    for (let slot = mix(low) & mask; this.#table[slot] !== 0; slot = (slot + 1) & mask) {
      const index = this.#table[slot]! - 1;
      if (this.#log[2 * index] === low && this.#log[2 * index + 1] === high) return index;
    }
    return -1;
  }

  #insert(low: number, high: number): void {
    if (2 * (this.#size + 1) > this.#log.length) {
      const log = new Int32Array(2 * this.#log.length);
      log.set(this.#log);
      this.#log = log;
    }
    this.#log[2 * this.#size] = low;
    this.#log[2 * this.#size + 1] = high;
    this.#size++;
    if (4 * this.#size > 3 * this.#table.length) this.#rehash(2 * this.#table.length);
    else this.#place(this.#size - 1);
  }

  #place(index: number): void {
    const mask = this.#table.length - 1;
    let slot = mix(this.#log[2 * index]!) & mask;
    while (this.#table[slot] !== 0) slot = (slot + 1) & mask;
    this.#table[slot] = index + 1;
  }

  #rehash(slots: number): void {
    this.#table = new Int32Array(slots);
    for (let index = 0; index < this.#size; index++) this.#place(index);
  }
}

/** Two independent 32-bit hashes of a string's code units: FNV-1a, and a multiply-rotate hash with other constants. */
function fingerprint(text: string): [number, number] {
  let low = 0x811c9dc5;
  let high = 0x9e3779b9 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    low = Math.imul(low ^ code, 0x01000193);
    high = Math.imul((high ^ code) << 5 | (high ^ code) >>> 27, 0x85ebca6b);
  }
  return [low | 0, mix(high)];
}

/** Murmur3's finalizer: spreads every bit of a 32-bit value over the rest, for table slots and the second hash. */
function mix(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
