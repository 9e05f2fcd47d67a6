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

/** Writes `value` as {@link RecordWriter.value} would, knowing more of its shape than the walk does. */
export type ValueWriter = (writer: RecordWriter, value: unknown) => void;

/**
 * A value recorded by a writer made for its shape (a request the SDK's schema describes): the same text as the walk
 * writes for it, written faster. The writer is the caller's promise that it is the same text.
 */
export class ShapeWritten {
  constructor(readonly value: unknown, readonly write: ValueWriter) {}
}

/**
 * The compact text a trace record is hashed and kept as: the value as plain data (undefined members and functions
 * dropped, a Date as its epoch milliseconds, bytes as base64, a string longer than {@link RECORD_STRING_CHARS_MAX}
 * as `{ chars, sha256 }`, the keys of a {@link CallerShaped} value sorted), written without escaping:
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
 * (DT-1). The characters of strings go in as they are, copied once into the writer's bytes (as UTF-8), which the
 * hash then reads; `JSON.stringify` and a canonical copy took two more passes.
 */
export function encodeValue(value: unknown): string {
  const writer = new RecordWriter(256);
  writer.value(value);
  return writer.text(0, writer.length);
}

/** The first bytes a record writer holds before it grows. */
const WRITER_BYTES_DEFAULT = 64 * 1024;

/**
 * ASCII text made into bytes once, ahead of the records that hold it (member names, a shape's head), so that a record
 * copies it whole (see {@link RecordWriter.ascii}) rather than a character at a time.
 */
export type AsciiText = Uint8Array & { readonly __ascii: true };

/** `text` as {@link AsciiText}; a character beyond ASCII is a programmer error. */
export function asciiText(text: string): AsciiText {
  if (!/^[\x00-\x7f]*$/.test(text)) throw new RangeError(`ASCII text expected, not ${JSON.stringify(text)}`);
  return Uint8Array.from(text, (char) => char.charCodeAt(0)) as AsciiText;
}

/**
 * Where records are written: their text (see {@link encodeValue}) as UTF-8, straight into one growing buffer. Text
 * built as strings first costs more than the writing: a record made by concatenation is a tree of dozens of small
 * strings, and it is walking that tree (to hash it or copy it) that took most of a record's time.
 *
 * Each write makes room for its whole value at once (an upper bound: a length's digits, 3 bytes a UTF-16 code unit)
 * and then fills it without a check a byte.
 */
export class RecordWriter {
  #bytes: Buffer;
  #at = 0;

  constructor(bytes = WRITER_BYTES_DEFAULT) {
    this.#bytes = Buffer.allocUnsafe(bytes);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#at;
  }

  /** The bytes from `from` to `to`, as a view that the next write may change. */
  bytes(from: number, to: number): Uint8Array {
    return this.#bytes.subarray(from, to);
  }

  /** The text of the bytes from `from` to `to`. */
  text(from: number, to: number): string {
    return this.#bytes.toString('utf8', from, to);
  }

  /** Forgets the bytes from `length` on (a record that could not be written whole), or all of them. */
  truncate(length = 0): void {
    this.#at = length;
  }

