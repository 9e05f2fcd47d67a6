/**
 * The typed arrays a search index's builds work in (SG-3), kept from one build to the next and grown as needed.
 *
 * Why: a build of a million keys works in ~30 MB of typed arrays. Made anew at every build, that memory is external
 * to V8's heap; it outlives the build's young collections (the arrays live as long as the build) and is freed only by
 * a full one, and V8 answers its growth with full mark-compacts, started for "external memory pressure" and finished
 * at once: 2.5-5 s each on the heap of a million sessions, in every other build. Reused, the arrays are made once.
 */
export class Scratch {
  readonly #buffers = new Map<string, ArrayBuffer>();

  /** A Uint8Array of `length` named `name`: distinct names for arrays in use at once. It holds what it last held. */
  uint8(name: string, length: number): Uint8Array {
    return new Uint8Array(this.#buffer(name, length), 0, length);
  }

  uint32(name: string, length: number): Uint32Array {
    return new Uint32Array(this.#buffer(name, length * 4), 0, length);
  }

  int32(name: string, length: number): Int32Array {
    return new Int32Array(this.#buffer(name, length * 4), 0, length);
  }

  float64(name: string, length: number): Float64Array {
    return new Float64Array(this.#buffer(name, length * 8), 0, length);
  }

  /** Bytes held: for each name, its largest request so far and an eighth more at most. */
  get retainedBytes(): number {
    let bytes = 0;
    for (const buffer of this.#buffers.values()) bytes += buffer.byteLength;
    return bytes;
  }

  /** The buffer named `name`, of `bytes` at least: a bigger one, with an eighth to spare, if it is smaller. */
  #buffer(name: string, bytes: number): ArrayBuffer {
    let buffer = this.#buffers.get(name);
    if (buffer === undefined || buffer.byteLength < bytes) this.#buffers.set(name, (buffer = new ArrayBuffer(bytes + (bytes >> 3))));
    return buffer;
  }
}
