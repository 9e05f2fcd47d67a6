import { tagSymbol } from '@smithy/core/cbor';
import type { NormalizedSchema } from '@smithy/core/schema';
import { INPUT_DEPTH_MAX } from '../api/simulation.ts';
import { compiledPerShape, lazy, mismatch, ShapeMismatch, type Lazy } from './compiled.ts';
import type { Dialect } from './dialect.ts';
import type { ValueWriter } from '../engine/record-codec.ts';
import { inputRecorder } from './record-input.ts';
import { kindOf, type ShapeKind } from './shape-kind.ts';

/** Why a request body does not fit its operation's input shape: where, what was expected, what came. */
export interface ShapeProblem {
  readonly path: string;
  readonly expected: string;
  readonly got: string;
}

/**
 * The input, checked and with Dates, or the first problem found: a value, never a throw. A `canonical` input is one
 * the trace may record as it stands (see `Simulation.execute`): plain data built here, the members of every object in
 * code-unit order, with no map or document (whose keys are the caller's, and may be integer-like, which no object
 * keeps in insertion order), nested no deeper than INPUT_DEPTH_MAX.
 */
export type ReadResult =
  | {
    readonly ok: true;
    readonly input: Record<string, unknown>;
    readonly canonical: boolean;
    /** How the trace writes a canonical input, compiled for its shape (see `inputRecorder`); undefined for another. */
    readonly recordedBy: ValueWriter | undefined;
  }
  | { readonly ok: false; readonly problem: ShapeProblem };

/**
 * Reads a decoded request body as the input of an operation, member by member against the SDK's schema (WR-1):
 * every member must have its modelled type, timestamps become Dates (WR-3), and what the model lacks is left out.
 * A problem is returned as a value, for the codec to answer SerializationException; nothing here judges a value's
 * range or pattern, which is the operation's job (InvalidRequestException). Members are checked in the model's order
 * (so the first problem named is the same whatever order the caller built them in) and set in code-unit order.
 *
 * [C] Members the model does not know are ignored, as a service ignores members of a newer client's model;
 * `null` means absent for a structure's member.
 */
export function readInput(schema: NormalizedSchema, body: unknown, dialect: Dialect): ReadResult {
  return inputReader(schema, dialect)(body);
}

/**
 * {@link readInput} of one shape in one dialect, made on first use and kept: for a caller that serves many requests
 * of one operation and would otherwise look the compiled reader up on each.
 */
export const inputReader = compiledPerShape((schema, dialect): ((body: unknown) => ReadResult) => {
  const read = compile(schema, dialect);
  const canonical = isCanonical(schema, 0);
  const recordedBy = canonical ? inputRecorder(schema, dialect) : undefined;
  return (body) => {
    try {
      if (body === undefined || body === null) mismatch('a structure', body);
      // An operation's input is a structure, and a structure's reader returns the fresh object it built.
      return { ok: true, input: read(body) as Record<string, unknown>, canonical, recordedBy };
    } catch (error) {
      if (error instanceof ShapeMismatch) return { ok: false, problem: problemOf(error) };
      throw error;
    }
  };
});

/** What a request's mismatch tells its sender: where (the body itself when at the top), what was expected, what came. */
function problemOf(error: ShapeMismatch): ShapeProblem {
  const path = error.path();
  return { path: path === '' ? 'the body' : path, expected: error.expected, got: describe(error.value) };
}

/** How much of an offending value a problem quotes. */
const SHOWN_CHARS_MAX = 40;

/** Reads a present value (neither undefined nor null) of one shape, or throws a {@link ShapeMismatch}. */
type Read = (value: unknown) => unknown;

/**
 * Whether what a shape reads into is canonical: its objects are structures, whose members this module sets in
 * code-unit order, at depths below INPUT_DEPTH_MAX (a recursive shape reaches it, and is not).
 */
