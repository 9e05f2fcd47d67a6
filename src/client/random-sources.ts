import type { RandomStream } from '../engine/random.ts';
import { invalidArgType, outOfRange } from './node-errors.ts';
import type { ClientTimers } from './timers.ts';

/** The most bytes one `getRandomValues` call fills, as WebCrypto allows (a larger request is QuotaExceededError). */
export const RANDOM_VALUES_BYTES_MAX = 65_536;

/**
 * The most bytes one `randomBytes`, `randomFill` or `randomFillSync` call makes during a run: 1 MiB. Node allows
 * 2^31 − 1; a client asking a virtual clock for more than a mebibyte of entropy at once is a bug to report (a
 * RangeError naming the limit), not gigabytes to draw a byte at a time.
 */
export const RANDOM_BYTES_MAX = 1024 * 1024;

/** The widest range `randomInt` draws from, as in Node: max − min below 2^48. */
const RANDOM_INT_RANGE_MAX = 2 ** 48 - 1;

type Callback<T> = (error: Error | null, value?: T) => void;

/** Fills `bytes` with draws of `stream`, one draw a byte. */
function fill(stream: RandomStream, bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(stream.next() * 256);
}

/** WebCrypto's `getRandomValues`: an integer typed array of at most 65,536 bytes, filled in place and returned. */
export function getRandomValues<T extends ArrayBufferView | null>(stream: RandomStream, array: T): T {
  const integer = array instanceof Int8Array || array instanceof Uint8Array || array instanceof Uint8ClampedArray ||
    array instanceof Int16Array || array instanceof Uint16Array || array instanceof Int32Array ||
    array instanceof Uint32Array || array instanceof BigInt64Array || array instanceof BigUint64Array;
  if (!integer) throw Object.assign(new TypeError('The data argument must be an integer-type TypedArray'), { code: 'ERR_INVALID_ARG_TYPE' });
  if (array.byteLength > RANDOM_VALUES_BYTES_MAX) {
    throw new DOMException(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (${RANDOM_VALUES_BYTES_MAX})`, 'QuotaExceededError');
  }
  fill(stream, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return array;
}

/** A byte count Node's random byte functions take: an integer in [0, {@link RANDOM_BYTES_MAX}]. */
function byteCount(name: string, value: unknown): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!(Number.isInteger(value) && value >= 0 && value <= RANDOM_BYTES_MAX)) {
    throw outOfRange(name, `>= 0 && <= ${RANDOM_BYTES_MAX} (a simulated run's limit per call)`, value);
  }
  return value;
}

/** The bytes of a buffer argument (an ArrayBuffer or a view of one), from `offset`, `size` of them. */
function region(buffer: unknown, offset: unknown, size: unknown): Uint8Array {
  let bytes: Uint8Array;
  if (buffer instanceof ArrayBuffer || buffer instanceof SharedArrayBuffer) bytes = new Uint8Array(buffer);
  else if (ArrayBuffer.isView(buffer)) bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  else throw invalidArgType('buf', 'an instance of ArrayBuffer or ArrayBufferView', buffer);
  const from = offset === undefined ? 0 : byteCount('offset', offset);
  if (from > bytes.length) throw outOfRange('offset', `>= 0 && <= ${bytes.length}`, from);
  const count = size === undefined ? Math.min(bytes.length - from, RANDOM_BYTES_MAX) : byteCount('size', size);
  if (from + count > bytes.length) throw outOfRange('size + offset', `<= ${bytes.length}`, from + count);
  return bytes.subarray(from, from + count);
}

/** A callback argument, or Node's error for one that is not a function. */
function callbackOf<T>(value: unknown): Callback<T> {
  if (typeof value !== 'function') throw invalidArgType('callback', 'of type function', value);
  return value as Callback<T>;
}

/**
 * `node:crypto`'s random byte functions on one seeded stream (`randomBytes`, `randomFill`, `randomFillSync`) and
 * `randomInt` on another, with Node's argument checks. Their callback forms call back on a virtual `setImmediate`,
 * as Node calls back from its thread pool on a later turn of the loop, never synchronously.
 */
export function nodeRandom(bytes: RandomStream, ints: RandomStream, timers: ClientTimers): {
  randomBytes: (size: unknown, callback?: unknown) => Buffer | undefined;
  randomFillSync: <T>(buffer: T, offset?: unknown, size?: unknown) => T;
  randomFill: (buffer: unknown, ...rest: unknown[]) => void;
  randomInt: (...args: unknown[]) => number | undefined;
} {
  const later = <T>(callback: Callback<T>, value: T): void => {
    timers.schedule('immediate', () => callback(null, value), 0, []);
  };
  return {
    randomBytes(size, callback) {
      const count = byteCount('size', size);
      const done = callback === undefined ? undefined : callbackOf<Buffer>(callback);
      const buffer = Buffer.alloc(count);
      fill(bytes, buffer);
      if (done === undefined) return buffer;
      later(done, buffer);
      return undefined;
    },
    randomFillSync(buffer, offset, size) {
      fill(bytes, region(buffer, offset, size));
      return buffer;
    },
    randomFill(buffer, ...rest) {
      const done = callbackOf<unknown>(rest.pop());
      fill(bytes, region(buffer, rest[0], rest[1]));
      later(done, buffer);
    },
    randomInt(...args) {
      const done = typeof args[args.length - 1] === 'function' ? callbackOf<number>(args.pop()) : undefined;
      const [min, max] = args.length < 2 ? [0, args[0]] : [args[0], args[1]];
      for (const [name, value] of [['min', min], ['max', max]] as const) {
        if (!Number.isSafeInteger(value)) throw invalidArgType(name, 'a safe integer', value);
      }
      const [low, high] = [min as number, max as number];
      if (high <= low) throw outOfRange('max', `greater than the value of "min" (${low})`, high);
      if (high - low > RANDOM_INT_RANGE_MAX) throw outOfRange('max - min', `<= ${RANDOM_INT_RANGE_MAX}`, high - low);
      // A draw holds 32 random bits; two make a fraction of 53, fine enough for a range below 2^48. The sum may round
      // up to 1, hence the bound.
      const fraction = ints.next() + ints.next() / 2 ** 32;
      const value = Math.min(high - 1, low + Math.floor(fraction * (high - low)));
      if (done === undefined) return value;
      later(done, value);
      return undefined;
    },
  };
}
