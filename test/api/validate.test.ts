import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkedItem, memberOf, optionalItems, optionalList, requiredItems, requiredList, requiredObject, requiredString, show, type ItemCheck } from '../../src/api/validate.ts';

/** A list item with a name and a list of tags, each checked under its own path. */
const tagged: ItemCheck<{ name: string; tags: string[] }> = (item, path) => {
  const o = requiredObject(item, path);
  return {
    name: requiredString(o.Name, memberOf(path, 'Name'), { min: 1, max: 8 }),
    tags: requiredList(o.Tags, memberOf(path, 'Tags'), { max: 3 }, (tag, tagPath) => requiredString(tag, tagPath, { min: 1 })),
  };
};

const goodItemArb = fc.record({ Name: fc.string({ minLength: 1, maxLength: 8 }), Tags: fc.array(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 3 }) });

/** Ways to spoil a good item, at every depth: the item itself, a member, the inner list, an inner item. */
const spoilArb = fc.constantFrom(
  (): unknown => 'not a structure',
  (item: { Name: string; Tags: string[] }): unknown => ({ ...item, Name: '' }),
  (item: { Name: string; Tags: string[] }): unknown => ({ ...item, Name: 'much too long' }),
  (item: { Name: string; Tags: string[] }): unknown => ({ Tags: item.Tags }),
  (item: { Name: string; Tags: string[] }): unknown => ({ ...item, Tags: ['a', 'b', 'c', 'd'] }),
  (item: { Name: string; Tags: string[] }): unknown => ({ ...item, Tags: [...item.Tags, ''] }),
  (item: { Name: string; Tags: string[] }): unknown => ({ ...item, Tags: [7] }),
);

/** The message of the exception `run` throws. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as Error).name).toBe('InvalidRequestException');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('list checks', () => {
  it('input constraints: a refused item is named by its path, with the very message its check gives under that path, at any depth', () => {
    fc.assert(
      fc.property(fc.array(goodItemArb, { minLength: 1, maxLength: 6 }), fc.nat(), spoilArb, (items, at, spoil) => {
        const index = at % items.length;
        const bad = spoil(items[index]!);
        const list = items.map((item, i) => (i === index ? bad : item));
        const message = refusal(() => requiredList(list, 'Items', {}, tagged));
        expect(message).toBe(refusal(() => tagged(bad, `Items[${index}]`)));
        expect(message.startsWith(`Items[${index}]`)).toBe(true);
      }),
    );
  });

  it('input constraints: good items are checked once each, under the path "" (no path is built), and come back in order', () => {
    fc.assert(
      fc.property(fc.array(goodItemArb, { maxLength: 6 }), (items) => {
        const paths: string[] = [];
        const checked = optionalList(items, 'Items', {}, (item, path) => {
          paths.push(path);
          return tagged(item, path);
        });
        expect(paths).toEqual(items.map(() => ''));
        expect(checked).toEqual(items.map((item) => ({ name: item.Name, tags: item.Tags })));
      }),
    );
  });

  it('input constraints: memberOf names a member under its item\'s path, and nothing under the path ""', () => {
    expect(memberOf('PlayerLatencies[3]', 'PlayerId')).toBe('PlayerLatencies[3].PlayerId');
    expect(memberOf('A[0].B[1]', 'C')).toBe('A[0].B[1].C');
    expect(memberOf('', 'PlayerId')).toBe('');
  });

  it('input constraints: with unique, the first repeat is refused at its own index; the list\'s own bounds are named by its field', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.nat(), fc.nat(), (names, from, to) => {
        const repeated = names[from % names.length]!;
        const at = (to % names.length) + 1;
        const list = [...names.slice(0, at), repeated, ...names.slice(at)];
        const check = (v: unknown, path: string): string => requiredString(v, path);
        expect(refusal(() => requiredList(list, 'Names', { unique: true }, check)))
          .toBe(`Names[${list.indexOf(repeated, list.indexOf(repeated) + 1)}] must not repeat an earlier item, got ${show(repeated)}`);
      }),
    );
    expect(refusal(() => requiredList([], 'Names', { min: 1, max: 2 }, requiredString))).toBe('Names must have 1–2 items, got []');
    expect(refusal(() => requiredList('a', 'Names', {}, requiredString))).toBe('Names must be a list, got "a"');
    expect(optionalList(null, 'Names', {}, requiredString)).toBeUndefined();
  });

  it('input constraints: a list read item by item is refused as requiredList refuses it, and each item named by its own path', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.integer()), { maxLength: 6 }), (items) => {
        const list = requiredItems(items, 'Names', { max: 6 });
        expect(list).toBe(items);
        const bad = items.findIndex((v) => typeof v !== 'string');
        const readAll = (): string[] => list.map((_, i) => checkedItem(list, i, 'Names', requiredString));
        if (bad < 0) expect(readAll()).toEqual(items);
        else expect(refusal(readAll)).toBe(`Names[${bad}] must be a string, got ${show(items[bad])}`);
      }),
    );
    expect(refusal(() => requiredItems([1, 2, 3], 'Names', { min: 1, max: 2 }))).toBe('Names must have 1–2 items, got [1,2,3]');
    expect(refusal(() => requiredItems({}, 'Names', {}))).toBe('Names must be a list, got {}');
    expect(refusal(() => requiredItems(undefined, 'Names', {}))).toBe('Names is required, got nothing');
    expect(optionalItems(null, 'Names', {})).toBeUndefined();
    expect(optionalItems(undefined, 'Names', {})).toBeUndefined();
  });
});
