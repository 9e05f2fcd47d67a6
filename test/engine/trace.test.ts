import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/engine/ring-buffer.ts';
import { Trace } from '../../src/engine/trace.ts';

describe('Trace', () => {
  it('DT-1: the kept lines are exactly the text the hash covers, even if a recorded object changes afterwards', () => {
    const trace = new Trace();
    const input: Record<string, unknown> = { b: 1, a: new Date(Date.UTC(2026, 0, 1)) };
    trace.record(5, 'call', { input });
    trace.record(7, 'change', { what: 'x' });
    input.b = 2;
    const lines = trace.toJsonLines();
    expect(createHash('sha256').update(lines).digest('hex')).toBe(trace.digest());
    expect(lines.split('\n')[0]).toBe('{"data":{"input":{"a":"2026-01-01T00:00:00.000Z","b":1}},"kind":"call","n":0,"t":5}');
    expect(trace.entries().map((e) => e.n)).toEqual([0, 1]);
  });

  it('DT-1: keeping fewer lines in memory does not change the hash', () => {
    const full = new Trace();
    const short = new Trace(2);
    for (let i = 0; i < 5; i++) for (const t of [full, short]) t.record(i, 'change', { i });
    expect(short.digest()).toBe(full.digest());
    expect(short.entries().map((e) => e.n)).toEqual([3, 4]);
  });
});

describe('RingBuffer', () => {
  it('keeps the last `capacity` items pushed, oldest first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.array(fc.integer(), { maxLength: 40 }), (capacity, items) => {
        const ring = new RingBuffer<number>(capacity);
        for (const item of items) ring.push(item);
        expect(ring.toArray()).toEqual(capacity === 0 ? [] : items.slice(-capacity));
        expect(ring.pushed).toBe(items.length);
      }),
    );
  });
});
