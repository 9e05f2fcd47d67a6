import { describe, expect, it } from 'vitest';
import { CLEARED_TIMERS_KEPT_MAX, ClientTimers, TimerHandle } from '../../src/client/timers.ts';

describe('client timers on the engine heap', () => {
  it('cleared timers do not pile up in the heap: it holds at most twice the live timers plus the slack', () => {
    const timers = new ClientTimers(() => 0);
    const kept: TimerHandle[] = [];
    for (let i = 0; i < 50_000; i++) {
      const handle = timers.schedule('timeout', () => {}, 1000 + i, []);
      if (i % 10 === 0) kept.push(handle);
      else timers.clear(i % 2 === 0 ? handle : handle.id);
      expect(timers.heapSize).toBeLessThanOrEqual(2 * timers.pending + CLEARED_TIMERS_KEPT_MAX + 1);
    }
    expect(timers.pending).toBe(5000);
    for (const handle of kept) timers.clear(handle);
    expect(timers.pending).toBe(0);
    expect(timers.heapSize).toBeLessThanOrEqual(CLEARED_TIMERS_KEPT_MAX + 1);
    expect(timers.nextDueMs()).toBeUndefined();
    expect(timers.heapSize).toBe(0);
  });

  it('a rebuild keeps the order of timers due at the same millisecond', () => {
    const timers = new ClientTimers(() => 0);
    const order: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const handle = timers.schedule('timeout', () => order.push(i), 5, []);
      if (i % 3 !== 0) timers.clear(handle);
    }
    while (timers.nextDueMs() !== undefined) timers.fireNext();
    expect(order).toEqual(Array.from({ length: 1000 }, (_, k) => 3 * k));
  });

  it('handles look like Node\'s: ref/unref/hasRef, a numeric primitive, refresh restarts the delay', () => {
    let nowMs = 0;
    const timers = new ClientTimers(() => nowMs);
    const handle = timers.schedule('timeout', () => {}, 100, []);
    expect(handle.unref().hasRef()).toBe(false);
    expect(handle.ref().hasRef()).toBe(true);
    expect(+handle).toBe(handle.id);
    nowMs = 50;
    handle.refresh();
    expect(timers.nextDueMs()).toBe(150);
    expect(timers.pending).toBe(1);
    expect(() => timers.schedule('timeout', 'not a function', 1, [])).toThrow(TypeError);
  });
});
