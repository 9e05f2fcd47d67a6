import timersPromises, { scheduler, setInterval as every, setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runClient } from '../../src/client/run-client.ts';
import { quickSimulation } from '../support/fixtures.ts';

/** Runs `fn` in virtual time from a fresh simulation; the instants it logs are ms since the run began. */
async function inVirtualTime<T>(fn: (elapsedMs: () => number) => Promise<T>): Promise<{ value: T; timersPending: number }> {
  const sim = quickSimulation(1);
  const startMs = sim.nowMs;
  const run = await runClient(sim, () => fn(() => sim.nowMs - startMs));
  if (!run.settled) throw new Error('the run did not settle');
  return { value: run.value, timersPending: run.timersPending };
}

describe('node:timers/promises in virtual time', () => {
  it('DT-2: setTimeout, setImmediate and scheduler.wait/yield resolve with their value at their virtual instant', async () => {
    const { value } = await inVirtualTime(async (elapsed) => {
      const log: string[] = [];
      log.push(`${await nextTurn('turn')} ${elapsed()}`);
      log.push(`${await sleep(90_000, 'slept')} ${elapsed()}`);
      await scheduler.wait(500);
      log.push(`waited ${elapsed()}`);
      await scheduler.yield();
      log.push(`yielded ${elapsed()}`);
      return log;
    });
    expect(value).toEqual(['turn 0', 'slept 90000', 'waited 90500', 'yielded 90500']);
  });

  it('DT-2: an AbortSignal cancels a wait with Node\'s AbortError and clears its timer', async () => {
    const { value, timersPending } = await inVirtualTime(async (elapsed) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort('lobby disbanded'), 2_000);
      const aborted = await sleep(60_000, 'never', { signal: controller.signal }).catch((error: unknown) => error);
      const already = await sleep(10, 'never', { signal: controller.signal }).catch((error: unknown) => error);
      const waited = await scheduler.wait(10, { signal: controller.signal }).catch((error: unknown) => error);
      return { aborted, already, waited, at: elapsed() };
    });
    for (const error of [value.aborted, value.already, value.waited]) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR', cause: 'lobby disbanded' });
    }
    expect(value.at).toBe(2_000);
    expect(timersPending).toBe(0);
  });

  it('DT-1: AbortSignal.timeout aborts at its virtual instant, with a TimeoutError, however fast the run goes', async () => {
    const { value } = await inVirtualTime(async (elapsed) => {
      const error = await sleep(10_000, 'never', { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
      return { error, at: elapsed() };
    });
    expect(value.at).toBe(50);
    expect(value.error).toMatchObject({ name: 'AbortError', cause: { name: 'TimeoutError' } });
  });

  it('takes a signal of any AbortController, as Node asks only for `aborted`; scheduler.wait checks its options', async () => {
    const { value } = await inVirtualTime(async () => {
      const target = new EventTarget();
      const polyfilled = Object.assign(target, { aborted: false, reason: undefined });
      const slept = await sleep(5, 'slept', { signal: polyfilled as unknown as AbortSignal });
      const refused = await scheduler.wait(1, { ref: 'yes' } as never).catch((e: unknown) => (e as { code?: string }).code);
      return { slept, refused };
    });
    expect(value).toEqual({ slept: 'slept', refused: 'ERR_INVALID_ARG_TYPE' });
  });

  it('refuses options Node refuses, with its error code', async () => {
    const { value } = await inVirtualTime(async () => Promise.all([
      sleep(10, 'x', null as never).catch((error: unknown) => error),
      sleep(10, 'x', { signal: 'stop' } as never).catch((error: unknown) => error),
      nextTurn('x', { ref: 'yes' } as never).catch((error: unknown) => error),
    ]));
    expect(value.map((error) => (error as { code?: string }).code)).toEqual(['ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_TYPE']);
    expect(String(value[1])).toMatch(/options\.signal/);
  });

  it('DT-2: setInterval yields once per virtual tick, counts the ticks a slow consumer missed, and clears on break', async () => {
    const { value, timersPending } = await inVirtualTime(async (elapsed) => {
      const seen: string[] = [];
      for await (const tick of every(1_000, 'tick')) {
        seen.push(`${tick} ${elapsed()}`);
        if (seen.length === 2) await sleep(2_500); // misses the ticks at 3,000 and 4,000, yielded at once after
        if (seen.length === 5) break;
      }
      return seen;
    });
    expect(value).toEqual(['tick 1000', 'tick 2000', 'tick 4500', 'tick 4500', 'tick 5000']);
    expect(timersPending).toBe(0);
  });

  it('DT-2: setInterval ends with an AbortError when its signal aborts', async () => {
    const { value, timersPending } = await inVirtualTime(async (elapsed) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 2_500);
      let ticks = 0;
      try {
        for await (const _ of every(1_000, undefined, { signal: controller.signal })) ticks++;
      } catch (error) {
        return { ticks, error, at: elapsed() };
      }
      return { ticks, error: undefined, at: elapsed() };
    });
    expect(value).toMatchObject({ ticks: 2, at: 2_500, error: { name: 'AbortError' } });
    expect(timersPending).toBe(0);
  });

  it('DT-2: the module\'s functions are the real ones again after the run', async () => {
    const before = [timersPromises.setTimeout, timersPromises.setImmediate, timersPromises.setInterval, scheduler.wait, scheduler.yield];
    await inVirtualTime(async () => {
      expect(timersPromises.setTimeout).not.toBe(before[0]);
      expect(scheduler.wait).not.toBe(before[3]);
    });
    expect([timersPromises.setTimeout, timersPromises.setImmediate, timersPromises.setInterval, scheduler.wait, scheduler.yield]).toEqual(before);
    expect(Object.hasOwn(scheduler, 'wait')).toBe(false);
  });
});
