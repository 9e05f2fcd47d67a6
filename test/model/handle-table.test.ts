import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HandleTable } from '../../src/model/handle-table.ts';

/** A reference multimap: the entries as "key handle" strings with their counts. */
function handlesOf(reference: Map<string, number>, key: number): number[] {
  const found: number[] = [];
  for (const [entry, count] of reference) {
    const [k, h] = entry.split(' ').map(Number);
    if (k === key) for (let i = 0; i < count; i++) found.push(h!);
  }
  return found.sort((a, b) => a - b);
}

describe('HandleTable', () => {
  it('agrees with a reference multimap under random adds and removes, through growth and shrinking, with colliding keys', () => {
    // Few distinct keys and handles, so that runs of equal and colliding keys form and removal must shift them back.
    const op = fc.oneof(
      fc.record({ add: fc.constant(true), key: fc.integer({ min: -40, max: 40 }), handle: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ add: fc.constant(false), key: fc.integer({ min: -40, max: 40 }), handle: fc.integer({ min: 0, max: 30 }) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
      const table = new HandleTable();
      const reference = new Map<string, number>();
      for (const { add, key, handle } of ops) {
        const entry = `${key} ${handle}`;
        if (add) {
          table.add(key, handle);
          reference.set(entry, (reference.get(entry) ?? 0) + 1);
        } else {
          const had = (reference.get(entry) ?? 0) > 0;
          expect(table.remove(key, handle)).toBe(had);
          if (had) reference.set(entry, reference.get(entry)! - 1);
        }
        expect([...table.handles(key)].sort((a, b) => a - b)).toEqual(handlesOf(reference, key));
      }
      expect(table.size).toBe([...reference.values()].reduce((a, b) => a + b, 0));
      for (let key = -40; key <= 40; key++) expect([...table.handles(key)].sort((a, b) => a - b)).toEqual(handlesOf(reference, key));
    }));
  });

  it('holds 100,000 entries and gives each back, then none once removed', () => {
    const table = new HandleTable();
    for (let i = 0; i < 100_000; i++) table.add(i * 7919, i);
    for (let i = 0; i < 100_000; i += 997) expect(table.handles(i * 7919)).toEqual([i]);
    for (let i = 0; i < 100_000; i++) table.remove(i * 7919, i);
    expect(table.size).toBe(0);
    expect(table.handles(7919)).toEqual([]);
  });

  it('refuses a handle that does not fit its 31 bits', () => {
    expect(() => new HandleTable().add(1, -1)).toThrow(/handle/);
    expect(() => new HandleTable().add(1, 2 ** 31)).toThrow(/handle/);
  });
});
