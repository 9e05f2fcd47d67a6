import type { NormalizedSchema } from '@smithy/core/schema';
import { compiledPerShape, lazy, mismatch, ShapeMismatch, type Lazy } from './compiled.ts';
import type { Dialect } from './dialect.ts';
import { kindOf, type ShapeKind } from './shape-kind.ts';

/**
 * An operation's output as the wire carries it, member by member against the SDK's schema: Dates become the
 * dialect's timestamps (WR-3), absent members are left out and never written as null, and members the model lacks
 * are not sent, as a real service's serializer sends only modelled members.
 *
 * The simulator's output is trusted to have the SDK's types; a value of the wrong type is a simulator defect and
 * throws {@link OutputDefect}, which the codec answers with InternalServiceException.
 *
 * The walk is compiled once per (shape, dialect) into plain functions, so that writing an answer costs no schema
 * lookups: it runs on every call of the fast path and the wire alike.
 */
export function writeOutput(schema: NormalizedSchema, output: unknown, dialect: Dialect): Record<string, unknown> {
  return outputWriter(schema, dialect)(output);
}

/**
 * {@link writeOutput} of one shape in one dialect, made on first use and kept: for a caller that answers many calls
 * of one operation and would otherwise look the compiled writer up on each.
 */
export const outputWriter = compiledPerShape((schema, dialect): ((output: unknown) => Record<string, unknown>) => {
  const write = compile(schema, dialect);
  return (output) => {
    let written: unknown;
    try {
      written = write(output ?? {});
    } catch (error) {
      if (error instanceof ShapeMismatch) throw new OutputDefect(error.path(), error.expected, error.value);
      throw error;
    }
    if (written === undefined || typeof written !== 'object' || written === null) throw new OutputDefect('', 'a structure', output);
    return written as Record<string, unknown>;
  };
});

/** The simulator answered with a value its own output shape does not allow. */
export class OutputDefect extends Error {
  constructor(path: string, expected: string, value: unknown) {
    super(`the simulator's output ${path === '' ? '' : `member ${path} `}must be ${expected}, got ${typeof value}`);
    this.name = 'OutputDefect';
  }
}

/** A present value (neither undefined nor null) as the wire writes it. */
type Writer = (value: unknown) => unknown;

/**
 * How a present scalar `v` is written, as code: a structure's writer has its scalar members' checks in line rather
 * than a call per member (as the input reader has), and a lone scalar's writer is compiled from the same text.
 */
const SCALAR_CODE: Partial<Record<ShapeKind, string>> = {
  timestamp: "v instanceof Date && !Number.isNaN(v.getTime()) ? dialect.writeTimestamp(v) : mismatch('a valid Date', v)",
  boolean: "typeof v === 'boolean' ? v : mismatch('a boolean', v)",
  number: "typeof v === 'number' && Number.isFinite(v) ? v : mismatch('a finite number', v)",
  string: "typeof v === 'string' ? v : mismatch('a string', v)",
};

function compile(schema: NormalizedSchema, dialect: Dialect): Writer {
  const kind = kindOf(schema);
  const scalar = SCALAR_CODE[kind];
  if (scalar !== undefined) return new Function('mismatch', 'dialect', `return (v) => ${scalar};`)(mismatch, dialect) as Writer;
  switch (kind) {
    case 'document': return (value) => value;
    case 'structure': return structure(schema, dialect);
    case 'list': return list(schema, dialect);
    case 'map': return map(schema, dialect);
    case 'blob': return (value) => (value instanceof Uint8Array ? dialect.writeBlob(value) : mismatch('a Uint8Array', value));
    default: throw new Error(`the SDK's schema ${schema.getName(true) ?? ''} has a kind the wire does not know`);
  }
}

// One try per structure, list or map rather than per member: the index reached names the step of a mismatch.

/**
 * A structure's writer, generated as straight-line code with each member's name written out: reading and adding
 * members by a name held in a variable makes every access megamorphic, which cost ~200 ns a member (30 µs for a page
 * of ten game sessions); named accesses cost a few. Scalar members are written in line (SCALAR_CODE). Member names
 * come from the SDK's schema and are quoted with JSON.stringify, so no text from a request or an output reaches the
 * generated code.
 */
function structure(schema: NormalizedSchema, dialect: Dialect): Writer {
  const members = [...schema.structIterator()].map(([name, member]) => ({ name, schema: member, writer: lazy(() => compile(member, dialect)) }));
  const lines = members.map(({ name, schema: member }, i) => {
    const key = JSON.stringify(name);
    const write = SCALAR_CODE[kindOf(member)] ?? `members[${i}].writer.call(v)`;
    return `at = ${i}; v = value[${key}]; if (v !== undefined && v !== null) out[${key}] = ${write};`;
  });
  const generate = new Function('members', 'mismatch', 'ShapeMismatch', 'dialect', `
    return function writeStructure(value) {
      if (typeof value !== 'object' || Array.isArray(value)) return mismatch('an object', value);
      const out = {};
      let at = 0;
      let v;
      try {
        ${lines.join('\n        ')}
      } catch (error) {
        throw error instanceof ShapeMismatch ? error.within('.' + members[at].name) : error;
      }
      return out;
    };`) as (
      members: readonly { name: string; writer: Lazy<Writer> }[],
      mismatch: (expected: string, value: unknown) => never,
      mismatchClass: typeof ShapeMismatch,
      dialect: Dialect,
    ) => Writer;
  return generate(members, mismatch, ShapeMismatch, dialect);
}

function list(schema: NormalizedSchema, dialect: Dialect): Writer {
  const items = lazy(() => compile(schema.getValueSchema(), dialect));
  const sparse = schema.getMergedTraits().sparse === 1;
  return (value) => {
    if (!Array.isArray(value)) return mismatch('an array', value);
    const out: unknown[] = new Array(value.length);
    let i = 0;
    try {
      for (; i < value.length; i++) {
        const item: unknown = value[i];
        out[i] = item !== undefined && item !== null ? items.call(item) : sparse ? null : mismatch('present in a dense list', item);
      }
    } catch (error) {
      throw error instanceof ShapeMismatch ? error.within(`[${i}]`) : error;
    }
    return out;
  };
}

function map(schema: NormalizedSchema, dialect: Dialect): Writer {
  const values = lazy(() => compile(schema.getValueSchema(), dialect));
  const sparse = schema.getMergedTraits().sparse === 1;
  return (value) => {
    if (typeof value !== 'object' || Array.isArray(value)) return mismatch('an object', value);
    const entries = Object.entries(value as object);
    const out: [string, unknown][] = new Array(entries.length);
    let i = 0;
    try {
      for (; i < entries.length; i++) {
        const [key, item] = entries[i]! as [string, unknown];
        out[i] = [key, item !== undefined && item !== null ? values.call(item) : sparse ? null : mismatch('present in a dense map', item)];
      }
    } catch (error) {
      throw error instanceof ShapeMismatch ? error.within(`[${JSON.stringify(entries[i]![0])}]`) : error;
    }
    // fromEntries defines own properties, so a key such as "__proto__" stays a key.
    return Object.fromEntries(out);
  };
}
