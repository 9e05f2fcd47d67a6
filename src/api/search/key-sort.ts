import type { OrderKey } from './order.ts';
import type { Scratch } from './scratch.ts';

/**
 * Sorting a whole order's keys at once, for the search index's build (SG-3): the permutation that puts them in the
 * order of compareOrderKeys, found by comparing numbers where the comparator would compare strings.
 *
 * Why: a fleet's GameSessionIds are ARNs that share their first ~90 characters, and orders of few values (player
 * counts, a game mode) tie on the value in most comparisons, so sorting with compareOrderKeys walks two long strings
 * scattered over the heap in most of its n log n comparisons: seconds of a 1,000,000-session build. Here the keys are
 * sorted by value, then each run of equal values by id; each string is read in three passes into two numbers that
 * order the strings as `<` does on their first units past the prefix they all share, and strings are compared only
 * where those numbers tie.
 */

/** 2^53: a double holds every integer up to it exactly, so a word (or an integer key) stays below it. */
const WORD_BOUND = 2 ** 53;

/** The most units a word holds: 53, when at most one unit occurs past the shared prefix (codes 0 and 1). */
const UNITS_PER_WORD_MAX = 53;

/**
 * Strings as two numbers each, `high` then `low`, ascending as the strings do; equal numbers mean equal strings when
 * `whole`, and otherwise that the strings must be compared.
 */
interface Words {
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly whole: Uint8Array;
}

/** A comparator of keys by their indices. */
type Compare = (a: number, b: number) => number;

/**
 * The indices of `keys` in ascending compareOrderKeys order: keys with a value by value (numbers by size, strings by
 * UTF-16 units, false before true) then GameSessionId; keys without a value last, by GameSessionId. The values of
 * the keys with one must be all strings, or all numbers and booleans, as every sort operand's are. The indices are in
 * `scratch`, until its next sort.
 */
export function sortKeys(keys: readonly OrderKey[], scratch: Scratch): Uint32Array {
  // Keys with a value first, sorted by value; then the others.
  const order = scratch.uint32('order', keys.length);
  let valuedCount = 0;
  for (let i = 0; i < keys.length; i++) if (!keys[i]!.missing) order[valuedCount++] = i;
  for (let i = 0, at = valuedCount; i < keys.length; i++) if (keys[i]!.missing) order[at++] = i;
  const valued = order.subarray(0, valuedCount);
  const compareValues = sortByValue(keys, valued, scratch);
  // Then each run of keys that tie, on a value or on having none, by GameSessionId: only those keys' ids have their
  // characters read, so that an order whose values seldom tie (the random order, names) reads almost none. The ids'
  // words take the scratch arrays of the values' numbers, done with once the runs are found.
  const runs = tiedRuns(valued, compareValues);
  if (valuedCount < keys.length) runs.push([valuedCount, keys.length]);
  const ids = keys.map((key) => key.gameSessionId);
  const compareIds = byWords(ids, wordsOf(ids, membersOf(order, runs, scratch), scratch));
  for (const [start, end] of runs) order.subarray(start, end).sort(compareIds);
  return order;
}

/** The [start, end) runs of two or more keys of `sorted` whose values tie. */
function tiedRuns(sorted: Uint32Array, compareValues: Compare): [number, number][] {
  const runs: [number, number][] = [];
  for (let start = 0, end = 1; start < sorted.length; start = end++) {
    // Sorted, so never above 0; NaN (∞ - ∞) is a tie, as compareOrderKeys takes it.
    while (end < sorted.length && !(compareValues(sorted[end - 1]!, sorted[end]!) < 0)) end++;
    if (end - start > 1) runs.push([start, end]);
  }
  return runs;
}

/**
 * The keys in `runs` of `order`, in ascending index: the order of the sessions, and mostly of their ids, in memory.
 * Read in value order, a million ids scattered over the heap take up to twice as long.
 */
function membersOf(order: Uint32Array, runs: readonly [number, number][], scratch: Scratch): Uint32Array {
  let count = 0;
  for (const [start, end] of runs) count += end - start;
  const members = scratch.uint32('members', count);
  let at = 0;
  for (const [start, end] of runs) {
    members.set(order.subarray(start, end), at);
    at += end - start;
  }
  return members.sort();
}

/** Sorts `valued` (indices into `keys`) by the keys' values, and returns the comparator of their values. */
function sortByValue(keys: readonly OrderKey[], valued: Uint32Array, scratch: Scratch): Compare {
  return valued.length > 0 && typeof keys[valued[0]!]!.value === 'string' ? sortByString(keys, valued, scratch) : sortByNumber(keys, valued, scratch);
}

function sortByString(keys: readonly OrderKey[], valued: Uint32Array, scratch: Scratch): Compare {
  const texts = keys.map((key) => key.value) as readonly string[];
  for (const i of valued) if (typeof texts[i] !== 'string') throw new Error(`an order mixes strings and other values: ${String(texts[i])}`);
  const compare = byWords(texts, wordsOf(texts, valued, scratch));
  valued.sort(compare);
  return compare;
}

