import { DEFAULT_RETENTION } from '../model/config.ts';
import type { RunResult } from './run.ts';

/** A run's result as the lines the CLI prints; everything but the wall-clock line is a function of (scenario, seed). */
export function formatRun(result: RunResult, wallMs: number, replay: string): string {
  const p = result.placements;
  const n = result.placementCount;
  const pct = (k: number): string => (n === 0 ? '0.0' : ((100 * k) / n).toFixed(1));
  const f = result.fulfilSeconds;
  const lines = [
    `scenario ${result.scenario}, seed ${result.seed}${retentionNote(result)}`,
    `virtual time ${formatDuration(result.virtualMs)}, ${result.eventsRun.toLocaleString('en-US')} events`,
    `placements ${n}: FULFILLED ${p.FULFILLED} (${pct(p.FULFILLED)}%), TIMED_OUT ${p.TIMED_OUT} (${pct(p.TIMED_OUT)}%), ` +
      `CANCELLED ${p.CANCELLED} (${pct(p.CANCELLED)}%), FAILED ${p.FAILED} (${pct(p.FAILED)}%)`,
    `time to fulfil: p50 ${f.p50.toFixed(1)} s, p95 ${f.p95.toFixed(1)} s, p99 ${f.p99.toFixed(1)} s, max ${f.max.toFixed(1)} s`,
    `game sessions ${result.gameSessionsCreated}, peak ACTIVE ${result.peakActiveGameSessions}; ` +
      `stops accepted ${result.stopsAccepted}, refused ${result.stopsRefused}; faults ${result.faultsInjected}`,
    result.violations.length === 0
      ? `rules: all ${result.checks} checks held`
      : `rules: ${result.violations.length} of ${result.checks} checks FAILED:\n${list(result.violations)}`,
    ...(result.unmet.length === 0 ? [] : [`expectations NOT MET:\n${list(result.unmet)}`]),
    `trace sha256 ${result.traceHash}`,
    `wall time ${(wallMs / 1000).toFixed(2)} s (${Math.round(result.virtualMs / Math.max(wallMs, 1)).toLocaleString('en-US')}× real time)`,
    `replay: ${replay}`,
  ];
  return lines.join('\n');
}

/** A retention shorter than GameLift's changes what Describe shows late in a run: the header says so. */
function retentionNote({ retention }: RunResult): string {
  const { gameSessionsDays, placementsHours } = retention;
  if (gameSessionsDays === DEFAULT_RETENTION.gameSessionsDays && placementsHours === DEFAULT_RETENTION.placementsHours) return '';
  return `, retention shortened: ended game sessions ${+(gameSessionsDays * 24).toFixed(2)} h, settled placements ${placementsHours} h`;
}

/** The first failures, one per line; a run that breaks a rule often breaks it many times. */
function list(failures: readonly string[]): string {
  const shown = failures.slice(0, 20).map((f) => `  - ${f}`);
  if (failures.length > shown.length) shown.push(`  … and ${failures.length - shown.length} more`);
  return shown.join('\n');
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}h${String(m).padStart(2, '0')}m${String(s % 60).padStart(2, '0')}s`;
}
