import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortKeys } from '../../../src/api/search/key-sort.ts';
import { compareOrderKeys, type OrderKey } from '../../../src/api/search/order.ts';
import { Scratch } from '../../../src/api/search/scratch.ts';

/** One scratch for every sort here, as a search index keeps one: each sort finds what the one before left in it. */
const scratch = new Scratch();

/** The indices of `keys` sortKeys puts them in. */
function sorted(keys: readonly OrderKey[]): number[] {
  return Array.from(sortKeys(keys, scratch));
}

/** The indices of `keys` sorted with compareOrderKeys itself: what sortKeys must return. */
function reference(keys: readonly OrderKey[]): number[] {
  return keys.map((_, i) => i).sort((a, b) => compareOrderKeys(keys[a]!, keys[b]!));
}

/** One fleet's id prefix, as GameSessionIds are ARNs (DG-10). */
const PREFIX = 'arn:aws:gamelift:us-west-2::gamesession/fleet-1/';

/** Any UTF-16 code unit, lone surrogates included: strings are compared by unit. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));

/**
 * Tails of ids and string values: few units (so that many strings tie in their first units, and the words hold many
 * units), long runs of one unit (so that strings tie in all the units the words hold), or any units (so that the words
 * hold three), short or past what the words reach.
 */
const tailArb = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', '-'), maxLength: 80 }),
  fc.tuple(fc.constantFrom('x'.repeat(59), 'x'.repeat(60)), fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 3 })).map(([a, b]) => `${a}${b}`),
  fc.string({ unit: fc.constantFrom('0', '9', 'a', 'f', 'g', 's', '-', '/'), maxLength: 40 }),
  fc.string({ unit: anyUnit, maxLength: 12 }),
);

const idsArb = fc.uniqueArray(
  fc.tuple(fc.constantFrom('', 'eu-west-1/', 'ap-south-1/'), tailArb).map(([location, tail]) => `${PREFIX}${location}${tail}`),
  { maxLength: 60 },
);

/** The values of one sort operand: all numbers, all booleans, or all strings (with or without a shared prefix). */
const valuesArb: fc.Arbitrary<fc.Arbitrary<number | boolean | string>> = fc.constantFrom<fc.Arbitrary<number | boolean | string>>(
  fc.integer({ min: -2, max: 2 }),
  fc.double({ noNaN: true }),
  fc.boolean(),
  tailArb,
  tailArb.map((tail) => `game-${tail}`),
);

/** Keys of distinct ids, some without a value, the others with values of one operand. */
const keysArb: fc.Arbitrary<OrderKey[]> = fc.tuple(idsArb, valuesArb).chain(([ids, values]) =>
  fc.tuple(...ids.map((gameSessionId) => fc.option(values, { nil: undefined, freq: 4 }).map((value): OrderKey => ({
    missing: value === undefined, value: value ?? null, gameSessionId,
  })))),
);

describe('sortKeys: a whole order sorted as compareOrderKeys sorts it (SG-3)', () => {
  it('SG-3: any keys of one operand (numbers, booleans or strings; some without a value) come out in compareOrderKeys\'s order', () => {
    fc.assert(
      fc.property(keysArb, (keys) => {
        expect(sorted(keys)).toEqual(reference(keys));
      }),
      { numRuns: 500 },
    );
  });

  it('SG-3: ids equal in all the units the numbers hold are compared whole, whichever is longer or differs later', () => {
    // Past the prefix, two units ('a', 'b') and the end: base 3, 33 units a word, 66 in the two. The ids listed first
    // sort after those listed last, and `filled` (66 units) is in the words whole but for its end.
    const filled = 'a'.repeat(66);
    const tails = [`${filled}b`, `${filled}ab`, `${filled}aa`, `${filled}a`, filled, `${'a'.repeat(65)}b`, 'a'.repeat(65), 'b', ''];
    const ids = tails.map((tail) => `${PREFIX}${tail}`);
    const valued = ids.map((gameSessionId): OrderKey => ({ missing: false, value: 1, gameSessionId }));
    expect(sorted(valued)).toEqual(reference(valued));
    expect(sorted(valued)).toEqual([8, 6, 4, 3, 2, 1, 0, 5, 7]);
    const missing = ids.map((gameSessionId): OrderKey => ({ missing: true, value: null, gameSessionId }));
    expect(sorted(missing)).toEqual(reference(missing));
  });

  it('SG-3: string values equal in all the units the numbers hold are compared whole, and equal values by id', () => {
    // Three units ('x', 'a', 'b') and the end: base 4, 26 units a word, 52 in the two.
    const filled = 'x'.repeat(52);
    const values = [`${filled}b`, `${filled}a`, filled, `${filled}b`, 'x'.repeat(120), 'x'.repeat(51), 'a', ''];
    const keys = values.map((value, i): OrderKey => ({ missing: false, value, gameSessionId: `${PREFIX}${9 - i}` }));
    expect(sorted(keys)).toEqual(reference(keys));
  });

  it('SG-3: integer values sort as compareOrderKeys sorts them, whether their span leaves room for an index in a double or not', () => {
    // 8 keys: indices take 3 bits, so spans of up to 2^50 values (max - min below 2^50) are sorted as one double a key,
    // wider ones with the comparator.
    for (const span of [2 ** 50 - 1, 2 ** 50, 2 ** 52, Number.MAX_SAFE_INTEGER]) {
      const values = [0, span, 1, span, span - 1, 0, Math.floor(span / 2), 1];
      const keys = values.map((value, i): OrderKey => ({ missing: false, value: value - 7, gameSessionId: `${PREFIX}${(i * 5) % 8}` }));
      expect(sorted(keys), `span ${span}`).toEqual(reference(keys));
    }
  });

  it('an order whose values mix strings with numbers is a programmer error, and says so', () => {
    const keys: OrderKey[] = [
      { missing: false, value: 'a', gameSessionId: `${PREFIX}1` },
      { missing: false, value: 2, gameSessionId: `${PREFIX}2` },
    ];
    expect(() => sorted(keys)).toThrow(/mixes strings and other values/);
    expect(() => sorted([...keys].reverse())).toThrow(/mixes strings and other values/);
  });
});
