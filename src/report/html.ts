import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { DEFAULT_RETENTION } from '../model/config.ts';
import { failuresOf } from '../runner/expectations.ts';
import { formatDuration } from '../runner/report.ts';
import type { RunResult } from '../runner/run.ts';
import { TERMINAL_STATUSES, type Timeline } from '../runner/timeline.ts';
import { chartsOf } from './charts.ts';

/** What a report shows: a run's result, its timeline, and the command that replays it. */
export interface ReportInput {
  readonly result: RunResult;
  /** The timeline the run was sampled with (`runScenario(scenario, seed, { timeline })`). */
  readonly timeline: Timeline;
  /** The command line that replays the run, as the CLI prints it. */
  readonly replay: string;
}

/**
 * The points of the charts of rates: one every two minutes for a two-hour run. Finer points would be mostly noise
 * (a placement or none each); the gauges (queue depth, sessions, utilization) keep every point of the timeline.
 */
const RATE_POINTS_MAX = 60;
/** The points of the time-to-placement chart: fewer, so that each holds enough placements for a p95 to mean much. */
const PERCENTILE_POINTS_MAX = 40;

/**
 * A run as one self-contained HTML page: the summary (placements by status, time to placement, rule checks), the
 * replay line, and charts over virtual time drawn by uPlot, which is inlined with its stylesheet so that the file
 * opens with no network access. Every string that comes from the scenario is escaped for where it lands (HTML text,
 * or JSON inside a script element), so a name like `</script>` shows as itself. A function of (result, timeline,
 * replay): the same run gives the same bytes.
 */
export function renderReport(input: ReportInput): string {
  const { result, timeline, replay } = input;
  const charts = chartsOf({
    gauges: timeline.series(),
    rates: timeline.series({ pointsMax: RATE_POINTS_MAX }),
    percentiles: timeline.series({ pointsMax: PERCENTILE_POINTS_MAX }),
  });
  const title = `gamelift-sim report: ${result.scenario}, seed ${result.seed}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${asset('uplot/dist/uPlot.min.css')}</style>
<style>${ownAsset('page.css')}</style>
</head>
<body>
<header>
<h1>${escapeHtml(result.scenario)} <span class="seed">seed ${escapeHtml(result.seed)}</span></h1>
<p class="replay"><span>replay</span> <code>${escapeHtml(replay)}</code></p>
${retentionHtml(result)}</header>
<main>
${summaryHtml(result)}
<section class="charts" aria-label="charts over virtual time">
${charts.map((c) => `<figure class="chart" id="${c.id}"><figcaption>${escapeHtml(c.title)}<small>${escapeHtml(c.note)}</small></figcaption></figure>`).join('\n')}
</section>
</main>
<footer>trace sha256 <code>${escapeHtml(result.traceHash)}</code> · x axes: virtual time since the load started (h:mm)</footer>
<script id="report-data" type="application/json">${scriptJson(charts)}</script>
<script>${asset('uplot/dist/uPlot.iife.min.js')}</script>
<script>${ownAsset('page.js')}</script>
</body>
</html>
`;
}

/** Writes {@link renderReport}'s page to `file`. */
export async function writeReport(file: string, input: ReportInput): Promise<void> {
  await writeFile(file, renderReport(input));
}

function summaryHtml(result: RunResult): string {
  const n = result.placementCount;
  const pct = (k: number): string => (n === 0 ? '–' : `${((100 * k) / n).toFixed(1)}%`);
  const f = result.fulfilSeconds;
  const statusRows = TERMINAL_STATUSES.map((s) => `<tr class="status-${s}"><th>${s}</th><td>${result.placements[s]}</td><td>${pct(result.placements[s])}</td></tr>`);
  // Crossed thresholds fail a run too (exit 99): failuresOf lists them with rule violations and unmet expectations.
  const failures = failuresOf(result);
  const crossed = result.thresholds.filter((t) => !t.held).length;
  const verdict = failures.length === 0
    ? `<p class="verdict ok">All ${result.checks} rule checks held${result.unmet.length === 0 ? ', every expectation met' : ''}.</p>`
    : `<p class="verdict failed">${result.violations.length} of ${result.checks} rule checks failed; ${result.unmet.length} expectations not met${crossed > 0 ? `; ${crossed} thresholds crossed` : ''}.</p>` +
      `<ul class="failures">${failures.slice(0, FAILURES_SHOWN_MAX).map((v) => `<li>${escapeHtml(v)}</li>`).join('')}` +
      (failures.length > FAILURES_SHOWN_MAX ? `<li>… and ${failures.length - FAILURES_SHOWN_MAX} more</li>` : '') + '</ul>';
  return `<section class="summary" aria-label="summary">
<div class="card"><h2>Placements</h2><table>
<tr><th>started</th><td>${n}</td><td></td></tr>
${statusRows.join('\n')}
</table></div>
<div class="card"><h2>Time to placement</h2><table>
<tr><th>p50</th><td>${seconds(f.p50)}</td></tr>
<tr><th>p95</th><td>${seconds(f.p95)}</td></tr>
<tr><th>p99</th><td>${seconds(f.p99)}</td></tr>
<tr><th>max</th><td>${seconds(f.max)}</td></tr>
</table><p class="note">FULFILLED placements, StartTime to EndTime</p></div>
<div class="card"><h2>Run</h2><table>
<tr><th>virtual time</th><td>${formatDuration(result.virtualMs)}</td></tr>
<tr><th>events</th><td>${result.eventsRun.toLocaleString('en-US')}</td></tr>
<tr><th>game sessions</th><td>${result.gameSessionsCreated}</td></tr>
<tr><th>peak ACTIVE</th><td>${result.peakActiveGameSessions}</td></tr>
<tr><th>stops accepted</th><td>${result.stopsAccepted}</td></tr>
<tr><th>stops refused</th><td>${result.stopsRefused}</td></tr>
<tr><th>faults</th><td>${result.faultsInjected}</td></tr>
</table></div>
<div class="card checks"><h2>Rule checks</h2>${verdict}</div>
</section>`;
}

/** The most failures a report lists: a run that breaks a rule often breaks it thousands of times. */
const FAILURES_SHOWN_MAX = 50;

function seconds(s: number): string {
  return `${s.toFixed(1)} s`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON to sit inside a `<script>` element: `<` is written `\u003c` so that no `</script>` or `<!--` in a string can
 * end or change the element, and the line separators JavaScript once refused in strings are escaped too.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const require = createRequire(import.meta.url);

/** A file of an installed package, read at render time so the report inlines it (nothing is copied into the repo). */
function asset(specifier: string): string {
  return inlineable(readFileSync(require.resolve(specifier), 'utf8'), specifier);
}

/** One of this folder's own page assets. */
function ownAsset(name: string): string {
  return inlineable(readFileSync(new URL(name, import.meta.url), 'utf8'), name);
}

/** Text inlined into a `<script>` or `<style>` element must not close it early. */
function inlineable(text: string, name: string): string {
  if (/<\/(script|style)/i.test(text)) throw new Error(`${name} contains a closing tag and cannot be inlined`);
  return text;
}

/** A retention shorter than GameLift's changes what Describe shows late in a run, so the header says so. */
function retentionHtml({ retention }: RunResult): string {
  if (retention.gameSessionsDays === DEFAULT_RETENTION.gameSessionsDays && retention.placementsHours === DEFAULT_RETENTION.placementsHours) return '';
  const hours = +(retention.gameSessionsDays * 24).toFixed(2);
  return `<p class="retention">retention shortened for this load test: ended game sessions ${hours} h, settled placements ${retention.placementsHours} h</p>\n`;
}
