import type { NormalizedSchema } from '@smithy/core/schema';
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
  let written: unknown;
  try {
    written = writerOf(schema, dialect)(output ?? {});
  } catch (error) {
    if (error instanceof Misfit) throw new OutputDefect(error.path(), error.expected, error.value);
    throw error;
  }
  if (written === undefined || typeof written !== 'object' || written === null) throw new OutputDefect('', 'a structure', output);
  return written as Record<string, unknown>;
}

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
 * A value of the wrong type, unwinding to {@link writeOutput}: each enclosing structure, list and map adds its step
 * to the path on the way out, so that the walk builds no path while nothing is wrong.
 */
class Misfit extends Error {
  readonly #steps: string[] = [];
  constructor(readonly expected: string, readonly value: unknown) {
    super(expected);
  }

  /** Adds the step from an enclosing value: `.Member`, `[3]` or `["key"]`. */
  within(step: string): Misfit {
    this.#steps.push(step);
    return this;
  }

  path(): string {
    const path = this.#steps.reverse().join('');
    return path.startsWith('.') ? path.slice(1) : path;
  }
}

const compiled = new WeakMap<Dialect, WeakMap<NormalizedSchema, Writer>>();

function writerOf(schema: NormalizedSchema, dialect: Dialect): Writer {
  let byShape = compiled.get(dialect);
  if (byShape === undefined) {
    byShape = new WeakMap();
    compiled.set(dialect, byShape);
  }
  let writer = byShape.get(schema);
  if (writer === undefined) {
    writer = compile(schema, dialect);
    byShape.set(schema, writer);
  }
  return writer;
}

/** A writer that compiles `schema` on its first use (so that a recursive shape compiles in finite time), then is it. */
interface LazyWriter {
  write: Writer;
}

function lazy(schema: NormalizedSchema, dialect: Dialect): LazyWriter {
  const slot: LazyWriter = {
    write: (value) => {
      slot.write = compile(schema, dialect);
      return slot.write(value);
    },
  };
  return slot;
}

/**
 * How a present scalar `v` is written, as code: a structure's writer has its scalar members' checks in line rather
 * than a call per member (as the input reader has), and a lone scalar's writer is compiled from the same text.
 */
const SCALAR_CODE: Partial<Record<ShapeKind, string>> = {
  timestamp: "v instanceof Date && !Number.isNaN(v.getTime()) ? dialect.writeTimestamp(v) : misfit('a valid Date', v)",
  boolean: "typeof v === 'boolean' ? v : misfit('a boolean', v)",
  number: "typeof v === 'number' && Number.isFinite(v) ? v : misfit('a finite number', v)",
  string: "typeof v === 'string' ? v : misfit('a string', v)",
};

function compile(schema: NormalizedSchema, dialect: Dialect): Writer {
  const kind = kindOf(schema);
  const scalar = SCALAR_CODE[kind];
  if (scalar !== undefined) return new Function('misfit', 'dialect', `return (v) => ${scalar};`)(misfit, dialect) as Writer;
  switch (kind) {
    case 'document': return (value) => value;
    case 'structure': return structure(schema, dialect);
    case 'list': return list(schema, dialect);
    case 'map': return map(schema, dialect);
    case 'blob': return (value) => (value instanceof Uint8Array ? dialect.writeBlob(value) : misfit('a Uint8Array', value));
    default: throw new Error(`the SDK's schema ${schema.getName(true) ?? ''} has a kind the wire does not know`);
  }
}

// One try per structure, list or map rather than per member: the index reached names the step of a misfit.

/**
 * A structure's writer, generated as straight-line code with each member's name written out: reading and adding
 * members by a name held in a variable makes every access megamorphic, which cost ~200 ns a member (30 µs for a page
 * of ten game sessions); named accesses cost a few. Scalar members are written in line (SCALAR_CODE). Member names
 * come from the SDK's schema and are quoted with JSON.stringify, so no text from a request or an output reaches the
 * generated code.
 */
function structure(schema: NormalizedSchema, dialect: Dialect): Writer {
  const members = [...schema.structIterator()].map(([name, member]) => ({ name, schema: member, writer: lazy(member, dialect) }));
  const lines = members.map(({ name, schema: member }, i) => {
    const key = JSON.stringify(name);
    const write = SCALAR_CODE[kindOf(member)] ?? `members[${i}].writer.write(v)`;
    return `at = ${i}; v = value[${key}]; if (v !== undefined && v !== null) out[${key}] = ${write};`;
  });
  const generate = new Function('members', 'misfit', 'Misfit', 'dialect', `
    return function writeStructure(value) {
      if (typeof value !== 'object' || Array.isArray(value)) return misfit('an object', value);
      const out = {};
      let at = 0;
      let v;
      try {
        ${lines.join('\n        ')}
      } catch (error) {
        throw error instanceof Misfit ? error.within('.' + members[at].name) : error;
      }
      return out;
    };`) as (
      members: readonly { name: string; writer: LazyWriter }[],
      misfit: (expected: string, value: unknown) => never,
      misfitClass: typeof Misfit,
      dialect: Dialect,
    ) => Writer;
  return generate(members, misfit, Misfit, dialect);
}

function list(schema: NormalizedSchema, dialect: Dialect): Writer {
  const items = lazy(schema.getValueSchema(), dialect);
  const sparse = schema.getMergedTraits().sparse === 1;
  return (value) => {
    if (!Array.isArray(value)) return misfit('an array', value);
    const out: unknown[] = new Array(value.length);
    let i = 0;
    try {
      for (; i < value.length; i++) {
        const item: unknown = value[i];
        out[i] = item !== undefined && item !== null ? items.write(item) : sparse ? null : misfit('present in a dense list', item);
      }
    } catch (error) {
      throw error instanceof Misfit ? error.within(`[${i}]`) : error;
    }
    return out;
  };
}

function map(schema: NormalizedSchema, dialect: Dialect): Writer {
  const values = lazy(schema.getValueSchema(), dialect);
  const sparse = schema.getMergedTraits().sparse === 1;
  return (value) => {
    if (typeof value !== 'object' || Array.isArray(value)) return misfit('an object', value);
    const entries = Object.entries(value as object);
    const out: [string, unknown][] = new Array(entries.length);
    let i = 0;
    try {
      for (; i < entries.length; i++) {
        const [key, item] = entries[i]! as [string, unknown];
        out[i] = [key, item !== undefined && item !== null ? values.write(item) : sparse ? null : misfit('present in a dense map', item)];
      }
    } catch (error) {
      throw error instanceof Misfit ? error.within(`[${JSON.stringify(entries[i]![0])}]`) : error;
    }
    // fromEntries defines own properties, so a key such as "__proto__" stays a key.
    return Object.fromEntries(out);
  };
}

function misfit(expected: string, value: unknown): never {
  throw new Misfit(expected, value);
}
