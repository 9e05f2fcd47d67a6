import { describe, expect, it } from 'vitest';
import { runClient } from '../../src/client/run-client.ts';
import { dateAt } from '../../src/api/views.ts';
import { quickSimulation } from '../support/fixtures.ts';

describe('views', () => {
  it('DT-1: dateAt makes the Date the global constructor makes for the same time, also while a client run replaces Date', async () => {
    const times = [0, 1_767_225_600_123, -1, 8.64e15];
    const outside = times.map((ms) => dateAt(ms));
    const sim = quickSimulation(1);
    const run = await runClient(sim, () => {
      // Inside the run the global Date is the virtual one; for an explicit time it must agree with dateAt.
      expect(Date).not.toBe(outside[0]!.constructor);
      return times.map((ms) => [dateAt(ms), new Date(ms)] as const);
    });
    expect(run.settled).toBe(true);
    for (const [i, [made, global]] of (run.value ?? []).entries()) {
      expect(made).toBeInstanceOf(Date);
      expect(Object.getPrototypeOf(made)).toBe(Date.prototype);
      expect(made.getTime()).toBe(times[i]);
      expect(made).toEqual(global);
      expect(made).toEqual(outside[i]);
    }
    expect(run.value).toHaveLength(times.length);
  });
});
