import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/api/simulation.ts';
import { runClient } from '../../src/client/run-client.ts';
import { Agenda } from '../../src/runner/agenda.ts';

describe('Agenda', () => {
  it('DT-3: fires items by due time, then in the order planned; what is still planned, planned again on a fresh agenda, fires in the same order', async () => {
    const sim = new Simulation({ seed: 1 });
    const fired: string[] = [];
    const refired: string[] = [];
    await runClient(sim, async () => {
      const t0 = Date.now();
      let rest: { dueMs: number; item: string }[] = [];
      const agenda = new Agenda<string>((item) => {
        fired.push(item);
        if (item === 'cut') rest = agenda.planned();
      });
      agenda.at(t0 + 30, 'c30');
      agenda.after(9.2, 'b10');
      agenda.at(t0 + 10, 'a10');
      agenda.at(t0, 'now');
      agenda.at(t0 + 10, 'cut');
      agenda.at(t0 + 10, 'd10');
      agenda.after(0.3, 'e1');
      const dropped = agenda.at(t0 + 20, 'dropped');
      agenda.cancel(dropped);
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(rest.map((p) => [p.dueMs - t0, p.item])).toEqual([[10, 'd10'], [30, 'c30']]);
      // A fresh agenda at the cut, as a restored run has: the rest fires in the same order.
      const again = new Agenda<string>((item) => refired.push(item));
      for (const { dueMs, item } of rest) again.at(dueMs, item);
      await new Promise((resolve) => setTimeout(resolve, 40));
    });
    expect(fired).toEqual(['now', 'e1', 'b10', 'a10', 'cut', 'd10', 'c30']);
    expect(refired).toEqual(['d10', 'c30']);
  });
});