function isCanonical(schema: NormalizedSchema, depth: number): boolean {
  if (schema.isMapSchema() || schema.isDocumentSchema()) return false;
  const object = schema.isStructSchema() || schema.isListSchema();
  if (!object) return true;
  if (depth >= INPUT_DEPTH_MAX) return false;
  if (schema.isListSchema()) return isCanonical(schema.getValueSchema(), depth + 1);
  for (const [, member] of schema.structIterator()) if (!isCanonical(member, depth + 1)) return false;
  return true;
}

/**
 * How a scalar `v` is read, as code: a structure's reader has its scalar members' checks in line rather than a call
 * per member, and a lone scalar's reader is compiled from the same text.
 */
const SCALAR_CODE: Partial<Record<ShapeKind, string>> = {
  boolean: "typeof v === 'boolean' ? v : mismatch('a boolean', v)",
  number: "typeof v === 'number' && Number.isFinite(v) ? v : number(v)",
  string: "typeof v === 'string' ? v : mismatch('a string', v)",
};

function compile(schema: NormalizedSchema, dialect: Dialect): Read {
  const kind = kindOf(schema);
  const scalar = SCALAR_CODE[kind];
  if (scalar !== undefined) return new Function('mismatch', 'number', `return (v) => ${scalar};`)(mismatch, number) as Read;
  switch (kind) {
    case 'document': return (value) => value;
    case 'structure': return structure(schema, dialect);
    case 'list': return list(schema, dialect);
    case 'map': return map(schema, dialect);
    case 'timestamp': return (value) => dialect.readTimestamp(value) ?? mismatch('a timestamp', value);
    case 'blob': return (value) => dialect.readBlob(value) ?? mismatch('a blob', value);
    default: {
      const name = schema.getName(true);
      return () => {
        throw new Error(`the SDK's schema ${name ?? ''} has a kind the wire does not know`);
      };
    }
  }
}

// One try per structure, list or map rather than per member: the index reached names the step of a mismatch.

/**
 * A structure's reader, generated as straight-line code with each member's name written out (as the output writer
 * is: a member read or set by a name held in a variable makes every access megamorphic), and its scalar members'
 * checks in line. Members are read and checked in the model's order into locals, then set on the copy in code-unit
 * order, so that the copy is canonical. Member names come from the SDK's schema and are quoted with JSON.stringify,
 * so no text from a request reaches the generated code.
 */
function structure(schema: NormalizedSchema, dialect: Dialect): Read {
  const members = [...schema.structIterator()].map(([name, member]) => ({ name, schema: member, reader: lazy(() => compile(member, dialect)) }));
  const reads = members.map(({ name, schema: member }, i) => {
    const key = JSON.stringify(name);
    const read = SCALAR_CODE[kindOf(member)] ?? `members[${i}].reader.call(v)`;
    // An inherited member is not a member; asked only of a value that equals what Object.prototype has under that
    // name (nothing, unless a polluted prototype), as a call per member cost more than reading it.
    return `at = ${i}; v = value[${key}]; if (v !== undefined && v !== null && (v !== inherited[${key}] || hasOwn(value, ${key}))) m${i} = ${read};`;
  });
  const sets = members
    .map(({ name }, i) => ({ name, i }))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map(({ name, i }) => `if (m${i} !== undefined) out[${JSON.stringify(name)}] = m${i};`);
  const generate = new Function('members', 'mismatch', 'ShapeMismatch', 'number', 'isPlainObject', 'hasOwn', 'inherited', `
    return function readStructure(value) {
      if (!isPlainObject(value)) return mismatch('a structure', value);
      ${members.map((_, i) => `let m${i};`).join(' ')}
      let at = 0;
      let v;
      try {
        ${reads.join('\n        ')}
      } catch (error) {
        throw error instanceof ShapeMismatch ? error.within('.' + members[at].name) : error;
      }
      const out = {};
      ${sets.join('\n      ')}
      return out;
    };`) as (
      members: readonly { name: string; reader: Lazy<Read> }[],
      mismatchOf: typeof mismatch,
      mismatchClass: typeof ShapeMismatch,
      numberOf: typeof number,
      plain: typeof isPlainObject,
      hasOwn: typeof Object.hasOwn,
      inherited: object,
    ) => Read;
  return generate(members, mismatch, ShapeMismatch, number, isPlainObject, Object.hasOwn, Object.prototype);
}

