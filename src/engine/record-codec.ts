import { createHash } from 'node:crypto';

/**
 * The longest string a trace record holds whole: a longer one (GameSessionData may be 256 KiB, a hostile request
 * 4 MB) is recorded as its length and hash, so what the trace holds of any value stays bounded.
 */
export const RECORD_STRING_CHARS_MAX = 1024;

/**
 * A value a caller shaped (a request, a fault, timings): recorded with its object keys sorted at every depth, since a
 * caller may build the same value with its members in any order (in-process or off the wire) and it must still be
 * recorded the same (DT-1). Data the recording code builds itself keeps the order that code set, which is fixed by
 * the code, so that the hot path sorts nothing it does not have to.
 */
export class CallerShaped {
  constructor(readonly value: unknown) {}
}

/**
 * The compact text a trace record is hashed and kept as: the value as plain data (undefined members and functions
 * dropped, a Date as its epoch milliseconds, bytes as base64, a string longer than {@link RECORD_STRING_CHARS_MAX}
 * as `{ chars, sha256 }`, the keys of a {@link CallerShaped} value sorted), written without escaping and without
 * any per-character work:
 *
 * | value | text |
 * |---|---|
 * | string | its length in decimal, `"`, its characters |
 * | finite number | `#`, `String(number)`, `;` (ECMAScript fixes that text in every engine and locale) |
 * | true, false, null | `T`, `F`, `N` (an undefined array item is null, as in JSON) |
 * | Date | `@`, epoch ms, `;` |
 * | array | `[`, its items, `]`; an object item with the keys of the object item before it: `(`, its values |
 * | object | `{`, each member as its key (a string) and value, `}` |
 *
 * Every value's text says where it ends (strings by their length), so a sequence of values reads back one way only:
 * different values have different texts, and the same value has the same text in any process, time zone or locale
 * (DT-1). The characters of strings go in as they are; hashing
 * the text (as UTF-8) is the only pass over them, where `JSON.stringify` and a canonical copy took two more.
 */
export function encodeValue(value: unknown): string {
  return encode(value, false);
}

function encode(value: unknown, sorted: boolean): string {
  switch (typeof value) {
    case 'string':
      return value.length > RECORD_STRING_CHARS_MAX ? encodeMembers(longString(value), LONG_STRING_KEYS, false) : value.length + '"' + value;
    case 'number':
      return Number.isFinite(value) ? '#' + value + ';' : encode(String(value), false);
    case 'boolean':
      return value ? 'T' : 'F';
    case 'bigint':
      return encode(value.toString(), false);
    case 'object':
      if (value === null) return 'N';
      if (Array.isArray(value)) return encodeArray(value, sorted);
      if (value instanceof Date) return '@' + dateMs(value) + ';';
      if (value instanceof Uint8Array) return encode(Buffer.from(value).toString('base64'), false);
      if (value instanceof CallerShaped) return encode(value.value, true);
      return sorted ? encodeMembers(value as Record<string, unknown>, keysOf(value as Record<string, unknown>, true), true) : encodeInOrder(value as Record<string, unknown>);
    default:
      // undefined and functions: dropped from objects before they get here; an array's are null, as in JSON.
      return 'N';
  }
}

/**
 * An array, where an object item with the very keys of the object item before it is written as `(` and its values
 * alone: lists of structures (player latencies, player sessions) then carry each key once, not once per item.
 */
function encodeArray(items: readonly unknown[], sorted: boolean): string {
  let text = '[';
  let previous: readonly string[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isStructure(item)) {
      text += encode(item, sorted);
      previous = undefined;
      continue;
    }
    const keys = keysOf(item, sorted);
    text += previous !== undefined && sameKeys(previous, keys) ? '(' + encodeValues(item, keys, sorted) : encodeMembers(item, keys, sorted);
    previous = keys;
  }
  return text + ']';
}

/** Whether `value` is written as an object of members (not null, an array, a Date, bytes or a caller-shaped value). */
function isStructure(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) &&
    !(value instanceof Uint8Array) && !(value instanceof CallerShaped);
}

/**
 * An object the recording code built, its members in the order it set them: the hot path, which walks the members
 * once with no list of keys. Recorded objects are plain, so `for…in` sees exactly the keys `Object.keys` would.
 */
function encodeInOrder(object: Record<string, unknown>): string {
  let text = '{';
  for (const key in object) {
    const member = object[key];
    if (member !== undefined && typeof member !== 'function') text += keyText(key) + encode(member, false);
  }
  return text + '}';
}

/** The keys of the members an object is written with, in the order they are written. */
function keysOf(object: Record<string, unknown>, sorted: boolean): readonly string[] {
  let keys = Object.keys(object);
  if (sorted && !isSorted(keys)) keys.sort();
  for (let i = 0; i < keys.length; i++) {
    const member = object[keys[i]!];
    if (member === undefined || typeof member === 'function') {
      keys = keys.filter((key) => object[key] !== undefined && typeof object[key] !== 'function');
      break;
    }
  }
  return keys;
}

