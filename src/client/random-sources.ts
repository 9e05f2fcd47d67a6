import type { RandomStream } from '../engine/random.ts';
import { invalidArgType, numberArgument, outOfRange } from './node-errors.ts';
import type { ClientTimers } from './timers.ts';

/** The most bytes one `getRandomValues` call fills, as WebCrypto allows (a larger request is QuotaExceededError). */
const RANDOM_VALUES_BYTES_MAX = 65_536;

/**
 * The most bytes one `randomBytes`, `randomFill` or `randomFillSync` call makes during a run: 1 MiB. Node allows
 * 2^31 − 1; a client asking a virtual clock for more than a mebibyte of entropy at once is a bug to report (a
 * RangeError naming the limit), not gigabytes to draw a byte at a time.
 */
export const RANDOM_BYTES_MAX = 1024 * 1024;

/** The widest range `randomInt` draws from, as in Node: max − min below 2^48. */
const RANDOM_INT_RANGE_MAX = 2 ** 48 - 1;

type Callback<T> = (error: Error | null, value?: T) => void;

/** WebCrypto's `getRandomValues`: an integer typed array of at most 65,536 bytes, filled in place and returned. */
export function getRandomValues<T extends ArrayBufferView | null>(stream: RandomStream, array: T): T {
  const integer = array instanceof Int8Array || array instanceof Uint8Array || array instanceof Uint8ClampedArray ||
    array instanceof Int16Array || array instanceof Uint16Array || array instanceof Int32Array ||
    array instanceof Uint32Array || array instanceof BigInt64Array || array instanceof BigUint64Array;
  if (!integer) throw new DOMException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
  if (array.byteLength > RANDOM_VALUES_BYTES_MAX) {
    throw new DOMException(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (${RANDOM_VALUES_BYTES_MAX})`, 'QuotaExceededError');
  }
  stream.bytes(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), array.byteLength);
  return array;
}

/** A byte count within the run's limit per call: Node's check of a size, then {@link RANDOM_BYTES_MAX}. */
function byteCount(size: number): number {
  if (size > RANDOM_BYTES_MAX) throw outOfRange('size', `>= 0 && <= ${RANDOM_BYTES_MAX} (a simulated run's limit per call)`, size);
  return size >>> 0;
}

/** Node's `assertOffset`: an offset in elements of the buffer, as bytes. */
function offsetBytes(offset: unknown, elementSize: number, length: number): number {
  const bytes = numberArgument('offset', offset) * elementSize;
  if (Number.isNaN(bytes) || bytes > length || bytes < 0) throw outOfRange('offset', `>= 0 && <= ${length}`, bytes);
  return bytes >>> 0;
}

/** Node's `assertSize`: a size in elements of the buffer, as bytes, that fits after `offset`. */
function sizeBytes(size: unknown, elementSize: number, offset: number, length: number): number {
  const bytes = numberArgument('size', size) * elementSize;
  if (Number.isNaN(bytes) || bytes < 0 || bytes > 2 ** 31 - 1) throw outOfRange('size', `>= 0 && <= ${2 ** 31 - 1}`, bytes);
  if (bytes + offset > length) throw outOfRange('size + offset', `<= ${length}`, bytes + offset);
  return bytes;
}

/** A buffer argument's bytes (an ArrayBuffer or any view of one) and the size of its elements, or Node's error. */
function bufferOf(buffer: unknown): { readonly bytes: Uint8Array; readonly elementSize: number } {
  if (buffer instanceof ArrayBuffer || buffer instanceof SharedArrayBuffer) return { bytes: new Uint8Array(buffer), elementSize: 1 };
  if (!ArrayBuffer.isView(buffer)) throw invalidArgType('buf', 'an instance of ArrayBuffer or ArrayBufferView', buffer);
  const elementSize = (buffer as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
  return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), elementSize };
}

/** The bytes from `offset`, `size` of them (both counted in the buffer's elements, as Node counts them); to the end without a size. */
function region({ bytes, elementSize }: ReturnType<typeof bufferOf>, offset: unknown, size: unknown): Uint8Array {
  const from = offsetBytes(offset, elementSize, bytes.length);
  const count = size === undefined ? bytes.length - from : sizeBytes(size, elementSize, from, bytes.length);
  return bytes.subarray(from, from + byteCount(count));
}

/** Node's `validateFunction` of a callback. */
function callbackOf<T>(value: unknown): Callback<T> {
  if (typeof value !== 'function') throw invalidArgType('callback', 'of type function', value);
  return value as Callback<T>;
}

/**
 * `node:crypto`'s random byte functions on one seeded stream (`randomBytes` and its old names `pseudoRandomBytes`,
 * `prng` and `rng`, `randomFill`, `randomFillSync`) and `randomInt` on another, with Node's argument handling and
 * errors. Their callback forms call back on a virtual `setImmediate`, as Node calls back from its thread pool on a
 * later turn of the loop, never synchronously.
 */
export function nodeRandom(byteDraws: RandomStream, ints: RandomStream, timers: ClientTimers): {
  randomBytes: (size: unknown, callback?: unknown) => Buffer | undefined;
  randomFillSync: <T>(buffer: T, offset?: unknown, size?: unknown) => T;
  randomFill: (buffer: unknown, offset?: unknown, size?: unknown, callback?: unknown) => void;
  randomInt: (min: unknown, max?: unknown, callback?: unknown) => number | undefined;
} {
  const later = <T>(callback: Callback<T>, value: T): void => {
    timers.schedule('immediate', () => callback(null, value), 0, []);
  };
  return {
    randomBytes(size, callback) {
      const count = byteCount(sizeBytes(size, 1, 0, Infinity));
      const done = callback === undefined ? undefined : callbackOf<Buffer>(callback);
      const buffer = Buffer.alloc(count);
      byteDraws.bytes(buffer, buffer.length);
      if (done === undefined) return buffer;
      later(done, buffer);
      return undefined;
    },
    randomFillSync(buffer, offset = 0, size) {
      const target = region(bufferOf(buffer), offset, size);
      byteDraws.bytes(target, target.length);
      return buffer;
    },
    randomFill(buffer, offset, size, callback) {
      const view = bufferOf(buffer);
      // As Node reads them: (buf, callback), (buf, offset, callback) or (buf, offset, size, callback).
      let done: Callback<unknown>;
      let target: Uint8Array;
      if (typeof offset === 'function') [done, target] = [offset as Callback<unknown>, region(view, 0, undefined)];
      else if (typeof size === 'function') [done, target] = [size as Callback<unknown>, region(view, offset, undefined)];
      else [done, target] = [callbackOf<unknown>(callback), region(view, offset, size)];
      byteDraws.bytes(target, target.length);
      later(done, buffer);
    },
    randomInt(min, max, callback) {
      const minGiven = !(max === undefined || typeof max === 'function');
      const [low, high, call] = minGiven ? [min, max, callback] : [0, min, max];
      const done = call === undefined ? undefined : callbackOf<number>(call);
      if (!Number.isSafeInteger(low)) throw invalidArgType('min', 'a safe integer', low);
      if (!Number.isSafeInteger(high)) throw invalidArgType('max', 'a safe integer', high);
      const [lowest, highest] = [low as number, high as number];
      if (highest <= lowest) throw outOfRange('max', `greater than the value of "min" (${lowest})`, highest);
      if (highest - lowest > RANDOM_INT_RANGE_MAX) throw outOfRange(minGiven ? 'max - min' : 'max', `<= ${RANDOM_INT_RANGE_MAX}`, highest - lowest);
      // A draw holds 32 random bits; two make a fraction of 53, fine enough for a range below 2^48. The sum may round
      // up to 1, hence the bound.
      const fraction = ints.next() + ints.next() / 2 ** 32;
      const value = Math.min(highest - 1, lowest + Math.floor(fraction * (highest - lowest)));
      if (done === undefined) return value;
      later(done, value);
      return undefined;
    },
  };
}