/**
 * A list's reader. Null items of a dense list are left out when the dialect drops them, and refused otherwise; an
 * item's index in a problem is its index among the items kept.
 */
function list(schema: NormalizedSchema, dialect: Dialect): Read {
  const items = lazy(() => compile(schema.getValueSchema(), dialect));
  const sparse = schema.getMergedTraits().sparse === 1;
  const dropsNulls = !sparse && dialect.dropsNullItems === true;
  return (value) => {
    if (!Array.isArray(value)) return mismatch('a list', value);
    // Made at the list's length and cut to the items kept, not grown by pushes: a placement request's two dozen
    // latency entries were copied twice on the way.
    const out: unknown[] = new Array(value.length);
    let kept = 0;
    try {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        // Counted once read: a mismatch inside the item names it by its index among the items kept before it.
        if (item !== undefined && item !== null) out[kept] = items.call(item);
        else if (sparse) out[kept] = null;
        else if (!dropsNulls) mismatch('a list item, not null', item);
        else continue;
        kept++;
      }
    } catch (error) {
      throw error instanceof ShapeMismatch ? error.within(`[${kept}]`) : error;
    }
    if (kept < out.length) out.length = kept;
    return out;
  };
}

function map(schema: NormalizedSchema, dialect: Dialect): Read {
  const values = lazy(() => compile(schema.getValueSchema(), dialect));
  const sparse = schema.getMergedTraits().sparse === 1;
  const dropsNulls = !sparse && dialect.dropsNullItems === true;
  return (value) => {
    if (!isPlainObject(value)) return mismatch('a map', value);
    const out: [string, unknown][] = [];
    let key = '';
    try {
      for (const [k, item] of Object.entries(value)) {
        key = k;
        if (item !== undefined && item !== null) out.push([key, values.call(item)]);
        else if (sparse) out.push([key, null]);
        else if (!dropsNulls) mismatch('a map value, not null', item);
      }
    } catch (error) {
      throw error instanceof ShapeMismatch ? error.within(`[${JSON.stringify(key)}]`) : error;
    }
    // fromEntries defines own properties, so a key such as "__proto__" stays a key.
    return Object.fromEntries(out);
  };
}

function number(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  // CBOR carries integers beyond 32 bits as bigint; within the safe range they are plain numbers to the operations.
  if (typeof value === 'bigint' && BigInt(Number.MIN_SAFE_INTEGER) <= value && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(value);
  }
  return mismatch('a number', value);
}

/**
 * A JSON object or CBOR map: not an array, not bytes, not a CBOR tag (see `isTagged`). Other symbol-keyed members are
 * not members, as the SDK's serializer leaves them out of what it sends; asking for an object's symbols cost more
 * than the rest of reading it.
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !isTagged(value);
}

/**
 * A CBOR tag, as the decoder marks one: the SDK's tag symbol set on it (the SDK's own encoder asks the same). Read as
 * a member, not asked with `Object.hasOwn`: a call for every structure read cost more than reading its members.
 */
function isTagged(value: object): boolean {
  return (value as Record<symbol, unknown>)[tagSymbol] !== undefined;
}

/** A value as a problem names it: its kind, and short scalars verbatim. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'object' && isTagged(value)) return 'a CBOR tag';
  if (typeof value === 'object') return 'a structure';
  if (typeof value === 'string') {
    return value.length > SHOWN_CHARS_MAX ? `a string of ${value.length} characters` : `the string ${JSON.stringify(value)}`;
  }
  return `${typeof value} ${String(value)}`;
}
