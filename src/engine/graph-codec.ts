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
 * Encoding: a string, a boolean, null and a finite number other than -0 are themselves; a plain object is a JSON
 * object; everything else is an array tagged by its first element (`Tag`). Each object, array, Map and Set is given
 * the next number the first time it is met, in the same order when encoding and decoding, so a later meeting is
 * written as a reference to that number and never twice.
 */

const Tag = {
  Array: 0,
  Map: 1,
  Set: 2,
  Ref: 3,
  Undefined: 4,
  /** A number JSON cannot write: `[Tag.Number, "Infinity" | "-Infinity" | "NaN" | "-0"]`. */
  Number: 5,
} as const;

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

function encode(graph: unknown): string {
  const ids = new Map<Composite, number>();
  const parts: string[] = [];
  const write = (value: unknown): void => {
    switch (typeof value) {
      case 'string':
        parts.push(JSON.stringify(value));
        return;
      case 'number':
        if (Number.isFinite(value) && !Object.is(value, -0)) parts.push(String(value));
        else parts.push(`[${Tag.Number},"${Object.is(value, -0) ? '-0' : String(value)}"]`);
        return;
      case 'boolean':
        parts.push(value ? 'true' : 'false');
        return;
      case 'undefined':
        parts.push(`[${Tag.Undefined}]`);
        return;
      case 'object':
        break;
      default:
        throw new NotPlainData(`a snapshot holds plain data only, got a ${typeof value}`);
    }
    if (value === null) {
      parts.push('null');
      return;
    }
    const seen = ids.get(value);
    if (seen !== undefined) {
      parts.push(`[${Tag.Ref},${seen}]`);
      return;
    }
    ids.set(value, ids.size);
    if (Array.isArray(value)) {
      parts.push(`[${Tag.Array}`);
      for (let i = 0; i < value.length; i++) {
        parts.push(',');
        write(value[i]);
      }
      parts.push(']');
    } else if (value instanceof Map) {
      parts.push(`[${Tag.Map}`);
      for (const [k, v] of value) {
        parts.push(',');
        write(k);
        parts.push(',');
        write(v);
      }
      parts.push(']');
    } else if (value instanceof Set) {
      parts.push(`[${Tag.Set}`);
      for (const item of value) {
        parts.push(',');
        write(item);
      }
      parts.push(']');
    } else {
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new NotPlainData(`a snapshot holds plain data only, got a ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'class instance'}`);
      }
      parts.push('{');
      let first = true;
      for (const key in value) {
        if (!first) parts.push(',');
        first = false;
        parts.push(JSON.stringify(key), ':');
        try {
          write((value as Record<string, unknown>)[key]);
        } catch (error) {
          if (error instanceof NotPlainData) error.path.unshift(key);
          throw error;
        }
      }
      parts.push('}');
    }
  };
  write(graph);
  return parts.join('');
}

/** The graph `encodeGraph` wrote as `text`, with its shared objects shared again. */
export function decodeGraph(text: string): unknown {
  const byId: Composite[] = [];
  const read = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (!Array.isArray(value)) {
      const out: Record<string, unknown> = {};
      byId.push(out);
      for (const key in value) {
        const member = read((value as Record<string, unknown>)[key]);
        // A key named __proto__ is data here, never the object's prototype.
        if (key === '__proto__') Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
        else out[key] = member;
      }
      return out;
    }
    switch (value[0]) {
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
