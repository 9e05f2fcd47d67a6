import type { NormalizedSchema } from '@smithy/core/schema';
import type { Dialect } from './dialect.ts';
import { planOf, type ShapePlan } from './shape-plan.ts';

/** Why a request body does not fit its operation's input shape: where, what was expected, what came. */
export interface ShapeProblem {
  readonly path: string;
  readonly expected: string;
  readonly got: string;
}

/** The input, checked and with Dates, or the first problem found: a value, never a throw. */
export type ReadResult =
  | { readonly ok: true; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly problem: ShapeProblem };

/**
 * Reads a decoded request body as the input of an operation, member by member against the SDK's schema (WR-1):
 * every member must have its modelled type, timestamps become Dates (WR-3), and what the model lacks is left out.
 * A problem is returned as a value, for the codec to answer SerializationException; nothing here judges a value's
 * range or pattern, which is the operation's job (InvalidRequestException).
 *
 * [C] Members the model does not know are ignored, as a service ignores members of a newer client's model;
 * `null` means absent for a structure's member.
 */
export function readInput(schema: NormalizedSchema, body: unknown, dialect: Dialect): ReadResult {
  try {
    const input = new Reader(dialect).read(planOf(schema), body, '');
    if (!isPlainObject(input)) throw new Mismatch('', 'a structure', body);
    return { ok: true, input };
  } catch (error) {
    if (error instanceof Mismatch) return { ok: false, problem: error.problem };
    throw error;
  }
}

/** How much of an offending value a problem quotes. */
const SHOWN_CHARS_MAX = 40;

/** Unwinds the walk at the first problem; never leaves this module. */
class Mismatch extends Error {
  readonly problem: ShapeProblem;
  constructor(path: string, expected: string, value: unknown) {
    super(`${path} must be ${expected}`);
    this.problem = { path: path === '' ? 'the body' : path, expected, got: describe(value) };
  }
}

class Reader {
  constructor(private readonly dialect: Dialect) {}

  /** `value` as a member of shape `plan`, or undefined for an absent one. */
  read(plan: ShapePlan, value: unknown, path: string): unknown {
    if (value === undefined || value === null) return undefined;
    switch (plan.kind) {
      case 'document': return value;
      case 'structure': return this.#structure(plan, value, path);
      case 'list': return this.#list(plan, value, path);
      case 'map': return this.#map(plan, value, path);
      case 'timestamp': return this.dialect.readTimestamp(value) ?? fail(path, 'a timestamp', value);
      case 'blob': return this.dialect.readBlob(value) ?? fail(path, 'a blob', value);
      case 'boolean': return typeof value === 'boolean' ? value : fail(path, 'a boolean', value);
      case 'number': return number(value, path);
      case 'string': return typeof value === 'string' ? value : fail(path, 'a string', value);
      case 'unknown': throw new Error(`the SDK's schema ${plan.name ?? path} has a kind the wire does not know`);
    }
  }

  #structure(plan: ShapePlan, value: unknown, path: string): Record<string, unknown> {
    if (!isPlainObject(value)) fail(path, 'a structure', value);
    const out: Record<string, unknown> = {};
    for (const [name, member] of plan.members) {
      if (!Object.hasOwn(value, name)) continue;
      const read = this.read(member, value[name], join(path, name));
      if (read !== undefined) out[name] = read;
    }
    return out;
  }

  #list(plan: ShapePlan, value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) fail(path, 'a list', value);
    const items = plan.value;
    const list = !plan.sparse && this.dialect.dropsNullItems === true ? value.filter((item) => item != null) : value;
    return list.map((item: unknown, i) => {
      const read = this.read(items, item, `${path}[${i}]`);
      return read === undefined && !plan.sparse ? fail(`${path}[${i}]`, 'a list item, not null', item) : read ?? null;
    });
  }

  #map(plan: ShapePlan, value: unknown, path: string): Record<string, unknown> {
    if (!isPlainObject(value)) fail(path, 'a map', value);
    const values = plan.value;
    // fromEntries defines own properties, so a key such as "__proto__" stays a key.
    const entries = Object.entries(value);
    const kept = !plan.sparse && this.dialect.dropsNullItems === true ? entries.filter(([, item]) => item != null) : entries;
    return Object.fromEntries(kept.map(([key, item]) => {
      const read = this.read(values, item, `${path}[${JSON.stringify(key)}]`);
      return [key, read === undefined && !plan.sparse ? fail(`${path}[${JSON.stringify(key)}]`, 'a map value, not null', item) : read ?? null];
    }));
  }
}

function number(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  // CBOR carries integers beyond 32 bits as bigint; within the safe range they are plain numbers to the operations.
  if (typeof value === 'bigint' && BigInt(Number.MIN_SAFE_INTEGER) <= value && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(value);
  }
  return fail(path, 'a number', value);
}

function fail(path: string, expected: string, value: unknown): never {
  throw new Mismatch(path, expected, value);
}

function join(path: string, member: string): string {
  return path === '' ? member : `${path}.${member}`;
}

/** A JSON object or CBOR map: not an array, not bytes, not a CBOR tag (which the decoder marks with a symbol). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && Object.getOwnPropertySymbols(value).length === 0;
}

/** A value as a problem names it: its kind, and short scalars verbatim. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'object') return 'a structure';
  if (typeof value === 'string') {
    return value.length > SHOWN_CHARS_MAX ? `a string of ${value.length} characters` : `the string ${JSON.stringify(value)}`;
  }
  return `${typeof value} ${String(value)}`;
}
