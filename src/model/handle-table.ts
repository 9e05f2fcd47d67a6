/**
 * A multimap from 32-bit keys to non-negative integer handles, in two typed arrays (open addressing, linear probing).
 *
 * Why not a `Map`: the ended player sessions of a day of load are millions, and a `Map` entry with its key costs
 * 40–100 bytes; here an entry costs 8 bytes per slot, at a load of three quarters to three eighths (linear probing
 * stays short at that load with a well-mixed key). Keys are hashes, so several
 * entries may share one: a lookup yields every candidate handle, and the caller checks which is the one it wants.
 */
export class HandleTable {
  #keys: Int32Array;
  /** The handle of each slot; EMPTY where no entry is. */
  #handles: Int32Array;
  #size = 0;

  constructor(capacity = HANDLE_TABLE_CAPACITY_MIN) {
    this.#keys = new Int32Array(capacity);
    this.#handles = new Int32Array(capacity).fill(EMPTY);
  }

  /** How many entries the table holds. */
  get size(): number {
    return this.#size;
  }

  /** Adds the entry (key, handle); the same pair may be added more than once. */
  add(key: number, handle: number): void {
    if (!(Number.isInteger(handle) && handle >= 0 && handle <= 0x7fffffff)) throw new Error(`a handle must be an integer from 0 to 2^31-1, got ${handle}`);
    if ((this.#size + 1) * 4 > this.#handles.length * 3) this.#resize(this.#handles.length * 2);
    const mask = this.#handles.length - 1;
    let i = slotOf(key, mask);
    while (this.#handles[i] !== EMPTY) i = (i + 1) & mask;
    this.#keys[i] = key;
    this.#handles[i] = handle;
    this.#size++;
  }

  /** Every handle added under `key` and not removed, in no particular order. */
  handles(key: number): number[] {
    const found: number[] = [];
    const mask = this.#handles.length - 1;
    for (let i = slotOf(key, mask); this.#handles[i] !== EMPTY; i = (i + 1) & mask) {
      if (this.#keys[i] === (key | 0)) found.push(this.#handles[i]!);
    }
    return found;
  }

  /** Removes one entry (key, handle); returns whether there was one. */
  remove(key: number, handle: number): boolean {
    const mask = this.#handles.length - 1;
    let i = slotOf(key, mask);
    while (this.#handles[i] !== EMPTY && !(this.#keys[i] === (key | 0) && this.#handles[i] === handle)) i = (i + 1) & mask;
    if (this.#handles[i] === EMPTY) return false;
    this.#size--;
    // Backward-shift deletion: move up each later entry of the run that would no longer be found past the hole, so
    // that no tombstone is left and a lookup still stops at the first empty slot.
    let hole = i;
    for (let j = (i + 1) & mask; this.#handles[j] !== EMPTY; j = (j + 1) & mask) {
      const home = slotOf(this.#keys[j]!, mask);
      // The entry at j may move into the hole unless its home lies cyclically in (hole, j].
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (stays) continue;
      this.#keys[hole] = this.#keys[j]!;
      this.#handles[hole] = this.#handles[j]!;
      hole = j;
    }
    this.#handles[hole] = EMPTY;
    if (this.#size * 8 < this.#handles.length && this.#handles.length > HANDLE_TABLE_CAPACITY_MIN) this.#resize(this.#handles.length / 2);
    return true;
  }

  #resize(capacity: number): void {
    const keys = this.#keys;
    const handles = this.#handles;
    this.#keys = new Int32Array(capacity);
    this.#handles = new Int32Array(capacity).fill(EMPTY);
    this.#size = 0;
    for (let i = 0; i < handles.length; i++) if (handles[i] !== EMPTY) this.add(keys[i]!, handles[i]!);
  }
}

/** The smallest table, in slots; a power of two, as every capacity is. */
export const HANDLE_TABLE_CAPACITY_MIN = 64;

const EMPTY = -1;

/** A key's home slot: its bits mixed (murmur3's finalizer), so that keys alike in their low bits spread. */
function slotOf(key: number, mask: number): number {
  let h = key | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & mask;
}
