import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/engine/ring-buffer.ts';
import { HASH_BATCH_CHARS, Trace } from '../../src/engine/trace.ts';

/**
 * The trace hash written out from its definition, as a reference: lines gathered into batches, each closed by the
 * first line that brings it to HASH_BATCH_CHARS; each batch chained as SHA-256(link ‖ batch) from 32 zero bytes; the
 * digest SHA-256(link ‖ open batch).
 */
function chainDigest(text: string): string {
  const sha = (link: Buffer, batch: string): Buffer => createHash('sha256').update(link).update(batch).digest();
  let link: Buffer = Buffer.alloc(32);
  let batch = '';
  for (const line of text.split(/(?<=\n)/).filter((l) => l !== '')) {
    batch += line;
    if (batch.length >= HASH_BATCH_CHARS) {
      link = sha(link, batch);
      batch = '';
    }
  }
  return sha(link, batch).toString('hex');
}

describe('Trace', () => {
  it('DT-1: the kept lines are exactly the text the hash covers, even if a recorded object changes afterwards', () => {
    const trace = new Trace();
    const input: Record<string, unknown> = { b: 1, a: new Date(Date.UTC(2026, 0, 1)) };
    trace.record(5, 'call', { input });
    trace.record(7, 'change', { what: 'x' });
    input.b = 2;
    const lines = trace.toJsonLines();
    expect(chainDigest(lines)).toBe(trace.digest());
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

  it('DT-1: a sink receives every line as it is recorded, kept or not, and the hash is the chain over what it received', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ t: fc.nat(), what: fc.string(), v: fc.oneof(fc.integer(), fc.string(), fc.boolean()) }), { maxLength: 300 }), (records) => {
        const trace = new Trace(0);
        let received = '';
        trace.streamTo((line) => { received += line; });
        for (const { t, what, v } of records) trace.record(t, 'change', { what, v });
        expect(received.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { data: unknown }).data)).toEqual(records.map(({ what, v }) => ({ what, v })));
        expect(trace.digest()).toBe(chainDigest(received));
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
      if (i % 777 === 0) expect(trace.digest()).toBe(chainDigest(received));
    }
    expect(received.length).toBeGreaterThan(4 * HASH_BATCH_CHARS);
    expect(trace.digest()).toBe(chainDigest(received));
  });

  it('DT-3: a trace that goes on from its saved state numbers and hashes its lines as if it had never stopped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (cut, total) => {
        const straight = new Trace(0);
        const before = new Trace(0);
        const record = (trace: Trace, i: number): void => trace.record(i, 'change', { i, text: 'y'.repeat(i % 131) });
        for (let i = 0; i < total; i++) record(straight, i);
        for (let i = 0; i < Math.min(cut, total); i++) record(before, i);
        const resumed = new Trace(2, JSON.parse(JSON.stringify(before.state())));
        for (let i = Math.min(cut, total); i < total; i++) record(resumed, i);
        expect(resumed.digest()).toBe(straight.digest());
        expect(resumed.state()).toEqual(straight.state());
        if (total > cut) expect(resumed.entries().at(-1)!.n).toBe(total - 1);
      }),
      { numRuns: 40 },
    );
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

  it('DT-3: a buffer resumed from its kept items and count goes on as the original', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.array(fc.integer(), { maxLength: 40 }), fc.array(fc.integer(), { maxLength: 40 }), (capacity, first, then) => {
        const ring = new RingBuffer<number>(capacity);
        for (const item of first) ring.push(item);
        const resumed = RingBuffer.resume(capacity, ring.toArray(), ring.pushed);
        for (const item of then) {
          ring.push(item);
          resumed.push(item);
        }
        expect(resumed.toArray()).toEqual(ring.toArray());
        expect(resumed.pushed).toBe(ring.pushed);
      }),
    );
  });
});
