import { tag } from '@smithy/core/cbor';

/** The deepest nesting of arrays, maps and tags a request body may have: GameLift's shapes nest a handful deep. */
export const CBOR_DEPTH_MAX = 64;

/** Why a body is not well-formed CBOR, with the byte offset where the decoder gave up. */
export class CborError extends Error {
  override readonly name = 'CborError';
  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** The "break" stop code that ends an indefinite-length item. */
const BREAK = 0xff;

/**
 * Decodes exactly one CBOR data item (RFC 8949) from `bytes`, strictly: text strings must be valid UTF-8, nothing
 * may follow the item, map keys must be distinct text strings, nesting is at most {@link CBOR_DEPTH_MAX}, and no
 * length may exceed the bytes left. Any other input throws a one-line {@link CborError}, never a stack trace on
 * standard error (the SDK's own decoder warned on standard error for every oversized integer, and accepted invalid
 * UTF-8 and trailing data).
 *
 * Maps become objects whose keys are all own properties, `__proto__` included, as `JSON.parse` makes them; integers
 * beyond 2^53 become bigints; tags become the SDK's tagged values (`{tag, value}`), as the codec reads timestamps.
 */
export function decodeCbor(bytes: Uint8Array): unknown {
  const decoder = new Decoder(bytes);
  const value = decoder.item(0);
  if (decoder.offset !== bytes.length) throw new CborError(`${bytes.length - decoder.offset} bytes follow the data item`, decoder.offset);
  return value;
}

class Decoder {
  offset = 0;
  readonly #bytes: Uint8Array;
  readonly #view: DataView;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  item(depth: number): unknown {
    if (depth > CBOR_DEPTH_MAX) throw new CborError(`nesting deeper than ${CBOR_DEPTH_MAX}`, this.offset);
    const start = this.offset;
    const initial = this.#byte();
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (major === 7) return this.#simple(info, start);
    if (info === 31) return this.#indefinite(major, depth, start);
    const argument = this.#argument(info, start);
    switch (major) {
      case 0: return argument;
      case 1: return typeof argument === 'bigint' || argument >= Number.MAX_SAFE_INTEGER ? -1n - BigInt(argument) : -1 - argument;
      case 2: return this.#take(this.#count(argument, start), start).slice();
      case 3: return this.#text(this.#take(this.#count(argument, start), start), start);
      case 4: {
        const length = this.#count(argument, start);
        const out: unknown[] = [];
        for (let i = 0; i < length; i++) out.push(this.item(depth + 1));
        return out;
      }
      case 5: {
        const out: Record<string, unknown> = {};
        for (let i = this.#count(argument, start); i > 0; i--) this.#entry(out, depth);
        return out;
      }
      default: return tag({ tag: typeof argument === 'bigint' ? Number(argument) : argument, value: this.item(depth + 1) });
    }
  }

  #indefinite(major: number, depth: number, start: number): unknown {
    switch (major) {
      case 2:
      case 3: {
        const parts: Uint8Array[] = [];
        while (!this.#atBreak()) {
          const part = this.item(depth + 1);
          const ok = major === 2 ? part instanceof Uint8Array : typeof part === 'string';
          if (!ok) throw new CborError('an indefinite-length string holds a chunk of another type', start);
          parts.push(typeof part === 'string' ? new TextEncoder().encode(part) : (part as Uint8Array));
        }
        const joined = Buffer.concat(parts);
        return major === 2 ? new Uint8Array(joined) : this.#text(joined, start);
      }
      case 4: {
        const out: unknown[] = [];
        while (!this.#atBreak()) out.push(this.item(depth + 1));
        return out;
      }
      case 5: {
        const out: Record<string, unknown> = {};
        while (!this.#atBreak()) this.#entry(out, depth);
        return out;
      }
      default: throw new CborError(`major type ${major} has no indefinite length`, start);
    }
  }

  #entry(out: Record<string, unknown>, depth: number): void {
    const at = this.offset;
    const key = this.item(depth + 1);
    if (typeof key !== 'string') throw new CborError('a map key must be a text string', at);
    if (Object.hasOwn(out, key)) throw new CborError(`the map key ${JSON.stringify(key.slice(0, 40))} appears twice`, at);
    // Defined, not assigned: assigning "__proto__" would set the object's prototype instead of adding a key.
    Object.defineProperty(out, key, { value: this.item(depth + 1), enumerable: true, writable: true, configurable: true });
  }

  #simple(info: number, start: number): unknown {
    switch (info) {
      case 20: return false;
      case 21: return true;
      case 22: return null;
      case 23: return undefined;
      case 25: return halfFloat(this.#view.getUint16(this.#advance(2, start)));
      case 26: return this.#view.getFloat32(this.#advance(4, start));
      case 27: return this.#view.getFloat64(this.#advance(8, start));
      case 31: throw new CborError('a break code outside an indefinite-length item', start);
      default: throw new CborError(`simple value ${info} is not one the protocol uses`, start);
    }
  }

  #argument(info: number, start: number): number | bigint {
    if (info < 24) return info;
    switch (info) {
      case 24: return this.#bytes[this.#advance(1, start)]!;
      case 25: return this.#view.getUint16(this.#advance(2, start));
      case 26: return this.#view.getUint32(this.#advance(4, start));
      case 27: {
        const value = this.#view.getBigUint64(this.#advance(8, start));
        return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
      }
      default: throw new CborError(`additional information ${info} is reserved`, start);
    }
  }

  /** A length, which can never exceed the bytes left (each element takes at least one). */
  #count(argument: number | bigint, start: number): number {
    if (typeof argument === 'bigint' || argument > this.#bytes.length - this.offset) throw new CborError(`a length of ${argument} exceeds the body`, start);
    return argument;
  }

  #text(bytes: Uint8Array, start: number): string {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new CborError('a text string is not valid UTF-8', start);
    }
  }

  #atBreak(): boolean {
    if (this.offset >= this.#bytes.length) throw new CborError('the body ends inside an indefinite-length item', this.offset);
    if (this.#bytes[this.offset] !== BREAK) return false;
    this.offset++;
    return true;
  }

  #byte(): number {
    return this.#bytes[this.#advance(1, this.offset)]!;
  }

  #take(length: number, start: number): Uint8Array {
    const at = this.#advance(length, start);
    return this.#bytes.subarray(at, at + length);
  }

  /** Moves past `length` bytes and answers where they begin; the body must hold them. */
  #advance(length: number, start: number): number {
    const at = this.offset;
    if (at + length > this.#bytes.length) throw new CborError('the body ends inside a data item', start);
    this.offset = at + length;
    return at;
  }
}

/** An IEEE 754 half-precision float (RFC 8949 Appendix D). */
function halfFloat(half: number): number {
  const exponent = (half >> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  const sign = half & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (mantissa + 1024) * 2 ** (exponent - 25);
}
