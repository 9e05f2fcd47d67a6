import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FingerprintSet } from '../../src/model/fingerprint-set.ts';

describe('FingerprintSet', () => {
  it('PL-2: holds every id added, past the growth of its table, and no other; rebuilt from its state, the same', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 48 }), { minLength: 0, maxLength: 3000 }), fc.nat(), (ids, cut) => {
      const at = ids.length === 0 ? 0 : cut % ids.length;
      const set = new FingerprintSet();
      for (const id of ids.slice(0, at)) set.add(id);
      for (const id of ids.slice(0, at)) set.add(id);
      expect(set.size).toBe(at);
      const restored = FingerprintSet.fromState(set.state());
      expect(restored.state()).toEqual(set.state());
      for (const id of ids.slice(at)) restored.add(id);
      expect(restored.size).toBe(ids.length);
      for (const id of ids) expect(restored.has(id)).toBe(true);
      expect(restored.has('\u0000not-added')).toBe(false);
      expect(set.has(ids[at] ?? '\u0000none')).toBe(false);
    }), { numRuns: 30 });
  });

  it('PL-2: of a hundred thousand placement-like ids none collides with another or with one not added', () => {
    const set = new FingerprintSet();
    for (let i = 0; i < 100_000; i++) set.add(`lobby-${i}`);
    expect(set.size).toBe(100_000);
    expect(set.has('lobby-99999') && !set.has('lobby-100000')).toBe(true);
    expect(set.state()).toHaveLength(200_000);
  });
});
