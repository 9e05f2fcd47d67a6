import type { NormalizedSchema } from '@smithy/core/schema';
import type { Dialect } from './dialect.ts';

/**
 * An operation's output as the wire carries it, member by member against the SDK's schema: Dates become the
 * dialect's timestamps (WR-3), absent members are left out and never written as null, and members the model lacks
 * are not sent, as a real service's serializer sends only modelled members.
 *
 * The simulator's output is trusted to have the SDK's types; a value of the wrong type is a simulator defect and
 * throws {@link OutputDefect}, which the codec answers with InternalServiceException.
 */
export function writeOutput(schema: NormalizedSchema, output: unknown, dialect: Dialect): Record<string, unknown> {
  const written = new Writer(dialect).write(schema, output ?? {}, '');
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

class Writer {
  constructor(private readonly dialect: Dialect) {}

  write(schema: NormalizedSchema, value: unknown, path: string): unknown {
    if (value === undefined || value === null) return undefined;
    if (schema.isDocumentSchema()) return value;
    if (schema.isStructSchema()) return this.#structure(schema, value, path);
    if (schema.isListSchema()) return this.#list(schema, value, path);
    if (schema.isMapSchema()) return this.#map(schema, value, path);
    if (schema.isTimestampSchema()) {
      return value instanceof Date && !Number.isNaN(value.getTime()) ? this.dialect.writeTimestamp(value) : defect(path, 'a valid Date', value);
    }
    if (schema.isBlobSchema()) return value instanceof Uint8Array ? this.dialect.writeBlob(value) : defect(path, 'a Uint8Array', value);
    if (schema.isBooleanSchema()) return typeof value === 'boolean' ? value : defect(path, 'a boolean', value);
    if (schema.isNumericSchema() || schema.isBigIntegerSchema() || schema.isBigDecimalSchema()) {
      return typeof value === 'number' && Number.isFinite(value) ? value : defect(path, 'a finite number', value);
    }
    if (schema.isStringSchema()) return typeof value === 'string' ? value : defect(path, 'a string', value);
    throw new Error(`the SDK's schema ${schema.getName(true) ?? path} has a kind the wire does not know`);
  }

  #structure(schema: NormalizedSchema, value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return defect(path, 'an object', value);
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [name, member] of schema.structIterator()) {
      const written = this.write(member, source[name], path === '' ? name : `${path}.${name}`);
      if (written !== undefined) out[name] = written;
    }
    return out;
  }

  #list(schema: NormalizedSchema, value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) return defect(path, 'an array', value);
    const items = schema.getValueSchema();
    const sparse = schema.getMergedTraits().sparse === 1;
    return value.map((item: unknown, i) => {
      const written = this.write(items, item, `${path}[${i}]`);
      return written === undefined && !sparse ? defect(`${path}[${i}]`, 'present in a dense list', item) : written ?? null;
    });
  }

  #map(schema: NormalizedSchema, value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return defect(path, 'an object', value);
    const values = schema.getValueSchema();
    const sparse = schema.getMergedTraits().sparse === 1;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => {
      const written = this.write(values, item, `${path}[${JSON.stringify(key)}]`);
      return [key, written === undefined && !sparse ? defect(`${path}[${JSON.stringify(key)}]`, 'present in a dense map', item) : written ?? null];
    }));
  }
}

function defect(path: string, expected: string, value: unknown): never {
  throw new OutputDefect(path, expected, value);
}
