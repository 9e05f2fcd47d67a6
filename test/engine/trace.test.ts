import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallerShaped, encodeValue, PairsShape } from '../../src/engine/record-codec.ts';
import { RingBuffer } from '../../src/engine/ring-buffer.ts';
import { Trace } from '../../src/engine/trace.ts';

/** The chain the trace documents, computed the slow way: SHA-256(link ‖ batch) per batch of records, then the rest. */
function chainOf(records: readonly string[], batchBytes: number): string {
  let chain = Buffer.alloc(32);
  let batch = '';
  for (const record of records) {
    batch += record;
    if (Buffer.byteLength(batch) >= batchBytes) {
      chain = createHash('sha256').update(chain).update(batch).digest();
      batch = '';
    }
  }
  return createHash('sha256').update(chain).update(batch).digest('hex');
}

describe('Trace', () => {
  it('DT-1: the kept entries read back what was recorded, even if a recorded object changes afterwards', () => {
    const trace = new Trace();
    const input: Record<string, unknown> = { b: 1, a: new Date(Date.UTC(2026, 0, 1)) };
    trace.record(5, 'call', { input: new CallerShaped(input) });
    trace.record(7, 'change', { what: 'x', z: 1, y: 2 });
    const before = trace.digest();
    input.b = 2;
    expect(trace.digest()).toBe(before);
    const lines = trace.toJsonLines().split('\n');
    // A fixed envelope; a caller's data with sorted keys, the recording code's in the order it built it.
    expect(lines[0]).toBe('{"n":0,"t":5,"kind":"call","data":{"input":{"a":"2026-01-01T00:00:00.000Z","b":1}}}');
    expect(lines[1]).toBe('{"n":1,"t":7,"kind":"change","data":{"what":"x","z":1,"y":2}}');
    expect(trace.entries().map((e) => e.n)).toEqual([0, 1]);
  });

  it('DT-1: keeping fewer entries in memory does not change the hash', () => {
    const full = new Trace();
    const short = new Trace(2);
    for (let i = 0; i < 5; i++) for (const t of [full, short]) t.record(i, 'change', { i });
    expect(short.digest()).toBe(full.digest());
    expect(short.entries().map((e) => e.n)).toEqual([3, 4]);
    expect(short.entries()).toEqual(full.entries().slice(3));
  });

  it('DT-1: a sink receives every entry as a JSON line as it is recorded, kept or not', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ t: fc.nat(), what: fc.string(), v: fc.oneof(fc.integer(), fc.string(), fc.boolean()) }), { maxLength: 300 }), (records) => {
        const trace = new Trace(0);
        let received = '';
        trace.streamTo((line) => { received += line; });
        for (const { t, what, v } of records) trace.record(t, 'change', { what, v });
        const lines = received.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { n: number; t: number; data: unknown });
        expect(lines.map((l) => l.data)).toEqual(records.map(({ what, v }) => ({ what, v })));
        expect(lines.map((l) => [l.n, l.t])).toEqual(records.map(({ t }, n) => [n, t]));
        expect(trace.toJsonLines()).toBe('');
      }),
    );
  });

  it('DT-1: the hash is a SHA-256 chain over batches of the records, the same whenever it is read', () => {
    const trace = new Trace(0);
    const texts: string[] = [];
    for (let i = 0; i < 5000; i++) {
      // Beyond ASCII too (batches are cut by UTF-8 bytes), and one record larger than a whole batch.
      const data = { i, text: i === 2500 ? Array.from({ length: 100 }, () => 'é'.repeat(1000)) : 'xé😀'.repeat(i % 97) };
      trace.record(i, 'event', data);
      texts.push(`E${i};${encodeValue(data)}`);
      if (i % 777 === 0) expect(trace.digest()).toBe(chainOf(texts, 64 * 1024));
    }
    expect(trace.digest()).toBe(chainOf(texts, 64 * 1024));
    const unread = new Trace(0);
    for (let i = 0; i < 5000; i++) {
      unread.record(i, 'event', { i, text: i === 2500 ? Array.from({ length: 100 }, () => 'é'.repeat(1000)) : 'xé😀'.repeat(i % 97) });
    }
    expect(unread.digest()).toBe(trace.digest());
  });

  it('DT-1: records that differ in kind, time or data give different hashes', () => {
    const hashOf = (t: number, kind: 'call' | 'change' | 'event', data: object): string => {
      const trace = new Trace(0);
      trace.record(t, kind, data);
      return trace.digest();
    };
    const hashes = [
      hashOf(1, 'change', { a: 1 }), hashOf(1, 'event', { a: 1 }), hashOf(1, 'call', { a: 1 }),
      hashOf(2, 'change', { a: 1 }), hashOf(1, 'change', { a: '1' }), hashOf(1, 'change', { b: 1 }),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(hashOf(1, 'change', { a: 1, b: undefined })).toBe(hashOf(1, 'change', { a: 1 }));
  });

  it('DT-1: a change recorded with recordChange is the record of { what, ...data }', () => {
    const merged = new Trace();
    const split = new Trace();
    const data = { gameSessionId: 'arn:aws:gamelift:us-west-2::gamesession/fleet-1/x', status: 'ACTIVE', reason: undefined, n: 3 };
    merged.record(9, 'change', { what: 'gameSessionStatus', ...data });
    split.recordChange(9, 'gameSessionStatus', data);
    expect(split.digest()).toBe(merged.digest());
    expect(split.toJsonLines()).toBe(merged.toJsonLines());
  });

  it('DT-1: a record that cannot be written (an invalid Date) throws and leaves no part of it behind', () => {
    const trace = new Trace();
    trace.record(1, 'change', { what: 'a' });
    const before = trace.digest();
    expect(() => trace.record(2, 'call', { operation: 'X', input: new CallerShaped({ long: 'y'.repeat(500), at: new Date(NaN) }) })).toThrow(RangeError);
    expect(trace.digest()).toBe(before);
    expect(trace.entries()).toHaveLength(1);
    trace.record(3, 'change', { what: 'b' });
    const straight = new Trace();
    straight.record(1, 'change', { what: 'a' });
    straight.record(3, 'change', { what: 'b' });
    expect(trace.digest()).toBe(straight.digest());
  });

  it('DT-1: a record of a fixed shape that cannot be written (an item without its member) leaves no part of it behind', () => {
    const shape = new PairsShape('paired', 'id', 'pairs', 'a', 'b');
    const trace = new Trace();
    trace.recordPairs(1, shape, 'x', [{ a: 'p', b: 'q' }]);
    const before = trace.digest();
    expect(() => trace.recordPairs(2, shape, 'y'.repeat(500), [{ a: 'p', b: 'q' }, {} as { a: string; b: string }])).toThrow(TypeError);
    expect(trace.digest()).toBe(before);
    expect(trace.entries()).toHaveLength(1);
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

  it('DT-3: a trace that goes on from its saved state numbers and hashes its records as if it had never stopped', () => {
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
