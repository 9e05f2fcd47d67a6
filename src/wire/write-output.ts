import type { NormalizedSchema } from '@smithy/core/schema';
import type { Dialect } from './dialect.ts';
import { planOf, type ShapePlan } from './shape-plan.ts';

/**
 * An operation's output as the wire carries it, member by member against the SDK's schema: Dates become the
 * dialect's timestamps (WR-3), absent members are left out and never written as null, and members the model lacks
 * are not sent, as a real service's serializer sends only modelled members.
 *
 * The simulator's output is trusted to have the SDK's types; a value of the wrong type is a simulator defect and
 * throws {@link OutputDefect}, which the codec answers with InternalServiceException.
 */
export function writeOutput(schema: NormalizedSchema, output: unknown, dialect: Dialect): Record<string, unknown> {
  const written = new Writer(dialect).write(planOf(schema), output ?? {}, '');
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

/** A leaf (not a structure, list, map or document) as `dialect` writes it, checked against its shape. */
function leaf(plan: ShapePlan, value: unknown, path: string, dialect: Dialect): unknown {
  switch (plan.kind) {
    case 'timestamp':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? dialect.writeTimestamp(value) : defect(path, 'a valid Date', value);
    case 'blob': return value instanceof Uint8Array ? dialect.writeBlob(value) : defect(path, 'a Uint8Array', value);
    case 'boolean': return typeof value === 'boolean' ? value : defect(path, 'a boolean', value);
    case 'number': return typeof value === 'number' && Number.isFinite(value) ? value : defect(path, 'a finite number', value);
    case 'string': return typeof value === 'string' ? value : defect(path, 'a string', value);
    default: throw new Error(`the SDK's schema ${plan.name ?? path} has a kind the wire does not know`);
  }
}

class Writer {
  constructor(private readonly dialect: Dialect) {}

  write(plan: ShapePlan, value: unknown, path: string): unknown {
    if (value === undefined || value === null) return undefined;
    switch (plan.kind) {
      case 'document': return value;
      case 'structure': return this.#structure(plan, value, path);
      case 'list': return this.#list(plan, value, path);
      case 'map': return this.#map(plan, value, path);
      default: return leaf(plan, value, path, this.dialect);
    }
  }

  #structure(plan: ShapePlan, value: unknown, path: string): Record<string, unknown> {
    const source = objectOf(value, path);
    const out: Record<string, unknown> = {};
    for (const [name, member] of plan.members) {
      const item = source[name];
      // Most members of most outputs are absent: skip them before building a path for them.
      if (item === undefined || item === null) continue;
      out[name] = this.write(member, item, path === '' ? name : `${path}.${name}`);
    }
    return out;
  }

  #list(plan: ShapePlan, value: unknown, path: string): unknown[] {
    const items = arrayOf(value, path);
    const out = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) out[i] = this.write(plan.value, items[i], `${path}[${i}]`) ?? absent(plan, `${path}[${i}]`, items[i]);
    return out;
  }

  #map(plan: ShapePlan, value: unknown, path: string): Record<string, unknown> {
    return Object.fromEntries(Object.entries(objectOf(value, path)).map(([key, item]) => {
      const at = `${path}[${JSON.stringify(key)}]`;
      return [key, this.write(plan.value, item, at) ?? absent(plan, at, item)];
    }));
  }
}

function objectOf(value: unknown, path: string): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : defect(path, 'an object', value);
}

function arrayOf(value: unknown, path: string): readonly unknown[] {
  return Array.isArray(value) ? value : defect(path, 'an array', value);
}

/** What a null item of a list or map is written as: null when the shape is sparse, a defect when it is dense. */
function absent(plan: ShapePlan, path: string, item: unknown): null {
  return plan.sparse ? null : defect(path, `present in a dense ${plan.kind}`, item);
}

function defect(path: string, expected: string, value: unknown): never {
  throw new OutputDefect(path, expected, value);
}
