import type { NormalizedSchema } from '@smithy/core/schema';
import type { Dialect } from './dialect.ts';

/**
 * `make` of a (shape, dialect), made on first use and kept as long as both are: the request reader and the answer
 * writer compile their walk of a shape once, not per call.
 */
export function compiledPerShape<T>(make: (schema: NormalizedSchema, dialect: Dialect) => T): (schema: NormalizedSchema, dialect: Dialect) => T {
  const byDialect = new WeakMap<Dialect, WeakMap<NormalizedSchema, T>>();
  return (schema, dialect) => {
    let byShape = byDialect.get(dialect);
    if (byShape === undefined) {
      byShape = new WeakMap();
      byDialect.set(dialect, byShape);
    }
    let made = byShape.get(schema);
    if (made === undefined) {
      made = make(schema, dialect);
      byShape.set(schema, made);
    }
    return made;
  };
}

/** A function compiled on its first call, then called straight: how a shape that contains itself compiles at all. */
export interface Lazy<F> {
  call: F;
}

export function lazy<F extends (...args: never[]) => unknown>(compile: () => F): Lazy<F> {
  const slot: Lazy<F> = {
    call: ((...args: Parameters<F>) => {
      slot.call = compile();
      return slot.call(...args);
    }) as F,
  };
  return slot;
}

/**
 * A value of the wrong type for its shape, unwinding to where the walk began: each enclosing structure, list and map
 * adds its step to the path on the way out, so that a walk builds no path while nothing is wrong.
 */
export class ShapeMismatch extends Error {
  readonly #steps: string[] = [];
  constructor(readonly expected: string, readonly value: unknown) {
    super(expected);
  }

  /** Adds the step from an enclosing value: `.Member`, `[3]` or `["key"]`. */
  within(step: string): this {
    this.#steps.push(step);
    return this;
  }

  /** Where the value is, from the outermost: `Member.List[3]`; '' for the outermost itself. */
  path(): string {
    const path = [...this.#steps].reverse().join('');
    return path.startsWith('.') ? path.slice(1) : path;
  }
}

export function mismatch(expected: string, value: unknown): never {
  throw new ShapeMismatch(expected, value);
}
