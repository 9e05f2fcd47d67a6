import { describe, expect, it } from 'vitest';
import { Scratch } from '../../../src/api/search/scratch.ts';

describe('Scratch: the typed arrays search builds work in (SG-3)', () => {
  it('SG-3: holds, for each name, its largest request and an eighth more at most, whatever came before; a smaller request reuses it', () => {
    const scratch = new Scratch();
    const first = scratch.float64('high', 1000);
    first[999] = 7;
    expect(scratch.retainedBytes).toBe(1000 * 8 + 1000);
    // Smaller: the same memory, holding what it last held.
    const smaller = scratch.float64('high', 10);
    expect(smaller.length).toBe(10);
    expect(smaller.buffer).toBe(first.buffer);
    expect(scratch.retainedBytes).toBe(9000);
    // Larger: one buffer in its place, not one more.
    expect(scratch.float64('high', 2000).length).toBe(2000);
    expect(scratch.retainedBytes).toBe(2000 * 8 + 2000);
    // Another name is another buffer; a view of another type shares its name's buffer.
    scratch.uint8('whole', 100);
    scratch.uint32('whole', 10);
    expect(scratch.retainedBytes).toBe(18000 + 112);
  });
});
