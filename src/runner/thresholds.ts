import { DEFAULT_RETENTION } from '../model/config.ts';
import { formatAgainst } from './precision.ts';
import type { RunResult } from './run.ts';

/**
 * Pass/fail criteria over a run's metrics, in k6's syntax: per metric, a list of `<aggregation> <operator> <number>`
 * expressions, e.g. `{ time_to_placement: ['p(95)<30'], placements_timed_out: ['rate<0.03'] }`. A run that crosses
 * one fails (exit 99), like a run that breaks a rule.
 */
export type Thresholds = Readonly<Record<string, readonly string[]>>;

/** A run's metrics: per metric, its aggregations (`p(95)`, `rate`, `count`, …) and their values. */
export type Metrics = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** What the metrics mean, for the error that names an unknown one and for the README. */
export const METRIC_DESCRIPTIONS: Readonly<Record<string, string>> = {
  time_to_placement: 'seconds from start to end of FULFILLED placements: p(50), p(90), p(95), p(99), avg, med, max',
  placements: 'placements started: count',
  placements_fulfilled: 'share (rate, 0–1) and count of placements that ended FULFILLED',
  placements_timed_out: 'share (rate) and count of placements that ended TIMED_OUT',
  placements_cancelled: 'share (rate) and count of placements that ended CANCELLED',
  placements_failed: 'share (rate) and count of placements that ended FAILED',
  checks: 'share (rate) of rule checks that held, and count of those that failed',
  game_sessions_active: 'peak number of ACTIVE game sessions: max',
  utilization: 'share of server processes holding a game session, over all locations: max (peak), avg (mean)',
  api_errors: 'API calls refused with an exception: count, and rate (share of all calls)',
  api_throttles: 'API calls refused with ThrottlingException: count, and rate (share of all calls)',
};

/** The metrics of a run, computed from its result alone. */
export function metricsOf(result: Omit<RunResult, 'unmet' | 'thresholds'>): Metrics {
  const n = result.placementCount;
  const rate = (k: number, of: number): number => (of === 0 ? 0 : k / of);
  const placements = (k: number): Record<string, number> => ({ rate: rate(k, n), count: k });
  const f = result.fulfilSeconds;
  const calls = Object.values(result.apiCalls);
  const total = calls.reduce((a, c) => a + c.calls, 0);
  const errors = calls.reduce((a, c) => a + c.errors, 0);
  const throttles = calls.reduce((a, c) => a + c.throttles, 0);
  const failedChecks = result.violations.length;
  const utilization = Object.values(result.utilization);
  return {
    time_to_placement: { 'p(50)': f.p50, 'p(90)': f.p90, 'p(95)': f.p95, 'p(99)': f.p99, avg: f.mean, med: f.p50, max: f.max },
    placements: { count: n },
    placements_fulfilled: placements(result.placements.FULFILLED),
    placements_timed_out: placements(result.placements.TIMED_OUT),
    placements_cancelled: placements(result.placements.CANCELLED),
    placements_failed: placements(result.placements.FAILED),
    checks: { rate: rate(result.checks - failedChecks, result.checks), count: failedChecks },
    game_sessions_active: { max: result.peakActiveGameSessions },
    utilization: {
      max: Math.max(0, ...utilization.map((u) => u.peak)),
      avg: utilization.length === 0 ? 0 : utilization.reduce((a, u) => a + u.mean, 0) / utilization.length,
    },
    api_errors: { count: errors, rate: rate(errors, total) },
    api_throttles: { count: throttles, rate: rate(throttles, total) },
  };
}

/** A threshold expression, parsed. */
export interface Threshold {
  readonly metric: string;
  /** As written in the scenario, e.g. `p(95)<30`. */
  readonly expression: string;
  readonly aggregation: string;
  readonly operator: Operator;
  readonly bound: number;
}

type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** A threshold with the value the run measured and whether it held. */
export interface ThresholdOutcome extends Threshold {
  readonly measured: number;
  readonly held: boolean;
}

/** A thresholds block that does not parse; the message names the metric, the expression and what is expected. */
export class ThresholdError extends Error {
  override readonly name = 'ThresholdError';
}

