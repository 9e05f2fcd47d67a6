import type { NormalizedSchema } from '@smithy/core/schema';
import { memberKey, type AsciiText, type RecordWriter, type ValueWriter } from '../engine/record-codec.ts';
import { compiledPerShape, lazy, type Lazy } from './compiled.ts';
import { kindOf, type ShapeKind } from './shape-kind.ts';

/**
 * How the trace writes a canonical input of a shape (one `readInput` built: see its `canonical`): the very text the
 * record codec's walk writes for it, from code compiled once per shape. The walk finds each object's members with
 * `for…in` and each value's kind by testing it, and compares the keys of each list item with those of the item
 * before; the schema knows all of that already. A StartGameSessionPlacement request with 24 player latencies is the
 * largest record of a load test, and this writes it in about two thirds of the time.
 */
export const inputRecorder = compiledPerShape((schema): ValueWriter => compile(schema));

/** How a present scalar `v` is written, as code (a member or item of another kind goes to its own writer). */
const SCALAR_CODE: Partial<Record<ShapeKind, string>> = {
  string: 'w.string(v)',
  number: 'w.numberValue(v)',
  boolean: 'w.char(v ? 0x54 : 0x46)',
};

function compile(schema: NormalizedSchema): ValueWriter {
  const kind = kindOf(schema);
  if (kind === 'structure') return structure(schema).whole;
  if (kind === 'list') return list(schema);
  const scalar = SCALAR_CODE[kind];
  if (scalar !== undefined) return new Function(`return (w, v) => { ${scalar}; };`)() as ValueWriter;
  // A Date, bytes: rare in requests, and the codec's own walk writes them.
  return (writer, value) => writer.value(value);
}

/**
 * A structure's writers, generated as straight-line code over its members in code-unit order, the order `readInput`
 * set them in and so the order the walk meets them: `whole` writes `{`, each present member's name and value, `}`;
 * `like` writes `(` and the values alone, as the walk writes a list item with the very members of the item before,
 * which `present` tells (a bit per member). Member names come from the SDK's schema, as identifiers; they are
 * quoted with JSON.stringify, so no text from a request reaches the generated code, and each name's text in a record
 * is made into bytes once (`key0`, `key1`, … in the generated code), copied whole into each record.
 */
interface StructureWriter {
  readonly whole: ValueWriter;
  readonly like: ValueWriter;
  readonly present: (value: unknown) => number;
}

/** Members a presence mask can tell apart (bits of a 32-bit integer, the sign's left alone). */
const PRESENCE_BITS = 31;

function structure(schema: NormalizedSchema): StructureWriter {
  const members = [...schema.structIterator()]
    .map(([name, member]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`the SDK's schema names a member ${JSON.stringify(name)}, not an identifier`);
      return { name, key: memberKey(name), schema: member, writer: lazy(() => compile(member)) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const value = (i: number): string => SCALAR_CODE[kindOf(members[i]!.schema)] ?? `members[${i}].writer.call(w, v)`;
  const named = members.map(({ name }, i) => `v = o[${JSON.stringify(name)}]; if (v !== undefined) { w.ascii(key${i}); ${value(i)}; }`);
  const bare = members.map(({ name }, i) => `v = o[${JSON.stringify(name)}]; if (v !== undefined) ${value(i)};`);
  const bits = members.map(({ name }, i) => `(o[${JSON.stringify(name)}] !== undefined ? ${2 ** i} : 0)`);
  const generate = new Function('members', `
    ${members.map((_, i) => `const key${i} = members[${i}].key;`).join(' ')}
    return {
      whole: function writeStructure(w, o) { let v; w.char(0x7b); ${named.join(' ')} w.char(0x7d); },
      like: function writeLike(w, o) { let v; w.char(0x28); ${bare.join(' ')} },
      present: function present(o) { return ${bits.length === 0 ? '0' : bits.join(' | ')}; },
    };`) as (members: readonly { key: AsciiText; writer: Lazy<ValueWriter> }[]) => StructureWriter;
  return generate(members);
}

/**
 * A list's writer: `[`, each item, `]`. An item that is a structure with the very members of the structure item
 * before it is written `like` it, as the walk does; a null item (of a sparse list) is `N` and breaks that chain.
 */
function list(schema: NormalizedSchema): ValueWriter {
  const itemSchema = schema.getValueSchema();
  // A mask tells apart items of at most PRESENCE_BITS members; no GameLift request has a list of larger ones, and the
  // codec's walk writes one if it comes.
  if (kindOf(itemSchema) === 'structure' && [...itemSchema.structIterator()].length > PRESENCE_BITS) return (w, value) => w.value(value);
  if (kindOf(itemSchema) !== 'structure') {
    const item = lazy(() => compile(itemSchema));
    return (w, value) => {
      const items = value as readonly unknown[];
      w.char(0x5b);
      for (let i = 0; i < items.length; i++) {
        const v = items[i];
        if (v === null || v === undefined) w.char(0x4e);
        else item.call(w, v);
      }
      w.char(0x5d);
    };
  }
  // Made at the first list written, as a structure may hold a list of itself.
  let item: StructureWriter | undefined;
  return (w: RecordWriter, value) => {
    const items = value as readonly unknown[];
    const { whole, like, present } = (item ??= structure(itemSchema));
    w.char(0x5b);
    let previous = Number.NaN;
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      if (v === null || v === undefined) {
        w.char(0x4e);
        previous = Number.NaN;
        continue;
      }
      const mask = present(v);
      if (mask === previous) like(w, v);
      else whole(w, v);
      previous = mask;
    }
    w.char(0x5d);
  };
}