/** Numbers, and booleans as 0 and 1: compareValues subtracts numbers, and puts false before true. */
function sortByNumber(keys: readonly OrderKey[], valued: Uint32Array, scratch: Scratch): Compare {
  const numbers = scratch.float64('high', keys.length);
  let integers = true;
  let min = Infinity;
  let max = -Infinity;
  for (const i of valued) {
    const value = keys[i]!.value;
    if (typeof value !== 'number' && typeof value !== 'boolean') throw new Error(`an order mixes strings and other values: ${String(value)}`);
    const number = Number(value);
    numbers[i] = number;
    integers &&= Number.isInteger(number);
    min = Math.min(min, number);
    max = Math.max(max, number);
  }
  const compare: Compare = (a, b) => numbers[a]! - numbers[b]!;
  // Integers over a span that leaves room for an index in a double's 53 bits (counts, limits, creation times within
  // a run, random ranks: 32 bits) are sorted as one number a key, (value - min) * scale + index, by the engine's own
  // numeric sort: two to three times as fast as calling a comparator (80-300 ms less at a million keys).
  let scale = 1;
  while (scale < keys.length) scale *= 2;
  if (!integers || (max - min + 1) * scale > WORD_BOUND) {
    valued.sort(compare);
    return compare;
  }
  const sorted = scratch.float64('low', valued.length);
  for (let at = 0; at < valued.length; at++) sorted[at] = (numbers[valued[at]!]! - min) * scale + valued[at]!;
  sorted.sort();
  for (let at = 0; at < sorted.length; at++) valued[at] = sorted[at]! % scale;
  return compare;
}

/**
 * The words of the strings `texts[i]` for each i of `members` (the others hold anything), in `scratch` until its next
 * words or numbers. They skip the prefix the members share, which orders nothing, and number the units that occur
 * past it densely from 1 in unit order (0 stands for a string's end, before every unit), so that more units fit a
 * word: the tails of one fleet's ids (`eu-west-1/gsess-<uuid>`, `gsess-<uuid>`) use 23 units, 11 to a word, where
 * UTF-16 units would fit 3. A word is the base (units + 1) number of consecutive units, high then low: ascending
 * words are ascending strings.
 */
function wordsOf(texts: readonly string[], members: Uint32Array, scratch: Scratch): Words {
  const shared = sharedPrefixLength(texts, members);
  // The words reach 2 * perWord units past the prefix, and perWord depends on how many units occur there: number
  // the units within a first guess of that reach, then those further on while the units found let the words reach
  // further. The guess, 11 a word, holds for up to 27 units, as a fleet's id tails (hex, a location, 23 units) use;
  // it saves reading their last ~30 units, and all but one pass over them.
  const code = scratch.int32('code', 65536).fill(0);
  let units = 0;
  let perWord = 11;
  for (let reached = shared; reached < shared + 2 * perWord; ) {
    const reach = shared + 2 * perWord;
    for (const i of members) {
      const text = texts[i]!;
      for (let at = reached, end = Math.min(text.length, reach); at < end; at++) {
        const unit = text.charCodeAt(at);
        if (code[unit] === 0) code[unit] = ++units;
      }
    }
    reached = reach;
    perWord = unitsPerWord(units + 1);
  }
  // Codes in unit order, from 1: 0 stands for a string's end.
  for (let unit = 0, next = 0; unit < code.length; unit++) if (code[unit] !== 0) code[unit] = ++next;
  const base = units + 1;
  const high = scratch.float64('high', texts.length);
  const low = scratch.float64('low', texts.length);
  const whole = scratch.uint8('whole', texts.length);
  for (const i of members) {
    const text = texts[i]!;
    const length = text.length;
    let at = shared;
    let word = 0;
    for (let u = 0; u < perWord; u++, at++) word = word * base + (at < length ? code[text.charCodeAt(at)]! : 0);
    high[i] = word;
    word = 0;
    for (let u = 0; u < perWord; u++, at++) word = word * base + (at < length ? code[text.charCodeAt(at)]! : 0);
    low[i] = word;
    // Whole when the string's end (code 0) is in its words: then equal words are equal strings, and a string whose
    // words are all units never ties one whose words hold its end.
    whole[i] = length - shared < 2 * perWord ? 1 : 0;
  }
  return { high, low, whole };
}

/** The length of the prefix the strings `texts[i]`, i in `members`, share. */
function sharedPrefixLength(texts: readonly string[], members: Uint32Array): number {
  if (members.length === 0) return 0;
  let prefix = texts[members[0]!]!;
  for (const i of members) {
    const text = texts[i]!;
    // Not startsWith: V8's is several times slower on ~90-unit prefixes than comparing a slice.
    if (text.slice(0, prefix.length) === prefix) continue;
    let length = 0;
    while (length < prefix.length && prefix.charCodeAt(length) === text.charCodeAt(length)) length++;
    prefix = prefix.slice(0, length);
  }
  return prefix.length;
}

/** How many consecutive units a word holds: a base `base` number of them stays below WORD_BOUND. */
function unitsPerWord(base: number): number {
  let units = 1;
  while (units < UNITS_PER_WORD_MAX && base ** (units + 1) <= WORD_BOUND) units++;
  return units;
}

/** Compares the strings `texts[a]` and `texts[b]` by their words, and by the strings themselves where those tie. */
function byWords(texts: readonly string[], { high, low, whole }: Words): Compare {
  return (a, b) => high[a]! - high[b]! || low[a]! - low[b]! || (whole[a] === 1 ? 0 : compareStrings(texts[a]!, texts[b]!));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
