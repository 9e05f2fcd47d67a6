import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical } from '../../src/engine/canonical.ts';
import { asciiText, CallerShaped, decodeValue, encodeValue, PairsShape, RECORD_STRING_CHARS_MAX, RecordShape, RecordWriter, type RecordScalar } from '../../src/engine/record-codec.ts';

/** JSON-like values as records hold them: strings (some past the limit), numbers of every kind, Dates, nesting. */
const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.string({ minLength: RECORD_STRING_CHARS_MAX - 1, maxLength: RECORD_STRING_CHARS_MAX + 2 }),
    fc.double(),
    fc.integer(),
    // Whole numbers past 2^31 are written in two parts (a timestamp's high digits, then its last nine).
    fc.maxSafeNat(),
    fc.constantFrom(999_999_999, 1_000_000_000, 1_000_000_001, 1_767_225_600_000, Number.MAX_SAFE_INTEGER),
    fc.boolean(),
    fc.constant(null),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 }),
    // Objects with more keys than are sorted by insertion.
    fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { minKeys: 30, maxKeys: 40 }),
  ),
})).value;

/** What a record holds of a value, as plain JSON data: canonical form, a string past the limit as its length and hash. */
function expected(value: unknown): string {
  return JSON.stringify(canonical(value), (_key, member: unknown) => (typeof member === 'string' && member.length > RECORD_STRING_CHARS_MAX
    ? { chars: member.length, sha256: createHash('sha256').update(member).digest('hex').slice(0, 16) }
    : member));
}