  /** Forgets every byte and gives back a buffer a large record made larger than `bytes`. */
  reset(bytes = WRITER_BYTES_DEFAULT): void {
    this.#at = 0;
    if (this.#bytes.length > 2 * bytes) this.#bytes = Buffer.allocUnsafe(bytes);
  }

  /** Writes a value's text (see {@link encodeValue}). */
  value(value: unknown): void {
    writeValue(this, value, false);
  }

  /** Writes `{ what, ...data }` as {@link value} would, for data built by the recording code. */
  change(what: string, data: object): void {
    this.ascii(OPEN_WHAT);
    this.string(what);
    writeMembersInOrder(this, data as Record<string, unknown>);
    this.char(0x7d); // }
  }

  /**
   * Writes a record of `shape` with members of values `a`, `b`, `c`, as the object would be written (an undefined
   * value leaves its member out; the values past the shape's members are undefined), with the member names' text made
   * once per shape.
   */
  shaped(shape: RecordShape, a: RecordScalar, b: RecordScalar, c: RecordScalar): void {
    const names = shape.names;
    if (a !== undefined) {
      // The head and the first member's name in one copy: most records have their first member.
      this.ascii(shape.opening);
      this.#scalar(a);
    } else {
      this.ascii(shape.head);
    }
    if (b !== undefined) {
      this.ascii(names[1]!);
      this.#scalar(b);
    }
    if (c !== undefined) {
      this.ascii(names[2]!);
      this.#scalar(c);
    }
    this.char(0x7d); // }
  }

  /**
   * Writes a record of a {@link PairsShape}: `value` its member's, `items` its list's, the items after the first
   * written like the item before (as {@link value} writes a list of structures), then `numbers` as the shape's list
   * of numbers, if it has one (an undefined number is null, as {@link value} writes an array's undefined item).
   */
  pairs<A extends string, B extends string>(
    shape: PairsShape<A, B>,
    value: string,
    items: readonly Readonly<Record<A | B, string>>[],
    numbers?: readonly (number | undefined)[],
  ): void {
    this.ascii(shape.opening);
    this.string(value);
    if (items.length === 0) {
      this.ascii(shape.emptyList);
    } else {
      const { first, second } = shape;
      this.ascii(shape.listOpening);
      this.string(items[0]![first]);
      this.ascii(shape.secondName);
      this.string(items[0]![second]);
      this.char(0x7d); // }
      for (let i = 1; i < items.length; i++) {
        this.char(0x28); // (
        this.string(items[i]![first]);
        this.string(items[i]![second]);
      }
      this.char(0x5d); // ]
    }
    const numbersOpening = shape.numbersOpening;
    if ((numbersOpening === undefined) !== (numbers === undefined)) {
      throw new TypeError(`a record of ${shape.what} lists ${numbersOpening === undefined ? 'no numbers' : 'numbers'}`);
    }
    if (numbers !== undefined && numbers.length !== items.length) {
      throw new RangeError(`a record of ${shape.what} lists a number for each of its ${items.length} items, not ${numbers.length}`);
    }
    if (numbersOpening !== undefined && numbers !== undefined) {
      this.ascii(numbersOpening);
      for (const number of numbers) {
        if (number === undefined) this.char(0x4e); // N
        else this.numberValue(number);
      }
      this.char(0x5d); // ]
    }
    this.char(0x7d); // }
  }

  #scalar(value: string | number): void {
    if (typeof value === 'string') this.string(value);
    else this.numberValue(value);
  }

  /** Writes ASCII text made beforehand, by one copy. */
  ascii(text: AsciiText): void {
    this.#room(text.length);
    this.#bytes.set(text, this.#at);
    this.#at += text.length;
  }

  /** Writes a string value, as {@link value} would. */
  string(value: string): void {
    if (value.length > RECORD_STRING_CHARS_MAX) writeMembers(this, longString(value), LONG_STRING_KEYS, false);
    // Within the limit, a string value is written as a name is: its length, `"`, its characters.
    else this.key(value);
  }

