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
    // A fixed envelope, and data in the order the recording code built it.
    expect(lines.split('\n')[0]).toBe('{"n":0,"t":5,"kind":"call","data":{"input":{"b":1,"a":"2026-01-01T00:00:00.000Z"}}}');
    expect(trace.entries().map((e) => e.n)).toEqual([0, 1]);
  });

  it('DT-1: keeping fewer lines in memory does not change the hash', () => {
    const full = new Trace();
    const short = new Trace(2);
    for (let i = 0; i < 5; i++) for (const t of [full, short]) t.record(i, 'change', { i });
    expect(short.digest()).toBe(full.digest());
    expect(short.entries().map((e) => e.n)).toEqual([3, 4]);
  });

  it('DT-1: a sink receives every line as it is recorded, kept or not, and the hash is the SHA-256 of what it received', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ t: fc.nat(), what: fc.string(), v: fc.oneof(fc.integer(), fc.string(), fc.boolean()) }), { maxLength: 300 }), (records) => {
        const trace = new Trace(0);
        let received = '';
        trace.streamTo((line) => { received += line; });
        for (const { t, what, v } of records) trace.record(t, 'change', { what, v });
        expect(received.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { data: unknown }).data)).toEqual(records.map(({ what, v }) => ({ what, v })));
        expect(trace.digest()).toBe(createHash('sha256').update(received).digest('hex'));
        expect(trace.toJsonLines()).toBe('');
      }),
    );
  });

  it('DT-1: the hash read between records is the hash of the lines so far, however the lines were batched', () => {
    const trace = new Trace(0);
    let received = '';
    trace.streamTo((line) => { received += line; });
    for (let i = 0; i < 5000; i++) {
      trace.record(i, 'event', { i, text: 'x'.repeat(i % 97) });
      if (i % 777 === 0) expect(trace.digest()).toBe(createHash('sha256').update(received).digest('hex'));
    }
    expect(trace.digest()).toBe(createHash('sha256').update(received).digest('hex'));
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
