/**
 * A graph of plain data as JSON text and back, for snapshots (DT-3): plain objects, arrays, Maps and Sets that refer
 * to each other, with `undefined`, non-finite numbers and -0 kept, and every object shared by two owners (a game
 * session in the world's map, its instance and a pending event) shared again after decoding, cycles included.
 *
 * The text is a pure function of the graph: objects in their key order, Maps and Sets in insertion order, which the
 * decoder rebuilds, so the same state always gives the same text. Anything else (a class instance, a function, a
 * bigint, a symbol) is a programmer error: state meant for a snapshot is plain data, and a class that keeps state
 * privately hands it over as plain data itself.
 *
 * Encoding: a string, a boolean, null and a finite number other than -0 are themselves; everything else is an array
 * tagged by its first element (`Tag`). A plain object is written as its values, its keys once per list of keys (its
 * shape) and then by the shape's number, so a million game sessions do not repeat their member names a million
 * times. Each object, array, Map and Set is given the next number the first time it is met, in the same order when
 * encoding and decoding, so a later meeting is written as a reference to that number and never twice.
 */

const Tag = {
  Array: 0,
  Map: 1,
  Set: 2,
  Ref: 3,
  Undefined: 4,
  /** A number JSON cannot write: `[Tag.Number, "Infinity" | "-Infinity" | "NaN" | "-0"]`. */
  Number: 5,
  /** A plain object with keys not met before: `[Tag.NewShape, [keys…], values…]`; the keys get the next shape number. */
  NewShape: 6,
  /** A plain object with the keys of a shape met before: `[Tag.Shaped, shape number, values…]`. */
  Shaped: 7,
} as const;

/** One array for every `undefined`: JSON.stringify writes it each time, and nothing else holds it. */
const UNDEFINED = [Tag.Undefined] as const;

type Composite = object;

/** Thrown on a value that is not plain data; `path` is filled in on the way out, so the hot path builds none. */
class NotPlainData extends TypeError {
  readonly path: string[] = [];
}

/** `graph` as JSON text; throws a TypeError on anything that is not plain data, naming where it was found. */
export function encodeGraph(graph: unknown): string {
  try {
    return encode(graph);
  } catch (error) {
    if (!(error instanceof NotPlainData)) throw error;
    throw new TypeError(`${error.message} at $${error.path.map((key) => `.${key}`).join('')}`);
  }
}

/** A list of keys that plain objects share, written once and then named by its number. */
interface Shape {
  readonly id: number;
  readonly keys: readonly string[];
}

function encode(graph: unknown): string {
  const ids = new Map<Composite, number>();
  const shapes = new Map<string, Shape>();
  // Objects of one kind come in runs with the same keys: the shape last used for a first key is tried before the
  // lookup by all the keys joined, which would build a string per object.
  const lastShapeByFirstKey = new Map<string, Shape>();
  const shapeOf = (keys: readonly string[]): Shape | undefined => {
    const last = lastShapeByFirstKey.get(keys[0] ?? '');
    if (last !== undefined && sameKeys(last.keys, keys)) return last;
    const known = shapes.get(shapeKey(keys));
    if (known !== undefined) lastShapeByFirstKey.set(keys[0] ?? '', known);
    return known;
  };
  // The graph becomes a tree of JSON values first, which one native JSON.stringify then writes: far less garbage
  // than building the text piece by piece.
  const write = (value: unknown): unknown => {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        if (Number.isFinite(value) && !Object.is(value, -0)) return value;
        return [Tag.Number, Object.is(value, -0) ? '-0' : String(value)];
      case 'undefined':
        return UNDEFINED;
      case 'object':
        break;
      default:
        throw new NotPlainData(`a snapshot holds plain data only, got a ${typeof value}`);
    }
    if (value === null) return null;
    const seen = ids.get(value);
    if (seen !== undefined) return [Tag.Ref, seen];
    ids.set(value, ids.size);
    if (Array.isArray(value)) {
      const out: unknown[] = [Tag.Array];
      for (let i = 0; i < value.length; i++) out.push(write(value[i]));
      return out;
    }
    if (value instanceof Map) {
      const out: unknown[] = [Tag.Map];
      for (const [k, v] of value) out.push(write(k), write(v));
      return out;
    }
    if (value instanceof Set) {
      const out: unknown[] = [Tag.Set];
      for (const item of value) out.push(write(item));
      return out;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new NotPlainData(`a snapshot holds plain data only, got a ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'class instance'}`);
    }
    const keys = Object.keys(value);
    let shape = shapeOf(keys);
    let out: unknown[];
    if (shape === undefined) {
      shape = { id: shapes.size, keys };
      shapes.set(shapeKey(keys), shape);
      lastShapeByFirstKey.set(keys[0] ?? '', shape);
      out = [Tag.NewShape, keys];
    } else {
      out = [Tag.Shaped, shape.id];
    }
    for (const key of keys) {
      try {
        out.push(write((value as Record<string, unknown>)[key]));
      } catch (error) {
        if (error instanceof NotPlainData) error.path.unshift(key);
        throw error;
      }
    }
    return out;
  };
  return JSON.stringify(write(graph));
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The graph `encodeGraph` wrote as `text`, with its shared objects shared again. */
export function decodeGraph(text: string): unknown {
  const byId: Composite[] = [];
  const shapes: (readonly string[])[] = [];
  const read = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (!Array.isArray(value)) throw new SyntaxError('snapshot holds an untagged object');
    switch (value[0]) {
      case Tag.NewShape:
      case Tag.Shaped: {
        const keys = value[0] === Tag.NewShape ? (value[1] as string[]) : shapes[value[1] as number];
        if (keys === undefined) throw new SyntaxError(`snapshot names shape ${String(value[1])} before it appears`);
        if (value[0] === Tag.NewShape) shapes.push(keys);
        const out: Record<string, unknown> = {};
        byId.push(out);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const member = read(value[i + 2]);
          // A key named __proto__ is data here, never the object's prototype.
          if (key === '__proto__') Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
          else out[key] = member;
        }
        return out;
      }
      case Tag.Array: {
        const out: unknown[] = [];
        byId.push(out);
        for (let i = 1; i < value.length; i++) out.push(read(value[i]));
        return out;
      }
      case Tag.Map: {
        const out = new Map<unknown, unknown>();
        byId.push(out);
        for (let i = 1; i < value.length; i += 2) {
          const key = read(value[i]);
          out.set(key, read(value[i + 1]));
        }
        return out;
      }
      case Tag.Set: {
        const out = new Set<unknown>();
        byId.push(out);
        for (let i = 1; i < value.length; i++) out.add(read(value[i]));
        return out;
      }
      case Tag.Ref: {
        const target = byId[value[1] as number];
        if (target === undefined) throw new SyntaxError(`snapshot refers to object ${String(value[1])} before it appears`);
        return target;
      }
      case Tag.Undefined:
        return undefined;
      case Tag.Number:
        return value[1] === '-0' ? -0 : Number(value[1]);
      default:
        throw new SyntaxError(`snapshot holds an unknown tag ${String(value[0])}`);
    }
  };
  return read(JSON.parse(text));
}

/** A shape's lookup key: its length first, so that no key list and another joined the same way can collide. */
function shapeKey(keys: readonly string[]): string {
  return `${keys.length}\0${keys.join('\0')}`;
}
