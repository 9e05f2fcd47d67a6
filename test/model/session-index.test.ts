import { describe, expect, it } from 'vitest';
import { indexKey } from '../../src/model/session-index.ts';

describe('indexKey', () => {
  it('is the same string for the same parts, before and past the 65,536 keys it remembers', () => {
    const first = indexKey('fleet-a', 'us-west-2', 'ACTIVE');
    expect(first).toBe('fleet-a|us-west-2|ACTIVE');
    for (let i = 0; i < 70_000; i++) expect(indexKey(`fleet-${i}`, undefined, 'TERMINATED')).toBe(`fleet-${i}|*|TERMINATED`);
    // Remembered before the limit: the very string made the first time. Past it: made afresh, equal all the same.
    expect(indexKey('fleet-a', 'us-west-2', 'ACTIVE')).toBe(first);
    expect(indexKey('fleet-late', undefined, undefined)).toBe('fleet-late|*|*');
  });
});
