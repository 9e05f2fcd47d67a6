import { formatAgainst } from './precision.ts';
import type { RunResult } from './run.ts';

/** The widest a summary's label column gets, in characters; longer labels push their value right. */
const LABEL_WIDTH = 34;
/** The most failures a summary lists; a run that breaks a rule often breaks it many times. */
const FAILURES_LISTED_MAX = 20;

/**
 * A run's result as the summary the CLI prints, in the manner of k6: one metric a line, dotted to its value, checks
 * by rule ID and thresholds marked ✓ or ✗. Everything but the wall-clock line is a function of (scenario, seed).
 * It reads only the result object, so it summarizes any run that produces one.
 */
export function formatRun(result: RunResult, wallMs: number, replay: string): string {
  const n = result.placementCount;
  const pct = (k: number, of: number): string => `${of === 0 ? '0.0' : ((100 * k) / of).toFixed(1)}%`;
  const f = result.fulfilSeconds;
  const s = (x: number): string => `${x.toFixed(2)}s`;
  const lines: string[] = [];
  const row = (label: string, value: string, indent = 2): void => {
    lines.push(`${' '.repeat(indent)}${label}${'.'.repeat(Math.max(2, LABEL_WIDTH - indent - label.length))}: ${value}`);
  };

  lines.push('  PLACEMENTS');
  row('placements', String(n));
  for (const status of ['FULFILLED', 'TIMED_OUT', 'CANCELLED', 'FAILED', 'PENDING'] as const) {
    const count = result.placements[status];
    if (status !== 'PENDING' || count > 0) row(status, `${String(count).padEnd(8)}${pct(count, n)}`, 4);
  }
  row('time_to_placement', `p(50)=${s(f.p50)} p(90)=${s(f.p90)} p(95)=${s(f.p95)} p(99)=${s(f.p99)} max=${s(f.max)} avg=${s(f.mean)}`);
  row('stops', `accepted ${result.stopsAccepted}, refused ${result.stopsRefused}`);

  lines.push('', '  LOBBIES (as the client reported them)');
  const o = result.lobbyOutcomes;
  const lobbies = result.lobbyCount;
  row('lobbies', `${lobbies}: placed ${o.placed} (${pct(o.placed, lobbies)}), gave up ${o.gaveUp}, error ${o.error}, unresolved ${o.unresolved}`);
  const w = result.lobbySecondsToPlacement;
  row('arrival_to_placed', `p(50)=${s(w.p50)} p(90)=${s(w.p90)} p(95)=${s(w.p95)} p(99)=${s(w.p99)} max=${s(w.max)} avg=${s(w.mean)}`);

  lines.push('', '  GAME SESSIONS');
  row('game_sessions', `created ${result.gameSessionsCreated}, peak ACTIVE ${result.peakActiveGameSessions}`);
  const byStatus = Object.entries(result.gameSessions).filter(([, k]) => k > 0).map(([status, k]) => `${status} ${k}`);
  row('at the end', byStatus.length === 0 ? 'none' : byStatus.join(', '), 4);
  for (const [location, u] of Object.entries(result.utilization)) {
    row(`utilization ${location}`, `peak ${pct(u.peak, 1)}, mean ${pct(u.mean, 1)}`);
  }

  lines.push('', '  API CALLS');
  for (const [operation, c] of Object.entries(result.apiCalls)) {
    row(operation, `${String(c.calls).padEnd(8)}errors ${c.errors}, throttles ${c.throttles}`);
  }

  const failedChecks = result.violations.length;
  lines.push('', '  CHECKS');
  row('checks', `${pct(result.checks - failedChecks, result.checks)}  ✓ ${result.checks - failedChecks}  ✗ ${failedChecks}`);
  for (const [rule, c] of Object.entries(result.checksByRule)) {
    lines.push(`    ${c.failed === 0 ? '✓' : '✗'} ${rule.padEnd(12)} held ${c.held}${c.failed === 0 ? '' : `, FAILED ${c.failed}`}`);
  }
  lines.push(...list(result.violations));
  if (result.unmet.length > 0) lines.push('  ✗ expectations not met:', ...list(result.unmet));

  if (result.thresholds.length > 0) {
    lines.push('', '  THRESHOLDS');
    let metric = '';
    for (const t of result.thresholds) {
      if (t.metric !== metric) lines.push(`    ${(metric = t.metric)}`);
      lines.push(`    ${t.held ? '✓' : '✗'} '${t.expression}' ${t.aggregation}=${formatAgainst(t.measured, t.bound)}`);
    }
  }

  lines.push('', '  RUN');
  row('virtual time', `${formatDuration(result.virtualMs)}, ${result.eventsRun.toLocaleString('en-US')} events, faults ${result.faultsInjected}`);
  row('trace sha256', result.traceHash);
  row('wall time', `${(wallMs / 1000).toFixed(2)} s (${Math.round(result.virtualMs / Math.max(wallMs, 1)).toLocaleString('en-US')}× real time)`);
  lines.push('', `  ${verdict(result)}`, `  replay: ${replay}`);
  return lines.join('\n');
}

