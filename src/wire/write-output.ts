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
  const plan = planOf(schema);
  if (plan.kind !== 'structure') throw new OutputDefect('a structure', output);
  try {
    return structure(plan, output ?? {}, dialect);
  } catch (error) {
    if (error instanceof OutputDefect) error.finish();
    throw error;
  }
}

/** The simulator answered with a value its own output shape does not allow. */
export class OutputDefect extends Error {
  readonly #expected: string;
  readonly #got: string;
  /**
   * Where, built while the defect unwinds: every answer goes through the writer, and building each member's path
   * on the way down cost more than writing the member.
   */
  #path = '';

  constructor(expected: string, value: unknown) {
    super('');
    this.name = 'OutputDefect';
    this.#expected = expected;
    this.#got = typeof value;
    this.finish();
  }

  /** Adds the member or item the defect sits in, outermost last. */
  within(segment: string | number): this {
    const head = typeof segment === 'number' ? `[${segment}]` : segment;
    this.#path = this.#path === '' || this.#path.startsWith('[') ? `${head}${this.#path}` : `${head}.${this.#path}`;
    return this;
  }

  /** Writes the message with the path found so far. */
  finish(): void {
    this.message = `the simulator's output ${this.#path === '' ? '' : `member ${this.#path} `}must be ${this.#expected}, got ${this.#got}`;
  }
}

function write(plan: ShapePlan, value: unknown, dialect: Dialect): unknown {
  switch (plan.kind) {
    case 'document': return value;
    case 'structure': return structure(plan, value, dialect);
    case 'list': return list(plan, value, dialect);
    case 'map': return map(plan, value, dialect);
    case 'timestamp':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? dialect.writeTimestamp(value) : defect('a valid Date', value);
    case 'blob': return value instanceof Uint8Array ? dialect.writeBlob(value) : defect('a Uint8Array', value);
    case 'boolean': return typeof value === 'boolean' ? value : defect('a boolean', value);
    case 'number': return typeof value === 'number' && Number.isFinite(value) ? value : defect('a finite number', value);
    case 'string': return typeof value === 'string' ? value : defect('a string', value);
    case 'unknown': throw new Error(`the SDK's schema ${plan.name ?? '(unnamed)'} has a kind the wire does not know`);
  }
}

function structure(plan: ShapePlan, value: unknown, dialect: Dialect): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return defect('an object', value);
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const { memberNames, memberPlans } = plan;
  for (let i = 0; i < memberNames.length; i++) {
    const name = memberNames[i]!;
    const item = source[name];
    // Absent members are left out, never written as null.
    if (item === undefined || item === null) continue;
    try {
      out[name] = write(memberPlans[i]!, item, dialect);
    } catch (error) {
      throw error instanceof OutputDefect ? error.within(name) : error;
    }
  }
  return out;
}

function list(plan: ShapePlan, value: unknown, dialect: Dialect): unknown[] {
  if (!Array.isArray(value)) return defect('an array', value);
  const items = plan.value;
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    try {
      out[i] = item(plan, items, value[i], dialect);
    } catch (error) {
      throw error instanceof OutputDefect ? error.within(i) : error;
    }
  }
  return out;
}

function map(plan: ShapePlan, value: unknown, dialect: Dialect): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return defect('an object', value);
  const values = plan.value;
  // fromEntries defines own properties, so a key such as "__proto__" stays a key.
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => {
    try {
      return [key, item(plan, values, entry, dialect)];
    } catch (error) {
      throw error instanceof OutputDefect ? error.within(`[${JSON.stringify(key)}]`) : error;
    }
  }));
}

/** A list's item or a map's value: null only where the collection is sparse. */
function item(collection: ShapePlan, plan: ShapePlan, value: unknown, dialect: Dialect): unknown {
  if (value !== undefined && value !== null) return write(plan, value, dialect);
  return collection.sparse ? null : defect(`present in a dense ${collection.kind}`, value);
}

function defect(expected: string, value: unknown): never {
  throw new OutputDefect(expected, value);
}
