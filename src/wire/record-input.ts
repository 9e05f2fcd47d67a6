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

/** How a present scalar in variable `v` is written, as code (a member or item of another kind goes to its own writer). */
const SCALAR_CODE: Partial<Record<ShapeKind, (v: string) => string>> = {
  string: (v) => `w.string(${v})`,
  number: (v) => `w.numberValue(${v})`,
  boolean: (v) => `w.char(${v} ? 0x54 : 0x46)`,
};

function compile(schema: NormalizedSchema): ValueWriter {
  const kind = kindOf(schema);
  if (kind === 'structure') return structure(schema).whole;
  if (kind === 'list') return list(schema);
  const scalar = SCALAR_CODE[kind];
  if (scalar !== undefined) return new Function(`return (w, v) => { ${scalar('v')}; };`)() as ValueWriter;
  // A Date, bytes: rare in requests, and the codec's own walk writes them.
  return (writer, value) => writer.value(value);
}

/**
 * A structure's writers, generated as straight-line code over its members in code-unit order, the order `readInput` set
 * them in and so the order the walk meets them. `whole` writes `{`, each present member's name and value, `}`. `list`
 * writes a list of such structures, `[`, each item, `]`: an item with the very members of the structure item before it
 * is written as `(` and its values alone, as the walk writes it, which a bit per present member tells; each item's
 * members are read once, for both; a string member with the value it had when last written in the list (a player's id,
 * once per region of its latencies) is copied from where it was written then. Member names come from the SDK's schema,
 * as identifiers; they are quoted with JSON.stringify, so no text from a request reaches the generated code, and each
 * name's text in a record is made into bytes once (`key0`, `key1`, … in the generated code), copied whole into each
 * record.
 */
interface StructureWriter {
  readonly whole: ValueWriter;
  readonly list: ValueWriter;
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
  const value = (i: number, v: string): string => SCALAR_CODE[kindOf(members[i]!.schema)]?.(v) ?? `members[${i}].writer.call(w, ${v})`;
  const named = members.map(({ name }, i) => `v = o[${JSON.stringify(name)}]; if (v !== undefined) { w.ascii(key${i}); ${value(i, 'v')}; }`);
  const read = members.map(({ name }, i) => `const v${i} = o[${JSON.stringify(name)}];`);
  const bits = members.map((_, i) => `(v${i} !== undefined ? ${2 ** i} : 0)`);
  const isString = (i: number): boolean => kindOf(members[i]!.schema) === 'string';
  const again = (i: number): string => isString(i)
    ? `if (v${i} === last${i}) w.repeat(from${i}, to${i}); else { from${i} = w.length; w.string(v${i}); to${i} = w.length; last${i} = v${i}; }`
    : value(i, `v${i}`);
  const bare = members.map((_, i) => `if (v${i} !== undefined) { ${again(i)} }`);
  const item = members.map((_, i) => `if (v${i} !== undefined) { w.ascii(key${i}); ${again(i)} }`);
  const memo = members.map((_, i) => (isString(i) ? `let last${i}, from${i} = 0, to${i} = 0;` : '')).join(' ');
  const generate = new Function('members', `
    ${members.map((_, i) => `const key${i} = members[${i}].key;`).join(' ')}
    return {
      whole: function writeStructure(w, o) { let v; w.char(0x7b); ${named.join(' ')} w.char(0x7d); },
      list: function writeStructures(w, items) {
        w.char(0x5b);
        let previous = -1;
        ${memo}
        for (let i = 0; i < items.length; i++) {
          const o = items[i];
          if (o === null || o === undefined) { w.char(0x4e); previous = -1; continue; }
          ${read.join(' ')}
          const present = ${bits.length === 0 ? '0' : bits.join(' | ')};
          if (present === previous) { w.char(0x28); ${bare.join(' ')} }
          else { w.char(0x7b); ${item.join(' ')} w.char(0x7d); }
          previous = present;
        }
        w.char(0x5d);
      },
    };`) as (members: readonly { key: AsciiText; writer: Lazy<ValueWriter> }[]) => StructureWriter;
  return generate(members);
}

/**
 * A list's writer: `[`, each item, `]`. A list of structures is its items' own (see {@link StructureWriter}); a null
 * item (of a sparse list) is `N`, and breaks a chain of structures written alike.
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
  let structures: ValueWriter | undefined;
  return (w: RecordWriter, value) => (structures ??= structure(itemSchema).list)(w, value);
}