/** One line saying whether the run held, and if not, what failed. */
export function verdict(result: RunResult): string {
  const crossed = result.thresholds.filter((t) => !t.held).length;
  const parts = [
    result.violations.length > 0 ? `${result.violations.length} checks failed` : '',
    result.unmet.length > 0 ? `${result.unmet.length} expectations not met` : '',
    crossed > 0 ? `${crossed} thresholds crossed` : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? '✓ all checks, expectations and thresholds held' : `✗ FAILED: ${parts.join(', ')}`;
}

function list(failures: readonly string[]): string[] {
  const shown = failures.slice(0, FAILURES_LISTED_MAX).map((f) => `      - ${f}`);
  if (failures.length > shown.length) shown.push(`      … and ${failures.length - shown.length} more`);
  return shown;
}

/** A span of time as `0h04m12s`, rounded to the second: virtual time in reports, wall time left on a progress bar. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}h${String(m).padStart(2, '0')}m${String(s % 60).padStart(2, '0')}s`;
}

/** What `run --json` prints and `sweep --json` prints once per seed: the result as one plain JSON object. */
export interface RunSummaryJson {
  readonly version: string;
  readonly scenario: string;
  readonly seed: number | string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly traceHash: string;
  readonly ok: boolean;
  readonly [key: string]: unknown;
}

/** The result as {@link RunSummaryJson}; `seed` as given on the command line, so that it can be passed back. */
export function summaryJson(result: RunResult, meta: { version: string; seed: number | string; options: Record<string, unknown> }): RunSummaryJson {
  return {
    version: meta.version,
    scenario: result.scenario,
    seed: meta.seed,
    options: meta.options,
    traceHash: result.traceHash,
    ok: result.violations.length === 0 && result.unmet.length === 0 && result.thresholds.every((t) => t.held),
    virtualMs: result.virtualMs,
    eventsRun: result.eventsRun,
    placements: { total: result.placementCount, ...result.placements },
    timeToPlacementSeconds: result.fulfilSeconds,
    lobbies: { total: result.lobbyCount, ...result.lobbyOutcomes, arrivalToPlacedSeconds: result.lobbySecondsToPlacement },
    stops: { accepted: result.stopsAccepted, refused: result.stopsRefused },
    gameSessions: { created: result.gameSessionsCreated, peakActive: result.peakActiveGameSessions, ...result.gameSessions },
    utilization: result.utilization,
    apiCalls: result.apiCalls,
    checks: { total: result.checks, failed: result.violations.length, byRule: result.checksByRule, violations: result.violations },
    expectationsUnmet: result.unmet,
    thresholds: result.thresholds.map((t) => ({ metric: t.metric, expression: t.expression, measured: t.measured, held: t.held })),
    faultsInjected: result.faultsInjected,
  };
}