  /**
   * Writes a member's name: as a string value is written, but whole whatever its length (names are the code's, or a
   * request's that validation let through).
   */
  key(name: string): void {
    this.#room(LENGTH_DIGITS_MAX + 1 + UTF8_BYTES_PER_UNIT_MAX * name.length);
    const bytes = this.#bytes;
    const at = wholeAt(bytes, this.#at, name.length);
    bytes[at] = QUOTE;
    this.#at = utf8At(bytes, at + 1, name);
  }

  /** Writes a number value, as {@link value} would: a non-finite one as its text. */
  numberValue(value: number): void {
    if (Number.isFinite(value)) this.tagged(0x23, value); // #
    else this.string(String(value));
  }

  /**
   * Writes the character of code `tag`, a finite number as `String(number)` writes it, and `;`: a number value, a
   * Date, a record's head. Whole numbers are written digit by digit, without making that string.
   */
  tagged(tag: number, value: number): void {
    if (!(Number.isSafeInteger(value) && value >= 0)) {
      this.char(tag);
      this.chars(String(value));
      return this.char(SEMICOLON);
    }
    this.#room(SAFE_INTEGER_DIGITS_MAX + 2);
    const bytes = this.#bytes;
    bytes[this.#at] = tag;
    const at = safeIntegerAt(bytes, this.#at + 1, value);
    bytes[at] = SEMICOLON;
    this.#at = at + 1;
  }

  /** Writes again the bytes from `from` to `to`, written before (the same value again), by one copy. */
  repeat(from: number, to: number): void {
    if (!(from >= 0 && from <= to && to <= this.#at)) throw new RangeError(`bytes ${from} to ${to} were not written before ${this.#at}`);
    this.#room(to - from);
    this.#bytes.copyWithin(this.#at, from, to);
    this.#at += to - from;
  }

  /** Writes one ASCII character, by its code. */
  char(code: number): void {
    this.#room(1);
    this.#bytes[this.#at++] = code;
  }

  /** Writes a string's characters as UTF-8. */
  chars(text: string): void {
    this.#room(UTF8_BYTES_PER_UNIT_MAX * text.length);
    this.#at = utf8At(this.#bytes, this.#at, text);
  }

  /** Makes room for `needed` more bytes, so that the writes that fill them need no check. */
  #room(needed: number): void {
    if (this.#at + needed > this.#bytes.length) this.#grow(needed);
  }

  #grow(needed: number): void {
    const larger = Buffer.allocUnsafe(Math.max(2 * this.#bytes.length, this.#at + needed));
    this.#bytes.copy(larger, 0, 0, this.#at);
    this.#bytes = larger;
  }
}

/** A value of a {@link RecordShape}'s member: undefined leaves the member out. */
export type RecordScalar = string | number | undefined;

/** How many members a {@link RecordShape} has. */
export type ShapeArity = 1 | 2 | 3;
type ShapeMembers = [string] | [string, string] | [string, string, string];


/**
 * The shape of a record the recording code makes often, with at most three members whose names it fixes: its
 * records are written from the values alone (see {@link RecordWriter.shaped}), the very text the object would give,
 * without making that object and walking it.
 */
export class RecordShape<N extends ShapeArity = ShapeArity> {
  /** A state change `{ what, ...members }`, as {@link RecordWriter.change} writes it. */
  static change<M extends ShapeMembers>(what: string, ...members: M): RecordShape<M['length']> {
    return new RecordShape(changeHead(what), members);
  }

  /** A structure `{ ...members }`. */
  static structure<M extends ShapeMembers>(...members: M): RecordShape<M['length']> {
    return new RecordShape('{', members);
  }

  /** Its number of members, for the compiler alone: a record of the shape is given exactly that many values. */
  declare readonly arity: N;

  /** The text before the first member, then each member's name (length, `"`, name), in order. */
  readonly head: AsciiText;
  readonly names: readonly AsciiText[];
  /** The head and the first member's name. */
  readonly opening: AsciiText;

  /** `head`: the text before the first member. */
  private constructor(head: string, members: readonly string[]) {
    if (members.length > 3) throw new RangeError(`a record shape has at most 3 members, not ${members.length}`);
    members.forEach(checkMemberName);
    this.head = asciiText(head);
    this.names = members.map(memberKey);
    this.opening = members.length === 0 ? this.head : asciiText(head + memberName(members[0]!));
  }
}

/**
 * The shape of a frequent change that lists pairs, `{ what, <member>: string, <list>: [{ <first>: string, <second>:
 * string }, …] }` (the player sessions a game session seats or ends, with a member of each), and, if it names one, a
 * list of numbers after, `<numbers>: [number or null, …]`: its records are written from the values alone (see
 * {@link RecordWriter.pairs}), the very text the object would give, without a walk of each item's members.
 */
export class PairsShape<A extends string, B extends string> {
  /** The change's opening and its first member's name. */
  readonly opening: AsciiText;
  /** The list's name, `[`, and the first item's opening and first member's name. */
  readonly listOpening: AsciiText;
  readonly secondName: AsciiText;
  /** The list's name and an empty list. */
  readonly emptyList: AsciiText;
  /** The list of numbers' name and `[`; undefined when the shape has none. */
  readonly numbersOpening: AsciiText | undefined;

  constructor(readonly what: string, member: string, list: string, readonly first: A, readonly second: B, numbers?: string) {
    const members = numbers === undefined ? ['what', member, list] : ['what', member, list, numbers];
    [...members.slice(1), first, second].forEach(checkMemberName);
    // An object has each key once: the change's own members, and each item's.
    if (new Set(members).size < members.length) throw new RangeError(`a change's members are ${members.join(', ')}: ${members.length} names`);
    if ((first as string) === second) throw new RangeError(`a pair's members have two names, not ${JSON.stringify(first)} twice`);
    this.opening = asciiText(changeHead(what) + memberName(member));
    this.listOpening = asciiText(`${memberName(list)}[{${memberName(first)}`);
    this.secondName = memberKey(second);
    this.emptyList = asciiText(`${memberName(list)}[]`);
    this.numbersOpening = numbers === undefined ? undefined : asciiText(`${memberName(numbers)}[`);
  }
}

/** A change's opening: `{`, then its member `what` of value `what`, which is printable ASCII. */
function changeHead(what: string): string {
  if (!/^[\x20-\x7e]+$/.test(what)) throw new RangeError(`a change's what is printable ASCII, not ${JSON.stringify(what)}`);
  return `{${memberName('what')}${memberName(what)}`;
}

/**
 * Members of a shape are named as identifiers: ASCII, so that a name's length in characters is its length in bytes,
 * and never an array index, which an object would list before its other keys.
 */
function checkMemberName(member: string): void {
  if (!/^[A-Za-z_$][\w$]*$/.test(member)) throw new RangeError(`a record shape's member is named as an identifier, not ${JSON.stringify(member)}`);
}

/** A member's name (or a change's what) as a record writes it, for ASCII text: its length, `"`, the text. */
function memberName(name: string): string {
  return `${name.length}"${name}`;
}

/** A member's name, ASCII, as a record writes it (see {@link RecordWriter.ascii}), made once. */
export function memberKey(name: string): AsciiText {
  return asciiText(memberName(name));
}

/**
 * The longest string written by JavaScript when it is ASCII; a longer one goes to the native encoder. A native call
 * costs as much as copying 30 to 40 characters one by one; replaying the day scenario's records (ids of 42 and about
 * 92 characters, names and statuses of 6 to 20) took as long with 48 as with 24, and longer with 128.
 */
const JS_CHARS_MAX = 24;

/** Bytes of UTF-8 a UTF-16 code unit takes at most (a lone surrogate is written as U+FFFD, 3 bytes). */
const UTF8_BYTES_PER_UNIT_MAX = 3;
/** Digits of a string's length at most (JavaScript strings are shorter than 2^31). */
const LENGTH_DIGITS_MAX = 10;
/** Digits of a whole number below 2^53. */
const SAFE_INTEGER_DIGITS_MAX = 16;
const BILLION = 1_000_000_000;
const QUOTE = 0x22;
const SEMICOLON = 0x3b;
/** A change's opening: `{` and the name of its member `what`. */
const OPEN_WHAT = asciiText(`{${memberName('what')}`);

/**
 * {@link wholeAt} for a whole number below 2^53: a timestamp (13 digits) as its high digits, then its last nine,
 * which are always nine (zero-padded), so they are written without counting them first.
 */
function safeIntegerAt(bytes: Buffer, at: number, value: number): number {
  if (value < BILLION) return wholeAt(bytes, at, value);
  // In 32-bit integer arithmetic.
  const high = Math.floor(value / BILLION);
  const end = wholeAt(bytes, at, high) + 9;
  let rest = value - high * BILLION;
  for (let i = end - 1; i >= end - 9; i--) {
    const tenth = (rest / 10) | 0;
    bytes[i] = 48 + rest - tenth * 10;
    rest = tenth;
  }
  return end;
}

/** Writes the decimal digits of `value` (0 to 2^31 - 1) from `at`, in room made before; returns where they end. */
function wholeAt(bytes: Buffer, at: number, value: number): number {
  if (value < 100) {
    // Most lengths, counts and latencies: one or two digits, written without counting them first.
    if (value < 10) {
      bytes[at] = 48 + value;
      return at + 1;
    }
    const tens = (value / 10) | 0;
    bytes[at] = 48 + tens;
    bytes[at + 1] = 48 + value - 10 * tens;
    return at + 2;
  }
  let digits = 3;
  for (let power = 1000; power <= value; power *= 10) digits++;
  let rest = value;
  for (let i = at + digits - 1; i >= at; i--) {
    const tenth = (rest / 10) | 0;
    bytes[i] = 48 + rest - tenth * 10;
    rest = tenth;
  }
  return at + digits;
}

/**
 * Writes a string's characters as UTF-8 from `at`, in room made before; returns where they end. ASCII goes by
 * JavaScript, up to {@link JS_CHARS_MAX} characters, each code stored as it is read and checked once at the end (a
 * string beyond ASCII is then written again, whole, over those bytes, in the room made for 3 bytes a unit); a longer
 * string goes to the native encoder, which knows surrogate pairs and copies a long string several times faster.
 */
function utf8At(bytes: Buffer, at: number, text: string): number {
  const n = text.length;
  // Buffer's public write (UTF-8 by default) writes up to the buffer's end; room is made before, so it never cuts a
  // character short.
  if (n > JS_CHARS_MAX) return at + bytes.write(text, at);
  let codes = 0;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    codes |= code;
    bytes[at + i] = code;
  }
  if (codes < 0x80) return at + n;
  return at + bytes.write(text, at);
}

function writeValue(writer: RecordWriter, value: unknown, sorted: boolean): void {
  switch (typeof value) {
    case 'string':
      return writer.string(value);
    case 'number':
      return writer.numberValue(value);
    case 'boolean':
      return writer.char(value ? 0x54 : 0x46); // T, F
    case 'bigint':
      return writer.string(value.toString());
    case 'object':
      if (value === null) return writer.char(0x4e); // N
      if (Array.isArray(value)) return writeArray(writer, value, sorted);
      if (value instanceof Date) return writer.tagged(0x40, dateMs(value)); // @
      if (value instanceof Uint8Array) return writer.string(Buffer.from(value).toString('base64'));
      if (value instanceof CallerShaped) return writeValue(writer, value.value, true);
      if (value instanceof ShapeWritten) return value.write(writer, value.value);
      if (sorted) return writeMembers(writer, value as Record<string, unknown>, keysOf(value as Record<string, unknown>, true), true);
      return writeInOrder(writer, value as Record<string, unknown>);
    default:
      // undefined and functions: dropped from objects before they get here; an array's are null, as in JSON.
      return writer.char(0x4e);
  }
}

/**
 * An array, where an object item with the very keys of the object item before it is written as `(` and its values
 * alone: lists of structures (player latencies, player sessions) then carry each key once, not once per item.
 */
function writeArray(writer: RecordWriter, items: readonly unknown[], sorted: boolean): void {
  writer.char(0x5b); // [
  let previous: readonly string[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isStructure(item)) {
      writeValue(writer, item, sorted);
      previous = undefined;
      continue;
    }
    // Built by code, an item is written like the one before if it can be, in one walk; a caller's is sorted first.
    if (previous !== undefined && !sorted && writeLike(writer, item, previous)) continue;
    const keys = keysOf(item, sorted);
    if (previous !== undefined && sorted && sameKeys(previous, keys)) {
      writer.char(0x28); // (
      for (let k = 0; k < keys.length; k++) writeValue(writer, item[keys[k]!], sorted);
    } else {
      writeMembers(writer, item, keys, sorted);
    }
    previous = keys;
  }
  writer.char(0x5d); // ]
}

/**
 * Writes an item built by the recording code as `(` and its values, if its members are the very keys of the item
 * before it, in order, and reports whether it did; if not, it leaves nothing written. One walk of the members and no
 * list of its keys: the common case of a list of structures (24 player latencies in one placement request).
 */
function writeLike(writer: RecordWriter, item: Record<string, unknown>, keys: readonly string[]): boolean {
  const start = writer.length;
  writer.char(0x28); // (
  let k = 0;
  for (const key in item) {
    const member = item[key];
    if (member === undefined || typeof member === 'function') continue;
    if (k === keys.length || keys[k] !== key) {
      k = -1; // a member the item before did not have, or another order
      break;
    }
    writeValue(writer, member, false);
    k++;
  }
  if (k === keys.length) return true;
  writer.truncate(start);
  return false;
}

/** Whether `value` is written as an object of members (not null, an array, a Date, bytes or a caller-shaped value). */
function isStructure(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) &&
    !(value instanceof Uint8Array) && !(value instanceof CallerShaped) && !(value instanceof ShapeWritten);
}

/**
 * An object the recording code built, its members in the order it set them: the hot path, which walks the members
 * once with no list of keys. Recorded objects are plain, so `for…in` sees exactly the keys `Object.keys` would.
 */
function writeInOrder(writer: RecordWriter, object: Record<string, unknown>): void {
  writer.char(0x7b); // {
  writeMembersInOrder(writer, object);
  writer.char(0x7d); // }
}

function writeMembersInOrder(writer: RecordWriter, object: Record<string, unknown>): void {
  for (const key in object) {
    const member = object[key];
    if (member === undefined || typeof member === 'function') continue;
    writer.key(key);
    writeValue(writer, member, false);
  }
}

/** The keys of the members an object is written with, in the order they are written. */
function keysOf(object: Record<string, unknown>, sorted: boolean): readonly string[] {
  let keys = Object.keys(object);
  if (sorted) sortKeys(keys);
  for (let i = 0; i < keys.length; i++) {
    const member = object[keys[i]!];
    if (member === undefined || typeof member === 'function') {
      keys = keys.filter((key) => object[key] !== undefined && typeof object[key] !== 'function');
      break;
    }
  }
  return keys;
}

function writeMembers(writer: RecordWriter, object: Record<string, unknown>, keys: readonly string[], sorted: boolean): void {
  writer.char(0x7b); // {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    writer.key(key);
    writeValue(writer, object[key], sorted);
  }
  writer.char(0x7d); // }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Beyond this many keys, an object's keys are sorted by `Array.prototype.sort`, in O(n log n). */
const INSERTION_SORT_KEYS_MAX = 32;

/**
 * Sorts keys in code-unit order, in place: by insertion, as an object has a handful of members, most often already in
 * order (a check then costs less than a call to `Array.prototype.sort`).
 */
function sortKeys(keys: string[]): void {
  if (keys.length > INSERTION_SORT_KEYS_MAX) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
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