/** The same object with its keys set in reverse order, at every depth. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
}

describe('record codec', () => {
  it('DT-1: a value reads back as its canonical JSON data (Dates as ISO text, long strings as length and hash)', () => {
    fc.assert(
      fc.property(values, (value) => {
        expect(JSON.stringify(decodeValue(encodeValue(new CallerShaped(value))))).toBe(expected(value));
      }),
    );
  });

  it('DT-1: a list of structures built in code reads back item for item, whatever members each has and in what order', () => {
    // Items over a few keys, some members undefined, set in any order: an item is written as `(` and its values only
    // when its members are the very keys of the item before it, in their order.
    const item = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', '1'), fc.option(fc.integer(), { nil: undefined })), { maxLength: 4 })
      .map((members) => Object.fromEntries(members) as Record<string, number | undefined>);
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (items) => {
        expect(decodeValue(encodeValue(items))).toEqual(JSON.parse(JSON.stringify(items)));
      }),
    );
  });

  it('DT-1: different values have different encodings', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const same = expected(a) === expected(b);
        const differentKinds = (a instanceof Date) !== (b instanceof Date);
        if (!same || differentKinds) expect(encodeValue(new CallerShaped(a))).not.toBe(encodeValue(new CallerShaped(b)));
      }),
    );
  });

  it('DT-1: a sequence of encoded values reads back one way only (each value says where it ends)', () => {
    fc.assert(
      fc.property(fc.array(values, { maxLength: 5 }), (items) => {
        expect(decodeValue(encodeValue(items))).toEqual(items.map((item) => decodeValue(encodeValue(item))));
        // Items that are not objects are written one after another, each saying where it ends.
        const scalars = items.filter((item) => item === null || typeof item !== 'object' || item instanceof Date);
        expect(encodeValue(scalars)).toBe(`[${scalars.map((item) => encodeValue(item)).join('')}]`);
      }),
    );
  });

  it('DT-1: a caller-shaped value encodes the same whatever order its keys were set in; the recording code\'s keeps its order', () => {
    fc.assert(
      fc.property(values, (value) => {
        expect(encodeValue(new CallerShaped(reversed(value)))).toBe(encodeValue(new CallerShaped(value)));
      }),
    );
    expect(encodeValue({ b: 1, a: 2 })).not.toBe(encodeValue({ a: 2, b: 1 }));
  });

  it('DT-1: a list of structures with the same keys reads back whole, each key written once', () => {
    const rows = fc.array(fc.record({ PlayerId: fc.string(), RegionIdentifier: fc.string(), LatencyInMilliseconds: fc.option(fc.integer(), { nil: undefined }) }), { maxLength: 6 });
    fc.assert(
      fc.property(rows, fc.array(fc.oneof(values, rows), { maxLength: 3 }), (list, mixed) => {
        for (const value of [list, [...list, ...mixed, ...list], { '1': list, '0': [{ '2': 1, a: 2 }, { '2': 3, a: 4 }] }]) {
          expect(JSON.stringify(decodeValue(encodeValue(new CallerShaped(value))))).toBe(expected(value));
        }
        // As built: in the order the keys were set.
        expect(JSON.stringify(decodeValue(encodeValue(list)))).toBe(JSON.stringify(list));
        const written = encodeValue(list.filter((row) => row.LatencyInMilliseconds !== undefined));
        expect(written.split('PlayerId').length - 1).toBeLessThanOrEqual(1);
      }),
      { numRuns: 50 },
    );
  });

  it('DT-1: undefined members and functions are left out, undefined array items are null, as in JSON', () => {
    expect(encodeValue({ a: undefined, f: () => 1, b: [undefined, 1] })).toBe(encodeValue({ b: [null, 1] }));
  });

  it('a string over the limit is held as its length and the first 16 hex digits of its SHA-256', () => {
    const long = 'x'.repeat(RECORD_STRING_CHARS_MAX + 1);
    expect(decodeValue(encodeValue(long))).toEqual({ chars: long.length, sha256: createHash('sha256').update(long).digest('hex').slice(0, 16) });
    expect(decodeValue(encodeValue('x'.repeat(RECORD_STRING_CHARS_MAX)))).toBe('x'.repeat(RECORD_STRING_CHARS_MAX));
  });

  it('a key "__proto__" reads back as data, and text the encoder did not write is refused', () => {
    expect(Object.keys(decodeValue(encodeValue(JSON.parse('{"__proto__":1}'))) as object)).toEqual(['__proto__']);
    for (const bad of ['', 'x', '5"abc', '#1', '{', '[#1;', 'T T', '[(]', '[#1;(]']) expect(() => decodeValue(bad)).toThrow(RangeError);
  });

  it('DT-1: a record of a fixed shape is written as the very text of the object it stands for', () => {
    const what = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcXYZ_19 "{}'.split('')) });
    const name = fc.stringMatching(/^[a-z_$][\w$]{0,8}$/);
    const scalar: fc.Arbitrary<RecordScalar> = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ minLength: RECORD_STRING_CHARS_MAX, maxLength: RECORD_STRING_CHARS_MAX + 1 }),
      fc.double(),
      fc.maxSafeNat(),
    );
    const textOf = (write: (writer: RecordWriter) => void) => {
      const writer = new RecordWriter(16);
      write(writer);
      return writer.text(0, writer.length);
    };
    fc.assert(
      fc.property(what, fc.uniqueArray(name, { minLength: 1, maxLength: 3 }), fc.tuple(scalar, scalar, scalar), (what, members, [a, b, c]) => {
        const values = [a, b, c].map((value, i) => (i < members.length ? value : undefined)) as [RecordScalar, RecordScalar, RecordScalar];
        const object = Object.fromEntries(members.map((member, i) => [member, values[i]]));
        // One to three members, as drawn: the compiler cannot count them here.
        const drawn = members as [string];
        expect(textOf((w) => w.shaped(RecordShape.change(what, ...drawn), ...values))).toBe(textOf((w) => w.change(what, object)));
        expect(textOf((w) => w.shaped(RecordShape.structure(...drawn), ...values))).toBe(textOf((w) => w.value(object)));
      }),
    );
  });

  it('DT-1: a change that lists pairs is written as the very text of the object it stands for, at any number of items', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ minLength: RECORD_STRING_CHARS_MAX, maxLength: RECORD_STRING_CHARS_MAX + 1 }));
    const names = fc.uniqueArray(fc.stringMatching(/^[a-z_$][\w$]{0,8}$/).filter((name) => name !== 'what'), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(fc.stringMatching(/^[\x20-\x7e]{1,12}$/), names, text, fc.array(fc.tuple(text, text), { maxLength: 8 }), (what, [member, list, first, second], value, pairs) => {
        const shape = new PairsShape(what, member!, list!, first!, second!);
        const items = pairs.map(([a, b]) => ({ [first!]: a, [second!]: b }));
        const writer = new RecordWriter(1);
        writer.pairs(shape, value, items);
        expect(writer.text(0, writer.length)).toBe(encodeValue({ what, [member!]: value, [list!]: items }));
      }),
    );
    expect(() => new PairsShape('x', 'a', 'b', 'c', 'c')).toThrow(/two names/);
    expect(() => new PairsShape('x', 'a', 'a', 'c', 'd')).toThrow(/3 names/);
    expect(() => new PairsShape('x', 'what', 'b', 'c', 'd')).toThrow(/3 names/);
    expect(() => new PairsShape('x', 'a', 'b', 'c', 'd', 'b')).toThrow(/4 names/);
    expect(() => new PairsShape('x', 'a', '0', 'c', 'd')).toThrow(/as an identifier/);
  });

  it('DT-1: a change that lists pairs and then numbers is written as the very text of the object it stands for', () => {
    const number = fc.oneof(fc.constant(undefined), fc.maxSafeNat(), fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string(), number), { maxLength: 8 }), fc.string(), (rows, value) => {
        const shape = new PairsShape('listed', 'id', 'items', 'a', 'b', 'numbers');
        const items = rows.map(([a, b]) => ({ a, b }));
        const numbers = rows.map(([, , n]) => n);
        const writer = new RecordWriter(1);
        writer.pairs(shape, value, items, numbers);
        expect(writer.text(0, writer.length)).toBe(encodeValue({ what: 'listed', id: value, items, numbers }));
      }),
    );
    expect(() => new RecordWriter().pairs(new PairsShape('listed', 'id', 'items', 'a', 'b', 'numbers'), 'x', [])).toThrow(/lists numbers/);
    expect(() => new RecordWriter().pairs(new PairsShape('paired', 'id', 'items', 'a', 'b'), 'x', [], [])).toThrow(/lists no numbers/);
    expect(() => new RecordWriter().pairs(new PairsShape('listed', 'id', 'items', 'a', 'b', 'numbers'), 'x', [{ a: 'p', b: 'q' }], [])).toThrow(/each of its 1 items, not 0/);
  });

  it('a record shape has at most three members, named as identifiers, and a change\'s what is printable ASCII', () => {
    // @ts-expect-error: more members than a shape has, which the compiler refuses too
    expect(() => RecordShape.structure('a', 'b', 'c', 'd')).toThrow(/at most 3 members, not 4/);
    expect(() => RecordShape.change('caf\u00e9', 'a')).toThrow(/printable ASCII/);
    for (const name of ['a\nb', '1', 'caf\u00e9', '']) expect(() => RecordShape.structure(name)).toThrow(/as an identifier/);
  });

  describe('the writer\'s bytes', () => {
    /** A string's record as the codec's definition has it: its length in UTF-16 code units, `"`, its UTF-8. */
    const stringRecord = (text: string) => Buffer.concat([Buffer.from(`${text.length}"`), Buffer.from(text, 'utf8')]);
    /** What a writer of `bytes` initial bytes writes for `write`, as bytes. */
    const bytesOf = (write: (writer: RecordWriter) => void, bytes = 1) => {
      const writer = new RecordWriter(bytes);
      write(writer);
      return Buffer.from(writer.bytes(0, writer.length));
    };
    // Lengths around the longest string written by JavaScript (24 characters) and past where a native call pays.
    const lengths = [0, 1, 23, 24, 25, 26, 47, 48, 49, 100, RECORD_STRING_CHARS_MAX];

    it('DT-1: a string is its UTF-8, whether it changes from ASCII to other text at any position or stays ASCII, at every length', () => {
      for (const length of lengths) {
        const ascii = 'a'.repeat(length);
        expect(bytesOf((w) => w.string(ascii))).toEqual(stringRecord(ascii));
        for (let at = 0; at < length; at += length > 50 ? 61 : 1) {
          for (const other of ['\u00e9', '\u20ac', '\u{1f600}', '\ud800', '\udfff']) {
            const text = (ascii.slice(0, at) + other + ascii.slice(at)).slice(0, Math.max(length, other.length));
            expect(bytesOf((w) => w.string(text))).toEqual(stringRecord(text));
          }
        }
      }
    });

    it('DT-1: lone surrogates are written as U+FFFD, as the native encoder writes them, at any length', () => {
      for (const text of ['\ud800', 'a\udc00b', '\udc00\ud800', `${'x'.repeat(30)}\ud83d`, `\ud83d${'x'.repeat(30)}`]) {
        expect(bytesOf((w) => w.string(text))).toEqual(stringRecord(text));
        expect(bytesOf((w) => w.string(text)).includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(true);
      }
    });

    it('DT-1: any string reads back as itself, its length and bytes as the definition has them, from a writer that grows', () => {
      fc.assert(fc.property(fc.string({ unit: fc.oneof(fc.constant('a'), fc.constant('\u00e9'), fc.constant('\u{1f600}'), fc.constant('\ud800')), maxLength: 60 }), fc.nat(8), (text, bytes) => {
        const written = bytesOf((w) => { w.char(0x5b); w.string(text); w.key(text); w.char(0x5d); }, bytes);
        expect(written).toEqual(Buffer.concat([Buffer.from('['), stringRecord(text), stringRecord(text), Buffer.from(']')]));
        if (!/[\ud800-\udfff]/.test(text)) expect(decodeValue(written.toString('utf8'))).toEqual([text, text]);
      }));
    });

    it('DT-1: every write makes room for its whole value, from a writer of one byte to records larger than any buffer before', () => {
      const shape = RecordShape.change('grown', 'id', 'n', 'status');
      const long = `${'\u{1f600}'.repeat(200)}`;
      const writer = new RecordWriter(1);
      const expectedText: string[] = [];
      for (let i = 0; i < 50; i++) {
        writer.tagged(0x53, 1_767_225_600_000 + i);
        writer.shaped(shape, long, i, 'ACTIVE');
        writer.value({ list: [{ a: long, b: i }, { a: 'x', b: -i / 3 }], date: new Date(i) });
        expectedText.push(`S${1_767_225_600_000 + i};`, encodeValue({ what: 'grown', id: long, n: i, status: 'ACTIVE' }),
          encodeValue({ list: [{ a: long, b: i }, { a: 'x', b: -i / 3 }], date: new Date(i) }));
      }
      expect(writer.text(0, writer.length)).toBe(expectedText.join(''));
    });

    it('DT-1: a tagged number is its tag, String(number) and `;`, whatever numbers come before it', () => {
      const numbers = fc.oneof(fc.maxSafeNat(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(0, -0, 9, 10, 99, 100, 999, 1000, 2 ** 31 - 1, 999_999_999, 1e9, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 1e21, 5e-324),
        // Times, whose last nine digits are written as nine whatever zeros they hold.
        fc.constantFrom(1e12, 1e12 + 9, 1_767_225_600_000, 1_767_225_600_010, 1_767_226_000_000, 1_767_299_999_999, 10_000_000_001));
      fc.assert(fc.property(fc.array(numbers, { maxLength: 6 }), (drawn) => {
        // Each number twice and the first again, as the times of records of one instant follow each other.
        const sequence = [...drawn.flatMap((n) => [n, n]), ...drawn.slice(0, 1)];
        expect(bytesOf((w) => { for (const n of sequence) w.tagged(0x40, n); }).toString('latin1')).toBe(sequence.map((n) => `@${String(n)};`).join(''));
      }));
    });

    it('DT-1: bytes written again are the very bytes written before, in a writer that grows to hold them', () => {
      fc.assert(fc.property(fc.array(fc.string({ unit: fc.oneof(fc.constant('a'), fc.constant('\u00e9'), fc.constant('\u{1f600}')), maxLength: 40 }), { minLength: 1, maxLength: 5 }), fc.nat(8), (texts, bytes) => {
        const written = bytesOf((w) => {
          for (const text of texts) {
            const from = w.length;
            w.string(text);
            w.repeat(from, w.length);
          }
        }, bytes);
        expect(written).toEqual(Buffer.concat(texts.flatMap((text) => [stringRecord(text), stringRecord(text)])));
      }));
    });

    it('bytes not written yet cannot be written again', () => {
      const writer = new RecordWriter(64);
      writer.string('abc');
      expect(() => writer.repeat(0, writer.length + 1)).toThrow(/were not written before/);
      expect(() => writer.repeat(2, 1)).toThrow(RangeError);
      expect(() => writer.repeat(-1, 1)).toThrow(RangeError);
    });

    it('ASCII text made beforehand is copied as it is, at every length, and what follows it ends where it ends; text beyond ASCII is refused', () => {
      expect(bytesOf((w) => w.ascii(asciiText('{4"what')))).toEqual(Buffer.from('{4"what'));
      // Stored four bytes at a time: the bytes past a text's end are the next write's.
      const texts = Array.from({ length: 13 }, (_, n) => 'abcdefghijklm'.slice(0, n));
      expect(bytesOf((w) => { for (const text of texts) { w.ascii(asciiText(text)); w.char(0x7c); } }).toString('latin1')).toBe(texts.map((text) => `${text}|`).join(''));
      expect(() => asciiText('caf\u00e9')).toThrow(RangeError);
    });
  });

  it('an invalid Date cannot be recorded', () => {
    expect(() => encodeValue({ d: new Date(Number.NaN) })).toThrow(RangeError);
  });
});