const EXPRESSION = /^\s*(p\(\d+(?:\.\d+)?\)|[a-z]+)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/;
/** The most expressions a scenario may state in all, a bound on what a run evaluates and prints. */
export const THRESHOLDS_MAX = 100;

/** Parses a scenario's thresholds; throws {@link ThresholdError} naming the first that is wrong and why. */
export function parseThresholds(thresholds: unknown): Threshold[] {
  if (typeof thresholds !== 'object' || thresholds === null || Array.isArray(thresholds)) {
    throw new ThresholdError('"thresholds" must be an object of metric: ["expression", …], e.g. { "time_to_placement": ["p(95)<30"] }');
  }
  // The aggregations each metric has, read off the metrics of an empty run so that the two cannot drift apart.
  const known = metricsOf(EMPTY_RESULT);
  const parsed: Threshold[] = [];
  for (const [metric, expressions] of Object.entries(thresholds)) {
    const aggregations = known[metric];
    if (aggregations === undefined) {
      throw new ThresholdError(`thresholds: unknown metric "${metric}"; known metrics: ${Object.keys(known).join(', ')}`);
    }
    if (!Array.isArray(expressions) || expressions.some((e) => typeof e !== 'string')) {
      throw new ThresholdError(`thresholds.${metric} must be a list of strings such as "${exampleFor(aggregations)}<1"`);
    }
    for (const expression of expressions as string[]) {
      const match = EXPRESSION.exec(expression);
      if (match === null) {
        throw new ThresholdError(`thresholds.${metric}: "${expression}" must read <aggregation> <operator> <number>, e.g. "${exampleFor(aggregations)}<1"`);
      }
      const [, aggregation, operator, bound] = match as unknown as [string, string, Operator, string];
      if (!(aggregation in aggregations)) {
        throw new ThresholdError(`thresholds.${metric}: "${expression}" uses ${aggregation}; ${metric} has ${Object.keys(aggregations).join(', ')}`);
      }
      parsed.push({ metric, expression: expression.trim(), aggregation, operator, bound: Number(bound) });
    }
  }
  if (parsed.length > THRESHOLDS_MAX) throw new ThresholdError(`thresholds: ${parsed.length} expressions, at most ${THRESHOLDS_MAX}`);
  return parsed;
}

/** Evaluates parsed thresholds against a run's metrics. */
export function evaluateThresholds(thresholds: readonly Threshold[], metrics: Metrics): ThresholdOutcome[] {
  return thresholds.map((t) => {
    const measured = metrics[t.metric]![t.aggregation]!;
    return { ...t, measured, held: compare(measured, t.operator, t.bound) };
  });
}

/** A crossed threshold as a failure line, its metric first so that a shrink keeps to the same kind of failure. */
export function describeCrossed(outcome: ThresholdOutcome): string {
  return `${outcome.metric} ${outcome.expression} crossed: ${outcome.aggregation}=${formatAgainst(outcome.measured, outcome.bound)}`;
}

function compare(a: number, operator: Operator, b: number): boolean {
  switch (operator) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '==': return a === b;
    case '!=': return a !== b;
  }
}

function exampleFor(aggregations: Readonly<Record<string, number>>): string {
  return Object.keys(aggregations)[0]!;
}

const EMPTY_RESULT: Omit<RunResult, 'unmet' | 'thresholds'> = {
  scenario: '', seed: '', virtualMs: 0, eventsRun: 0,
  placements: { PENDING: 0, FULFILLED: 0, CANCELLED: 0, TIMED_OUT: 0, FAILED: 0 }, placementCount: 0,
  fulfilSeconds: { p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 },
  gameSessionsCreated: 0, gameSessions: { ACTIVATING: 0, ACTIVE: 0, TERMINATING: 0, TERMINATED: 0, ERROR: 0 },
  utilization: {}, apiCalls: {}, peakActiveGameSessions: 0, stopsAccepted: 0, stopsRefused: 0, faultsInjected: 0,
  violations: [], checks: 0, checksByRule: {}, traceHash: '', retention: DEFAULT_RETENTION,
  lobbyCount: 0, lobbies: [], lobbyOutcomes: { placed: 0, gaveUp: 0, error: 0, unresolved: 0 },
  lobbySecondsToPlacement: { p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 },
};