function encodeMembers(object: Record<string, unknown>, keys: readonly string[], sorted: boolean): string {
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    text += keyText(key) + encode(object[key], sorted);
  }
  return text + '}';
}

function encodeValues(object: Record<string, unknown>, keys: readonly string[], sorted: boolean): string {
  let text = '';
  for (let i = 0; i < keys.length; i++) text += encode(object[keys[i]!], sorted);
  return text;
}

/** How many member names {@link keyText} remembers: the names code and the service model use, with room to spare. */
const KEY_TEXTS_KEPT_MAX = 4096;
const KEY_TEXTS = new Map<string, string>();

/**
 * A member name's text. The same few names recur in every record, so their texts are made once; names beyond the
 * limit (a caller's odd keys) are written each time, so the cache stays bounded.
 */
function keyText(key: string): string {
  let text = KEY_TEXTS.get(key);
  if (text === undefined) {
    text = key.length + '"' + key;
    if (KEY_TEXTS.size < KEY_TEXTS_KEPT_MAX) KEY_TEXTS.set(key, text);
  }
  return text;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `keys` are already in code-unit order, as most objects built by code are: a check costs less than a sort. */
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

/** A Date's epoch ms; an invalid Date is a programmer error here (requests are checked before they are recorded). */
function dateMs(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('a trace record cannot hold an invalid Date');
  return ms;
}

/** What a record holds of a string too long to hold whole: its length and the first 16 hex digits of its SHA-256. */
const LONG_STRING_KEYS = ['chars', 'sha256'] as const;
function longString(value: string): { chars: number; sha256: string } {
  return { chars: value.length, sha256: createHash('sha256').update(value).digest('hex').slice(0, 16) };
}

/**
 * Reads back the value `text` encodes, as plain JSON data: a Date as its ISO-8601 text, as the JSON lines of a trace
 * show it. Throws a RangeError on text that {@link encodeValue} did not write.
 */
export function decodeValue(text: string): unknown {
  const reader = new Reader(text);
  const value = reader.value();
  if (reader.at !== text.length) throw new RangeError(`trailing text at ${reader.at} of an encoded value`);
  return value;
}

/** A cursor over encoded text. */
class Reader {
  at = 0;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  value(): unknown {
    const text = this.#text;
    const tag = text[this.at];
    switch (tag) {
      case 'T': this.at++; return true;
      case 'F': this.at++; return false;
      case 'N': this.at++; return null;
      case '#': return Number(this.#until(';'));
      case '@': return new Date(Number(this.#until(';'))).toISOString();
      case '[': {
        this.at++;
        const items: unknown[] = [];
        let previous: string[] | undefined;
        while (text[this.at] !== ']') {
          if (text[this.at] === '(') {
            if (previous === undefined) throw new RangeError(`an item at ${this.at} repeats the keys of no object before it`);
            this.at++;
            const object: Record<string, unknown> = {};
            for (const key of previous) define(object, key, this.value());
            items.push(object);
          } else if (text[this.at] === '{') {
            const [object, keys] = this.#object();
            items.push(object);
            previous = keys;
          } else {
            items.push(this.value());
            previous = undefined;
          }
        }
        this.at++;
        return items;
      }
      case '{':
        return this.#object()[0];
      default:
        return this.#string();
    }
  }

  /** An object and its keys in the order they were written (which `Object.keys` does not keep for integer-like keys). */
  #object(): [Record<string, unknown>, string[]] {
    this.at++;
    const object: Record<string, unknown> = {};
    const keys: string[] = [];
    while (this.#text[this.at] !== '}') {
      if (this.at >= this.#text.length) throw new RangeError('an object runs past the end of an encoded value');
      const key = this.#string();
      keys.push(key);
      define(object, key, this.value());
    }
    this.at++;
    return [object, keys];
  }

  /** The text from after the tag up to `end`, moving past `end`. */
  #until(end: string): string {
    const stop = this.#text.indexOf(end, this.at + 1);
    if (stop < 0) throw new RangeError(`unterminated value at ${this.at} of an encoded value`);
    const body = this.#text.slice(this.at + 1, stop);
    this.at = stop + 1;
    return body;
  }

  #string(): string {
    const quote = this.#text.indexOf('"', this.at);
    const length = Number(this.#text.slice(this.at, quote));
    if (quote < 0 || !Number.isSafeInteger(length) || quote === this.at) {
      throw new RangeError(`expected a value at ${this.at} of an encoded value`);
    }
    const start = quote + 1;
    if (start + length > this.#text.length) throw new RangeError(`a string at ${this.at} runs past the end of an encoded value`);
    this.at = start + length;
    return this.#text.slice(start, start + length);
  }
}

/** Sets a member by definition, not assignment: a key "__proto__" is data like any other. */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
