import { formatAgainst } from './precision.ts';
import type { RunResult } from './run.ts';
import { describeCrossed } from './thresholds.ts';

/**
 * What the scenario's author expects of a run, as service levels: "with this capacity and these faults, at least 90%
 * of matches are placed, and 95% of them within a minute". A sweep finds the seeds that break them.
 */
export interface Expectations {
  readonly fulfilledPercentAtLeast?: number;
  readonly timedOutPercentAtMost?: number;
  readonly failedPercentAtMost?: number;
  readonly p95FulfilSecondsAtMost?: number;
}

/** The expectations a run did not meet, each as a sentence with the measured value; empty when all were met. */
export function unmetExpectations(result: Omit<RunResult, 'unmet' | 'thresholds'>, expect: Expectations | undefined): string[] {
  if (expect === undefined) return [];
  const percent = (count: number): number => (result.placementCount === 0 ? 0 : (100 * count) / result.placementCount);
  const unmet: string[] = [];
  const atLeast = (what: string, measured: number, bound: number | undefined): void => {
    if (bound !== undefined && measured < bound) unmet.push(`${what} ${formatAgainst(measured, bound)}, expected at least ${bound}`);
  };
  const atMost = (what: string, measured: number, bound: number | undefined): void => {
    if (bound !== undefined && measured > bound) unmet.push(`${what} ${formatAgainst(measured, bound)}, expected at most ${bound}`);
  };
  const p = result.placements;
  atLeast('FULFILLED %', percent(p.FULFILLED), expect.fulfilledPercentAtLeast);
  atMost('TIMED_OUT %', percent(p.TIMED_OUT), expect.timedOutPercentAtMost);
  atMost('FAILED %', percent(p.FAILED), expect.failedPercentAtMost);
  atMost('p95 time to fulfil (s)', result.fulfilSeconds.p95, expect.p95FulfilSecondsAtMost);
  return unmet;
}

/** Everything that makes a run fail: broken placement rules first, then unmet expectations, then crossed thresholds. */
export function failuresOf(result: RunResult): string[] {
  return [...result.violations, ...result.unmet, ...result.thresholds.filter((t) => !t.held).map(describeCrossed)];
}
