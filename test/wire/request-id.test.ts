import { describe, expect, it } from 'vitest';
import { CountedIds } from '../../src/wire/request-id.ts';

describe('CountedIds', () => {
  it('DT-1: the n-th id is the prefix and n in hexadecimal, padded to 12 digits, across the blocks its digits are made in', () => {
    const prefix = '01234567-89ab-cdef-0123-';
    const ids = new CountedIds(prefix);
    // Three blocks of 4,096 and a part of a fourth: each block boundary remakes the leading digits.
    for (let n = 0; n < 3 * 4096 + 5; n++) expect(ids.next()).toBe(prefix + n.toString(16).padStart(12, '0'));
  });
});
