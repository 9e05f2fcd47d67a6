import { TERMINAL_STATUSES, type TerminalStatus, type TimelineSeries } from '../runner/timeline.ts';

/** One line of a chart. */
export interface ChartLine {
  readonly label: string;
  readonly color: string;
  /** One value per x; null leaves a gap (no placement fulfilled, no capacity). */
  readonly values: readonly (number | null)[];
}

/** One chart as the page draws it: plain data, written into the page as JSON. */
export interface ChartSpec {
  /** The element id of its figure; also names it in the browser test. */
  readonly id: string;
  readonly title: string;
  /** What a point is: its unit and the interval it covers. */
  readonly note: string;
  /** Seconds of virtual time since the load started, at the end of each point's interval. */
  readonly x: readonly number[];
  readonly lines: readonly ChartLine[];
  /** A fixed top of the y axis (utilization's 100%); otherwise it fits the data. */
  readonly yMax?: number;
}

const STATUS_COLORS: Record<TerminalStatus, string> = {
  FULFILLED: '#2e9d57', CANCELLED: '#8a8f98', TIMED_OUT: '#e08a1e', FAILED: '#d64545',
};
const STARTED_COLOR = '#3b6fd8';
/** Colors for locations, in the order they appeared; a ninth location reuses the first. */
const LOCATION_COLORS = ['#3b6fd8', '#e08a1e', '#2e9d57', '#9b51c9', '#d64545', '#1aa3a3', '#b8860b', '#e0529c'];

/** One run's timeline at the three resolutions its charts read. */
export interface ChartSeries {
  /** Every point the timeline kept: queue depth, sessions and utilization. */
  readonly gauges: TimelineSeries;
  /** A coarser view for rates, since a point every few seconds holds a placement or none. */
  readonly rates: TimelineSeries;
  /** A coarser one still for time to placement, so that each point's p95 rests on enough placements. */
  readonly percentiles: TimelineSeries;
}

/**
 * The report's charts: placements started and ended, time to placement, queue depth, ACTIVE game sessions and
 * utilization per location, API calls.
 */
export function chartsOf({ gauges, rates, percentiles }: ChartSeries): ChartSpec[] {
  const perMinute = perMinuteOf(rates);
  const rateNote = `per minute, each point ${span(rates.intervalMs)}`;
  const gaugeNote = `every ${span(gauges.intervalMs)}`;
  const ttp = percentiles.timeToPlacementSeconds;
  const location = (i: number): string => LOCATION_COLORS[i % LOCATION_COLORS.length]!;
  return [
    {
      id: 'chart-placements', title: 'Placements started and ended', note: rateNote, x: rates.endsAtSeconds,
      lines: [
        { label: 'started', color: STARTED_COLOR, values: perMinute(rates.started) },
        ...TERMINAL_STATUSES.map((s) => ({ label: s, color: STATUS_COLORS[s], values: perMinute(rates.ended[s]) })),
      ],
    },
    {
      // p99 is left out: with a few dozen placements a point, it is the max.
      id: 'chart-time-to-placement', title: 'Time to placement (FULFILLED), seconds', note: `each point ${span(percentiles.intervalMs)}`,
      x: percentiles.endsAtSeconds,
      lines: [
        { label: 'p50', color: '#2e9d57', values: ttp.p50 },
        { label: 'p95', color: '#e08a1e', values: ttp.p95 },
        { label: 'max', color: '#d64545', values: ttp.max },
      ],
    },
    {
      id: 'chart-queue-depth', title: 'Queue depth: PENDING placements', note: gaugeNote, x: gauges.endsAtSeconds,
      lines: [{ label: 'PENDING', color: STARTED_COLOR, values: gauges.pending }],
    },
    {
      id: 'chart-active', title: 'ACTIVE game sessions per location', note: gaugeNote, x: gauges.endsAtSeconds,
      lines: gauges.locations.map((l, i) => ({ label: l.location, color: location(i), values: l.active })),
    },
    {
      id: 'chart-utilization', title: 'Utilization per location, %', note: `(ACTIVE + ACTIVATING) / server processes, ${gaugeNote}`, x: gauges.endsAtSeconds,
      lines: gauges.locations.map((l, i) => ({ label: l.location, color: location(i), values: l.utilization.map((u) => (u === null ? null : round(100 * u))) })),
      yMax: 100,
    },
    {
      id: 'chart-api-calls', title: 'API calls', note: rateNote, x: rates.endsAtSeconds,
      lines: [
        { label: 'calls', color: STARTED_COLOR, values: perMinute(rates.calls) },
        { label: 'refused', color: '#e08a1e', values: perMinute(rates.refused) },
        { label: 'throttled', color: '#d64545', values: perMinute(rates.throttled) },
      ],
    },
  ];
}

/** Counts per point as rates per minute of virtual time, each over its own point's interval. */
function perMinuteOf(series: TimelineSeries): (counts: readonly number[]) => number[] {
  const widthsMs = series.endsAtSeconds.map((end, i) => 1000 * (end - (i === 0 ? 0 : series.endsAtSeconds[i - 1]!)));
  return (counts) => counts.map((n, i) => round((n * 60_000) / widthsMs[i]!));
}

/** Two decimals are all a chart shows; fewer digits keep the page small. */
function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function span(ms: number): string {
  const s = ms / 1000;
  return s < 60 || s % 60 !== 0 ? `${s} s` : `${s / 60} min`;
}
