import { fail } from './errors.ts';

/**
 * Input checks against the service model's constraints (the rules file's input table). Each failure is an
 * InvalidRequestException whose message names the member, the constraint and the value:
 * `PlacementId must match [a-zA-Z0-9-]+, got "a b"`.
 *
 * The checkers return the value with its type narrowed, so that an operation reads its input only through them.
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

export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  /** A whole-value pattern; `patternText` is how the message states it. */
  readonly pattern?: RegExp;
  readonly patternText?: string;
}

export function optionalString(value: unknown, field: string, rule: StringRule = {}): string | undefined {
  return value === undefined ? undefined : requiredString(value, field, rule);
}

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

export interface IntRule {
  readonly min?: number;
  readonly max?: number;
}

export function optionalInt(value: unknown, field: string, rule: IntRule = {}): number | undefined {
  return value === undefined ? undefined : requiredInt(value, field, rule);
}

export function requiredInt(value: unknown, field: string, rule: IntRule = {}): number {
  if (value === undefined || value === null) invalid(field, 'is required', value);
  if (typeof value !== 'number' || !Number.isInteger(value)) invalid(field, 'must be an integer', value);
  if (rule.min !== undefined && value < rule.min) invalid(field, `must be at least ${rule.min}`, value);
  if (rule.max !== undefined && value > rule.max) invalid(field, `must be at most ${rule.max}`, value);
  return value;
}

export function optionalEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
  return value === undefined ? undefined : requiredEnum(value, field, allowed);
}

export function requiredEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (value === undefined || value === null) invalid(field, 'is required', value);
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    invalid(field, `must be one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

export interface ListRule {
  readonly min?: number;
  readonly max?: number;
  /** Whether two equal items are refused. */
  readonly unique?: boolean;
}

export function optionalList<T>(value: unknown, field: string, rule: ListRule, item: (v: unknown, path: string) => T): T[] | undefined {
  return value === undefined ? undefined : requiredList(value, field, rule, item);
}

export function requiredList<T>(value: unknown, field: string, rule: ListRule, item: (v: unknown, path: string) => T): T[] {
  if (value === undefined || value === null) invalid(field, 'is required', value);
  if (!Array.isArray(value)) invalid(field, 'must be a list', value);
  const min = rule.min ?? 0;
  if (value.length < min || (rule.max !== undefined && value.length > rule.max)) {
    invalid(field, `must have ${min}–${rule.max ?? '∞'} items`, value);
  }
  const items = value.map((v, i) => item(v, `${field}[${i}]`));
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

/** A structure member: an object, or nothing when optional. */
export function optionalObject(value: unknown, field: string): Record<string, unknown> | undefined {
  return value === undefined ? undefined : requiredObject(value, field);
}

export function requiredObject(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null) invalid(field, 'is required', value);
  if (typeof value !== 'object' || Array.isArray(value)) invalid(field, 'must be a structure', value);
  return value as Record<string, unknown>;
}

/** Refuses a request that sets more than one of `fields`, or none when one is required. */
export function exactlyOne(input: Record<string, unknown>, fields: readonly string[], required: boolean): string | undefined {
  const set = fields.filter((f) => input[f] !== undefined);
  if (set.length > 1) fail('InvalidRequestException', `only one of ${fields.join(', ')} may be set, got ${set.join(' and ')}`);
  if (set.length === 0 && required) fail('InvalidRequestException', `one of ${fields.join(', ')} is required, got none`);
  return set[0];
}

/** The input as a record of members; the wire layer and in-process callers may send anything. */
export function members(input: unknown): Record<string, unknown> {
  if (input === undefined) return {};
  return requiredObject(input, 'input');
}
