import { fail } from './errors.ts';

/**
 * Input checks against the service model's constraints (the rules file's input table). Each failure is an
 * InvalidRequestException whose message names the member, the constraint and the value:
 * `PlacementId must match [a-zA-Z0-9-]+, got "a b"`.
 *
 * The checkers return the value with its type narrowed, so that an operation reads its input only through them.
 * An optional member sent as `null` counts as absent, as it does on the wire.
 */

/** How much of an offending value a message quotes. */
const QUOTED_CHARS_MAX = 80;

/** `value` as a message shows it: strings quoted and cut short, other values as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > QUOTED_CHARS_MAX ? `${value.slice(0, QUOTED_CHARS_MAX)}…" (${value.length} chars)` : `${value}"`;
    return `"${cut}`;
  }
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > QUOTED_CHARS_MAX ? `${json.slice(0, QUOTED_CHARS_MAX)}…` : json;
}

/** Refuses the request with InvalidRequestException: `<field> <rule>, got <value>`. */
export function invalid(field: string, rule: string, value: unknown): never {
  fail('InvalidRequestException', `${field} ${rule}, got ${show(value)}`);
}

/** A string shape's constraints in the service model; every bound is optional. */
export interface StringRule {
  /** Length bounds, inclusive, in UTF-16 code units (`String.length`). */
  readonly min?: number;
  readonly max?: number;
  /** A whole-value pattern; `patternText` is how the message states it. */
  readonly pattern?: RegExp;
  readonly patternText?: string;
}

/** An optional string member: undefined when absent, otherwise checked as `requiredString` checks it. */
export function optionalString(value: unknown, field: string, rule: StringRule = {}): string | undefined {
  return value === undefined || value === null ? undefined : requiredString(value, field, rule);
}

/**
 * A string member that is present, within the rule's length and matching its pattern; else InvalidRequestException
 * naming `field` and the constraint broken.
 */
export function requiredString(value: unknown, field: string, rule: StringRule = {}): string {
  if (value === undefined || value === null) invalid(field, 'is required', value);
  if (typeof value !== 'string') invalid(field, 'must be a string', value);
  const min = rule.min ?? 0;
  if (value.length < min || (rule.max !== undefined && value.length > rule.max)) {
    invalid(field, `must be ${min}–${rule.max ?? '∞'} characters long`, value);
  }
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    invalid(field, `must match ${rule.patternText ?? rule.pattern.source}`, value);
  }
  return value;
}

/** An integer shape's bounds, inclusive; either may be left out. */
export interface IntRule {
  readonly min?: number;
  readonly max?: number;
}

/** An optional integer member: undefined when absent, otherwise checked as `requiredInt` checks it. */
export function optionalInt(value: unknown, field: string, rule: IntRule = {}): number | undefined {
  return value === undefined || value === null ? undefined : requiredInt(value, field, rule);
}

/** An integer member that is present, a whole number and within the rule's bounds; else InvalidRequestException. */
export function requiredInt(value: unknown, field: string, rule: IntRule = {}): number {
  if (value === undefined || value === null) invalid(field, 'is required', value);
  if (typeof value !== 'number' || !Number.isInteger(value)) invalid(field, 'must be an integer', value);
  if (rule.min !== undefined && value < rule.min) invalid(field, `must be at least ${rule.min}`, value);
  if (rule.max !== undefined && value > rule.max) invalid(field, `must be at most ${rule.max}`, value);
  return value;
}

/** An optional enum member: undefined when absent, otherwise checked as `requiredEnum` checks it. */
export function optionalEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
  return value === undefined || value === null ? undefined : requiredEnum(value, field, allowed);
}

