import { show } from '../api/validate.ts';

/**
 * Field checkers for scenario definitions. Each takes a value and the path of the field in the scenario
 * (`fleets[0].locations.eu-west-1.desired`) and returns the value typed, or throws a ScenarioError whose message
 * names that path, the rule and the value: a scenario's author reads their own field names, never an API member.
 */

/** A scenario that does not parse or does not hold together; the message names the scenario's field path. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

export type Field<T> = (value: unknown, path: string) => T;

/** Refuses: `<path> <rule>, got <value>`. */
export function refuse(path: string, rule: string, value: unknown): never {
  throw new ScenarioError(`${path} ${rule}, got ${show(value)}`);
}

/** The path of a member of the object at `path`. */
export const member = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

export function int(min: number, max: number): Field<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) refuse(path, `must be an integer from ${min} to ${max}`, v);
    return v;
  };
}

export function num(min: number, max: number): Field<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) refuse(path, `must be a number from ${min} to ${max}`, v);
    return v;
  };
}

export function str(maxChars: number, pattern?: RegExp): Field<string> {
  return (v, path) => {
    if (typeof v !== 'string' || v.length === 0 || v.length > maxChars) refuse(path, `must be a string of 1 to ${maxChars} characters`, v);
    if (pattern !== undefined && !pattern.test(v)) refuse(path, `must match ${pattern.source}`, v);
    return v;
  };
}

export const bool: Field<boolean> = (v, path) => {
  if (typeof v !== 'boolean') refuse(path, 'must be true or false', v);
  return v;
};

export const func: Field<(...args: never[]) => unknown> = (v, path) => {
  if (typeof v !== 'function') refuse(path, 'must be a function', v);
  return v as (...args: never[]) => unknown;
};

export function oneOf<T extends string>(...allowed: T[]): Field<T> {
  return (v, path) => {
    if (typeof v !== 'string' || !(allowed as string[]).includes(v)) refuse(path, `must be one of ${allowed.join(', ')}`, v);
    return v as T;
  };
}

export function list<T>(item: Field<T>, min: number, max: number): Field<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) refuse(path, 'must be a list', v);
    if (v.length < min || v.length > max) refuse(path, `must have ${min} to ${max} items`, v);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };
}

/** A pair [low, high] with low ≤ high. */
export function range(bound: Field<number>): Field<[number, number]> {
  return (v, path) => {
    if (!Array.isArray(v) || v.length !== 2) refuse(path, 'must be a pair [low, high]', v);
    const low = bound(v[0], `${path}[0]`);
    const high = bound(v[1], `${path}[1]`);
    if (low > high) refuse(path, 'must not have low above high', v);
    return [low, high];
  };
}

/** A record whose keys match `key` (at most `max` of them) and whose values pass `value`, in the record's order. */
export function record<T>(key: RegExp, value: Field<T>, min: number, max: number): Field<Record<string, T>> {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) refuse(path, 'must be an object', v);
    const entries = Object.entries(v);
    if (entries.length < min || entries.length > max) refuse(path, `must have ${min} to ${max} entries`, Object.keys(v));
    const out: Record<string, T> = {};
    for (const [k, x] of entries) {
      if (!key.test(k)) refuse(member(path, k), `is not a valid key: keys must match ${key.source}`, k);
      out[k] = value(x, member(path, k));
    }
    return out;
  };
}

type Shape = Record<string, Field<unknown>>;
type Out<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };
type Optional<O extends Shape> = { [K in keyof O]?: ReturnType<O[K]> };

/**
 * An object with exactly these members: `required` must be present, `optional` may be; any other member is refused
 * as unknown, naming the members that are known, so that a typo never goes silently unused.
 */
export function object<R extends Shape, O extends Shape>(required: R, optional: O): Field<Out<R> & Optional<O>> {
  const known = [...Object.keys(required), ...Object.keys(optional)];
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) refuse(path || 'the scenario', 'must be an object', v);
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(required, key) && !Object.hasOwn(optional, key)) {
        throw new ScenarioError(`${member(path, key)} is not a field here; known fields: ${known.join(', ')}`);
      }
    }
    for (const [key, check] of Object.entries(required)) {
      if (input[key] === undefined) throw new ScenarioError(`${member(path, key)} is required`);
      out[key] = check(input[key], member(path, key));
    }
    for (const [key, check] of Object.entries(optional)) {
      if (input[key] !== undefined) out[key] = check(input[key], member(path, key));
    }
    return out as Out<R> & Optional<O>;
  };
}

/** One of several object shapes, told apart by their `kind` member. */
export function byKind<T>(shapes: Record<string, Field<T>>): Field<T> {
  const kinds = Object.keys(shapes);
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) refuse(path, 'must be an object', v);
    const kind = (v as { kind?: unknown }).kind;
    if (typeof kind !== 'string' || !Object.hasOwn(shapes, kind)) refuse(member(path, 'kind'), `must be one of ${kinds.join(', ')}`, kind);
    return shapes[kind]!(v, path);
  };
}
