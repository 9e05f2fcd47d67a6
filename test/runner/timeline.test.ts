import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/api/simulation.ts';
import { runScenario } from '../../src/runner/run.ts';
import { readScenario } from '../../src/runner/scenario.ts';
import { TERMINAL_STATUSES, Timeline, TIMELINE_POINTS_MAX, type TimelineSeries } from '../../src/runner/timeline.ts';

const SCENARIO = join(import.meta.dirname, '..', '..', 'scenarios', 'evening-peak.json');

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Every point's interval ends one interval after the previous one, from the start of the load. */
function expectAligned(series: TimelineSeries): void {
  series.endsAtSeconds.forEach((s, i) => expect(s).toBe(((i + 1) * series.intervalMs) / 1000));
}

describe('Timeline', () => {
  it('DT-1: sampling a run changes nothing in it: the same result and trace hash as without a timeline', async () => {
    const scenario = await readScenario(SCENARIO);
    const timeline = new Timeline();
    expect(await runScenario(scenario, 1, { timeline })).toEqual(await runScenario(scenario, 1));
  });

  it("counts add up to the run's totals, gauges end where the run did, and a two-hour run stays within its points", async () => {
    const scenario = await readScenario(SCENARIO);
    const timeline = new Timeline();
    const result = await runScenario(scenario, 2, { timeline });
    const series = timeline.series();

    expect(series.endsAtSeconds.length).toBeLessThanOrEqual(TIMELINE_POINTS_MAX);
    // Two hours and a drain at 1 s would be over 7,000 points: the interval must have doubled at least twice.
    expect(series.intervalMs).toBeGreaterThanOrEqual(4_000);
    expect(series.endsAtSeconds.at(-1)! * 1000).toBeGreaterThanOrEqual(result.virtualMs);
    expectAligned(series);

    expect(sum(series.started)).toBe(result.placementCount);
    for (const status of TERMINAL_STATUSES) expect(sum(series.ended[status]), status).toBe(result.placements[status]);
    // Queue depth is what was started and has not ended, at each point; nothing is left at the end.
    let pending = 0;
    series.pending.forEach((p, i) => {
      pending += series.started[i]! - sum(TERMINAL_STATUSES.map((s) => series.ended[s][i]!));
      expect(p).toBe(pending);
    });
    expect(series.pending.at(-1)).toBe(0);

    // The slowest fulfilment of any point is the run's, exactly; no point's percentiles exceed its max.
    const maxes = series.timeToPlacementSeconds.max.filter((m) => m !== null);
    expect(Math.max(...maxes)).toBe(result.fulfilSeconds.max);
    series.timeToPlacementSeconds.p99.forEach((p99, i) => {
      const max = series.timeToPlacementSeconds.max[i]!;
      const p50 = series.timeToPlacementSeconds.p50[i]!;
      expect(p99 === null).toBe(series.ended.FULFILLED[i] === 0);
      if (p99 !== null) expect(p50 <= p99 && p99 <= max).toBe(true);
    });

    // Every call the runner made was counted: at least a Start and a Describe in the final checks per placement.
    expect(sum(series.calls)).toBeGreaterThanOrEqual(2 * result.placementCount);
    expect(sum(series.refused)).toBeGreaterThanOrEqual(result.stopsRefused);
    const scenarioLocations = new Set(scenario.fleets.flatMap((f) => Object.keys(f.locations)));
    expect(new Set(series.locations.map((l) => l.location))).toEqual(scenarioLocations);
    // Sampled at interval ends, the ACTIVE sessions never exceed the peak the runner saw, and come close to it.
    const peak = Math.max(...series.endsAtSeconds.map((_, i) => sum(series.locations.map((l) => l.active[i]!))));
    expect(peak).toBeLessThanOrEqual(result.peakActiveGameSessions);
    expect(peak).toBeGreaterThan(0.8 * result.peakActiveGameSessions);
    const utilization = series.locations.flatMap((l) => l.utilization.filter((u) => u !== null));
    expect(Math.min(...utilization)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...utilization)).toBeLessThanOrEqual(1);
    // Scarce capacity is what the scenario is about: some location fills up.
    expect(Math.max(...utilization)).toBeGreaterThan(0.9);
  });

  it("one point for the whole run reads the run's time-to-placement percentiles within 1%", async () => {
    const scenario = await readScenario(SCENARIO);
    const timeline = new Timeline({ pointsMax: 2, intervalMs: 24 * 3_600_000 });
    const result = await runScenario(scenario, 3, { timeline });
    const { p50, p95, p99, max } = timeline.series().timeToPlacementSeconds;
    expect(max).toEqual([result.fulfilSeconds.max]);
    for (const [read, exact] of [[p50[0]!, result.fulfilSeconds.p50], [p95[0]!, result.fulfilSeconds.p95], [p99[0]!, result.fulfilSeconds.p99]] as const) {
      expect(Math.abs(read - exact) / exact).toBeLessThanOrEqual(0.01);
    }
  });

  it('refuses options that would break its bound, and a second simulation', () => {
    expect(() => new Timeline({ pointsMax: 3 })).toThrow(/pointsMax must be an even integer/);
    expect(() => new Timeline({ intervalMs: 0 })).toThrow(/intervalMs must be an integer ≥ 1/);
    const timeline = new Timeline();
    expect(() => timeline.series()).toThrow(/not attached/);
    timeline.attach(new Simulation());
    expect(() => timeline.attach(new Simulation())).toThrow(/one simulation/);
  });

  it('DT-3: a timeline restored from its state, on the simulation restored at that instant, goes on to the series of the timeline straight through', () => {
    fc.assert(
      // Steps of whole quarter intervals, so that calls fall on the intervals' ends, where a point off by a millisecond shows.
      fc.property(fc.integer({ min: 1, max: 8 }).map((n) => 2 * n), fc.array(fc.integer({ min: 0, max: 36 }).map((n) => n * 125), { maxLength: 40 }), fc.nat(), (pointsMax, steps, cut) => {
        const go = (timeline: Timeline, sim: Simulation, from: number, to: number): void => {
          for (let i = from; i < to; i++) {
            timeline.advanceTo(sim.nowMs + steps[i]!);
            timeline.called('DescribeGameSessionQueues', i % 3 === 0 ? 'ThrottlingException' : undefined);
          }
        };
        const at = cut % (steps.length + 1);
        const straightSim = new Simulation({ seed: 1 });
        const straight = new Timeline({ pointsMax, intervalMs: 500 });
        straight.attach(straightSim);
        go(straight, straightSim, 0, steps.length);

        const sim = new Simulation({ seed: 1 });
        const saving = new Timeline({ pointsMax, intervalMs: 500 });
        saving.attach(sim);
        go(saving, sim, 0, at);
        const state = saving.state();
        const snapshot = sim.snapshot();
        go(saving, sim, at, steps.length); // the state is a copy: the timeline going on leaves it as it was
        const restoredSim = Simulation.restore(snapshot);
        const restored = new Timeline();
        restored.restore(state);
        restored.attach(restoredSim);
        go(restored, restoredSim, at, steps.length);
        expect(restored.series()).toEqual(straight.series());
        expect(saving.series()).toEqual(straight.series());
      }),
    );
  });

  it('is restored once, before it is attached, from a state within its bounds', () => {
    const sim = new Simulation({ seed: 1 });
    const saved = new Timeline();
    expect(() => saved.state()).toThrow(/not attached/);
    saved.attach(sim);
    const state = saved.state();
    const attached = new Timeline();
    attached.attach(new Simulation());
    expect(() => attached.restore(state)).toThrow(/restored once, before it is attached/);
    const twice = new Timeline();
    twice.restore(state);
    expect(() => twice.restore(state)).toThrow(/restored once, before it is attached/);
    // A state that breaks the bounds is refused, and leaves the timeline to restore as it was.
    const fresh = new Timeline();
    expect(() => fresh.restore({ ...state, points: [] })).toThrow(/1 to pointsMax \(2000\) points, the open one included; this state has 0/);
    expect(() => fresh.restore({ ...state, pointsMax: 2, points: [...state.points, ...state.points, ...state.points] })).toThrow(/this state has 3/);
    expect(() => fresh.restore({ ...state, pointsMax: 3 })).toThrow(/pointsMax must be an even integer/);
    expect(() => fresh.restore({ ...state, intervalMs: 0.5 })).toThrow(/intervalMs must be an integer ≥ 1/);
    fresh.restore(state);
    fresh.attach(Simulation.restore(sim.snapshot()));
    expect(fresh.series()).toEqual(saved.series());
  });

  it('coarsening keeps at most pointsMax points, aligned to the start, and keeps every count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }).map((n) => 2 * n), fc.integer({ min: 1, max: 5_000 }), fc.array(fc.integer({ min: 0, max: 90_000 }), { maxLength: 60 }), (pointsMax, intervalMs, steps) => {
        const sim = new Simulation({ seed: 1 });
        const timeline = new Timeline({ pointsMax, intervalMs });
        timeline.attach(sim);
        let calls = 0;
        for (const step of steps) {
          timeline.advanceTo(sim.nowMs + step);
          timeline.called('DescribeGameSessionQueues', step % 3 === 0 ? 'ThrottlingException' : undefined);
          calls++;
        }
        const series = timeline.series();
        expect(series.endsAtSeconds.length).toBeLessThanOrEqual(pointsMax);
        expectAligned(series);
        expect(series.endsAtSeconds.at(-1)! * 1000).toBeGreaterThanOrEqual(sim.nowMs - series.startMs);
        expect(sum(series.calls)).toBe(calls);
        expect(sum(series.throttled)).toBe(steps.filter((s) => s % 3 === 0).length);
        expect(sum(series.refused)).toBe(sum(series.throttled));
        // A coarser view keeps every count and still ends where the last point does.
        const view = timeline.series({ pointsMax: 3 });
        expect(view.endsAtSeconds.length).toBeLessThanOrEqual(3);
        expect(view.endsAtSeconds.at(-1)).toBe(series.endsAtSeconds.at(-1));
        expect(sum(view.calls)).toBe(calls);
        expect(sum(view.throttled)).toBe(sum(series.throttled));
      }),
    );
  });
});