/** An enum member that is present and exactly one of `allowed` (case matters); else InvalidRequestException. */
export function requiredEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (value === undefined || value === null) invalid(field, 'is required', value);
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    invalid(field, `must be one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

/** A list shape's constraints: how many items, and whether they must be distinct. */
export interface ListRule {
  /** Item count bounds, inclusive. */
  readonly min?: number;
  readonly max?: number;
  /** Whether two equal items are refused. */
  readonly unique?: boolean;
}

/**
 * Checks one list item; `path` names the item in the messages of what it refuses (`Field[2]`, `Field[2].Member`,
 * named with {@link memberOf}). A list of good items should build no path strings (a placement request has dozens of
 * items), so `item` is first given the path '' and, only if it refuses the item, called again under the item's own
 * path for the refusal sent. Any effect of `item` must therefore be one that a second call repeats harmlessly and
 * that a refused request discards (`playerLatencies` writes each item into the list the call is building).
 */
export type ItemCheck<T> = (v: unknown, path: string) => T;

/**
 * How an {@link ItemCheck} names a member of its item: `Field[2].Member`, or '' under the path '', whose messages
 * nobody reads. Even concatenating onto '' is a call per member, three for each of a placement request's two dozen
 * latency entries.
 */
export function memberOf(path: string, member: string): string {
  return path === '' ? '' : `${path}.${member}`;
}

/** An optional list member: undefined when absent, otherwise checked as `requiredList` checks it. */
export function optionalList<T>(value: unknown, field: string, rule: ListRule, item: ItemCheck<T>): T[] | undefined {
  return value === undefined || value === null ? undefined : requiredList(value, field, rule, item);
}

/**
 * A list member that is present, with an item count within the rule; each item is checked by `item` under its own
 * path (`Field[2]`), so a message names the offending item. With `unique`, items that are equal once checked are
 * refused at the later index.
 */
export function requiredList<T>(value: unknown, field: string, rule: ListRule, item: ItemCheck<T>): T[] {
  const list = requiredItems(value, field, rule);
  const items = new Array<T>(list.length);
  for (let i = 0; i < list.length; i++) items[i] = checkedItem(list, i, field, item);
  if (rule.unique) {
    const seen = new Set<string>();
    items.forEach((v, i) => {
      const key = JSON.stringify(v);
      if (seen.has(key)) invalid(`${field}[${i}]`, 'must not repeat an earlier item', v);
      seen.add(key);
    });
  }
  return items;
}

/** An optional list member's items, unchecked: undefined when absent, otherwise as `requiredItems` gives them. */
export function optionalItems(value: unknown, field: string, rule: ListRule): readonly unknown[] | undefined {
  return value === undefined || value === null ? undefined : requiredItems(value, field, rule);
}

/**
 * A list member that is present, with an item count within the rule (`unique` aside), its items left to the caller
 * to check one by one with {@link checkedItem}: for a list read straight into another form than an array of items.
 */
export function requiredItems(value: unknown, field: string, rule: ListRule): readonly unknown[] {
  if (value === undefined || value === null) invalid(field, 'is required', value);
  if (!Array.isArray(value)) invalid(field, 'must be a list', value);
  const min = rule.min ?? 0;
  if (value.length < min || (rule.max !== undefined && value.length > rule.max)) {
    invalid(field, `must have ${min}–${rule.max ?? '∞'} items`, value);
  }
  return value;
}

/** Item `i` of the list member `field`, checked by `item` (see {@link ItemCheck}). */
export function checkedItem<T>(list: readonly unknown[], i: number, field: string, item: ItemCheck<T>): T {
  try {
    return item(list[i], '');
  } catch (error) {
    // The refusal under '' names no item; under its own path the item is refused the same way, and named.
    item(list[i], `${field}[${i}]`);
    throw error;
  }
}

/** A structure member: an object, or nothing when optional. */
export function optionalObject(value: unknown, field: string): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : requiredObject(value, field);
}

/** A structure member that is present and an object, not a list; else InvalidRequestException. */
export function requiredObject(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null) invalid(field, 'is required', value);
  if (typeof value !== 'object' || Array.isArray(value)) invalid(field, 'must be a structure', value);
  return value as Record<string, unknown>;
}

/**
 * Refuses with InvalidRequestException a request that sets more than one of `fields`, or none when one is required
 * (DG-1); returns the one that is set.
 */
export function exactlyOne(input: Record<string, unknown>, fields: readonly string[], required: boolean): string | undefined {
  const set = fields.filter((f) => input[f] !== undefined && input[f] !== null);
  if (set.length > 1) fail('InvalidRequestException', `only one of ${fields.join(', ')} may be set, got ${set.join(' and ')}`);
  if (set.length === 0 && required) fail('InvalidRequestException', `one of ${fields.join(', ')} is required, got none`);
  return set[0];
}

/** The input as a record of members; the wire layer and in-process callers may send anything. */
export function members(input: unknown): Record<string, unknown> {
  if (input === undefined) return {};
  return requiredObject(input, 'input');
}
