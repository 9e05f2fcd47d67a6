import type { Simulation } from '../api/simulation.ts';
import type { PlacementEvent } from '../model/placement/events.ts';
import { indexKey } from '../model/session-index.ts';

/** The statuses a placement ends in, in the order the report shows them. */
export const TERMINAL_STATUSES = ['FULFILLED', 'CANCELLED', 'TIMED_OUT', 'FAILED'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

/**
 * The most points a timeline holds: when a run outlasts them, neighbouring points merge in pairs and the interval
 * doubles, so memory stays flat however long the run (between half and all of this many points for a long run).
 */
export const TIMELINE_POINTS_MAX = 2_000;
/** The finest sampling interval, in virtual ms: a run shorter than `TIMELINE_POINTS_MAX` seconds keeps it. */
export const TIMELINE_INTERVAL_MS_MIN = 1_000;

/**
 * Ratio between neighbouring bins of the time-to-placement histograms: a percentile read from one is within 1% of
 * the exact value (the bin's geometric middle is reported), and a whole placement timeout (≤ 600 s) spans fewer
 * than 700 bins, so a point's histogram is bounded whatever its number of placements.
 */
const BIN_RATIO = 1.02;
const LOG_BIN_RATIO = Math.log(BIN_RATIO);

/** One location's game sessions and capacity at a point, summed over every fleet with that location. */
export interface LocationSeries {
  readonly location: string;
  /** ACTIVE game sessions at the end of each interval. */
  readonly active: readonly number[];
  /**
   * ACTIVE plus ACTIVATING game sessions over the server processes of the instances running (ACTIVE, or TERMINATING
   * with sessions still on them), from 0 to 1; null while the location has no such instance.
   */
  readonly utilization: readonly (number | null)[];
}

/**
 * A run sampled over virtual time: point `i` covers the interval ending at `endsAtSeconds[i]`, counted from the
 * start of the load. Counts are of what happened in that interval; gauges (pending, active, utilization) are the
 * state at its end, or, for the last point, when the run ended within it. Plain data, ready to be written as JSON.
 */
export interface TimelineSeries {
  /** Virtual time (epoch ms) the timeline started at: the start of the load. */
  readonly startMs: number;
  /**
   * Width of each point's interval, in virtual ms. The last point's may be shorter: it ends at `endsAtSeconds`, and
   * the run may have ended within it.
   */
  readonly intervalMs: number;
  readonly endsAtSeconds: readonly number[];
  /** Placements started (StartGameSessionPlacement accepted). */
  readonly started: readonly number[];
  /** Placements that ended, by terminal status (their PL-10 event). */
  readonly ended: Readonly<Record<TerminalStatus, readonly number[]>>;
  /** Seconds from StartTime to EndTime of the placements FULFILLED in the interval; null where none were. */
  readonly timeToPlacementSeconds: {
    readonly p50: readonly (number | null)[];
    readonly p95: readonly (number | null)[];
    readonly p99: readonly (number | null)[];
    readonly max: readonly (number | null)[];
  };
  /** Placements PENDING at the end of each interval: the queue depth. */
  readonly pending: readonly number[];
  /** One entry per location any fleet has, in the order they first appeared. */
  readonly locations: readonly LocationSeries[];
  /** API calls the runner made, of which refused (any exception) and of which throttled (ThrottlingException). */
  readonly calls: readonly number[];
  readonly refused: readonly number[];
  readonly throttled: readonly number[];
}

/**
 * Where a timeline stands, as plain data, for a run snapshot: its points (the open one last) with what they have
 * counted so far, the interval and where the open one ends, the placements pending, the locations seen.
 */
export interface TimelineState {
  readonly pointsMax: number;
  readonly startMs: number;
  readonly intervalMs: number;
  readonly points: readonly Point[];
  readonly openEndsMs: number;
  readonly pending: number;
  readonly locations: readonly string[];
}

/** What one point accumulates while its interval is open, then holds. */
interface Point {
  started: number;
  readonly ended: Record<TerminalStatus, number>;
  /** Time-to-placement histogram: bin → count (sparse: only bins that occurred). */
  readonly bins: Map<number, number>;
  fulfilled: number;
  maxMs: number;
  calls: number;
  refused: number;
  throttled: number;
  /** Gauges, read at the end of the interval. */
  pending: number;
  readonly active: Map<string, number>;
  readonly utilization: Map<string, number | null>;
}

const STATUS_OF: Record<PlacementEvent['detail']['type'], TerminalStatus> = {
  PlacementFulfilled: 'FULFILLED', PlacementCancelled: 'CANCELLED', PlacementTimedOut: 'TIMED_OUT', PlacementFailed: 'FAILED',
};

/**
 * Samples a run over virtual time for the HTML report: placements started and ended by status, time to placement
 * percentiles, queue depth, ACTIVE game sessions and utilization per location, API calls and throttles.
 *
 * Fed through public hooks only: placement events through `sim.onPlacementEvent`, gauges read from `sim.world` at
 * the end of each interval (the runner advances time through {@link Timeline.advanceTo}, which stops at each
 * interval's end; stopping runs the same events in the same order, so the trace hash is the same with or without a
 * timeline), and API calls reported by the runner where it makes them ({@link Timeline.called}).
 *
 * Bounded: at most {@link TIMELINE_POINTS_MAX} points; a point's histogram holds at most a few hundred bins.
 *
 * A run snapshot holds its timeline ({@link Timeline.state}), so that a run going on from it charts the whole run
 * ({@link Timeline.restore}): the same series as the run straight through.
 */
export class Timeline {
  #pointsMax: number;
  #sim: Simulation | undefined;
  #startMs = 0;
  #intervalMs: number;
  /** Closed points, then the open one last. */
  #points: Point[] = [];
  /** Virtual time the open point's interval ends at. */
  #openEndsMs = 0;
  #pending = 0;
  #locations: string[] = [];
  /** Restored from a snapshot: `attach` goes on with its points instead of starting afresh. */
  #restored = false;

  constructor(options: { pointsMax?: number; intervalMs?: number } = {}) {
    this.#pointsMax = options.pointsMax ?? TIMELINE_POINTS_MAX;
    this.#intervalMs = options.intervalMs ?? TIMELINE_INTERVAL_MS_MIN;
    checkBounds(this.#pointsMax, this.#intervalMs);
  }

  /**
   * Starts sampling `sim` from its current virtual time, or, restored, goes on where the snapshot left it (`sim` is
   * the simulation restored from that snapshot). A timeline samples one simulation, once.
   */
  attach(sim: Simulation): void {
    if (this.#sim !== undefined) throw new Error('a timeline samples one simulation');
    this.#sim = sim;
    if (!this.#restored) {
      this.#startMs = sim.nowMs;
      this.#openEndsMs = this.#startMs + this.#intervalMs;
      this.#points.push(emptyPoint());
    }
    sim.onPlacementEvent((event) => this.#ended(event));
  }

  /** Where the timeline stands, for a run snapshot: a copy, which the timeline's going on leaves as it was. */
  state(): TimelineState {
    this.#attached();
    return {
      pointsMax: this.#pointsMax, startMs: this.#startMs, intervalMs: this.#intervalMs, points: this.#points.map(copyPoint),
      openEndsMs: this.#openEndsMs, pending: this.#pending, locations: [...this.#locations],
    };
  }

  /**
   * Makes this timeline, not yet attached, the one a snapshot saved, its `pointsMax` and interval included (they
   * replace the constructor's): `attach` then goes on from there. A state that breaks the timeline's bounds (no open
   * point, more points than `pointsMax`) is refused with a RangeError, and the timeline is left as it was.
   */
  restore(state: TimelineState): void {
    if (this.#sim !== undefined || this.#restored) throw new Error('a timeline is restored once, before it is attached');
    checkBounds(state.pointsMax, state.intervalMs);
    if (!(state.points.length >= 1 && state.points.length <= state.pointsMax)) {
      throw new RangeError(`a timeline holds 1 to pointsMax (${state.pointsMax}) points, the open one included; this state has ${state.points.length}`);
    }
    this.#pointsMax = state.pointsMax;
    this.#startMs = state.startMs;
    this.#intervalMs = state.intervalMs;
    this.#points = state.points.map(copyPoint);
    this.#openEndsMs = state.openEndsMs;
    this.#pending = state.pending;
    this.#locations = [...state.locations];
    this.#restored = true;
  }

  /**
   * Runs the simulation forward to `targetMs` like `sim.advanceTo`, stopping at the end of every interval on the way
   * to read the gauges. Returns how many events ran.
   */
  advanceTo(targetMs: number): number {
    const sim = this.#attached();
    let ran = 0;
    while (this.#openEndsMs <= targetMs) {
      ran += sim.advanceTo(this.#openEndsMs);
      this.#close();
    }
    return ran + sim.advanceTo(targetMs);
  }

  /** The runner called `operation`; `error` is the exception's name when it was refused. */
  called(operation: string, error: string | undefined): void {
    const point = this.#open();
    point.calls++;
    if (error === undefined) {
      if (operation === 'StartGameSessionPlacement') {
        point.started++;
        this.#pending++;
      }
      return;
    }
    point.refused++;
    if (error === 'ThrottlingException') point.throttled++;
  }

  /**
   * The points so far, the open one included with its gauges read now. With `pointsMax`, consecutive points are
   * merged (counts added, percentiles read from the merged histograms, gauges at the end) so that at most that many
   * remain, each covering a round span of time where one fits: a coarser view for charts of rates, where a point
   * every few seconds would be mostly noise.
   */
  series(options: { pointsMax?: number } = {}): TimelineSeries {
    this.#readGauges(this.#open());
    const size = groupSize(this.#points.length, options.pointsMax ?? this.#pointsMax, this.#intervalMs);
    const points = size === 1 ? this.#points : groups(this.#points, size).map(mergePoints);
    const endsAtSeconds = points.map((_, i) => (Math.min((i + 1) * size, this.#points.length) * this.#intervalMs) / 1000);
    const percentile = (q: number) => points.map((p) => (p.fulfilled === 0 ? null : Math.min(p.maxMs, binValueMs(binAtRank(p.bins, Math.floor(q * p.fulfilled)))) / 1000));
    return {
      startMs: this.#startMs,
      intervalMs: this.#intervalMs * size,
      endsAtSeconds,
      started: points.map((p) => p.started),
      ended: Object.fromEntries(TERMINAL_STATUSES.map((s) => [s, points.map((p) => p.ended[s])])) as Record<TerminalStatus, number[]>,
      timeToPlacementSeconds: {
        p50: percentile(0.5),
        p95: percentile(0.95),
        p99: percentile(0.99),
        max: points.map((p) => (p.fulfilled === 0 ? null : p.maxMs / 1000)),
      },
      pending: points.map((p) => p.pending),
      locations: this.#locations.map((location) => ({
        location,
        active: points.map((p) => p.active.get(location) ?? 0),
        utilization: points.map((p) => p.utilization.get(location) ?? null),
      })),
      calls: points.map((p) => p.calls),
      refused: points.map((p) => p.refused),
      throttled: points.map((p) => p.throttled),
    };
  }

  #attached(): Simulation {
    if (this.#sim === undefined) throw new Error('the timeline is not attached to a simulation');
    return this.#sim;
  }

  #open(): Point {
    return this.#points[this.#points.length - 1]!;
  }

  #ended(event: PlacementEvent): void {
    const point = this.#open();
    const status = STATUS_OF[event.detail.type];
    point.ended[status]++;
    this.#pending--;
    if (status !== 'FULFILLED') return;
    const ms = Date.parse(event.detail.endTime) - Date.parse(event.detail.startTime);
    const bin = binOf(ms);
    point.bins.set(bin, (point.bins.get(bin) ?? 0) + 1);
    point.fulfilled++;
    point.maxMs = Math.max(point.maxMs, ms);
  }

  /** The open interval has ended: read its gauges and open the next, merging pairs when the points are full. */
  #close(): void {
    this.#readGauges(this.#open());
    if (this.#points.length === this.#pointsMax) this.#coarsen();
    this.#points.push(emptyPoint());
    this.#openEndsMs += this.#intervalMs;
  }

  /**
   * Merges neighbouring points in pairs and doubles the interval. Called with every point closed and an even number
   * of them (`pointsMax` is even), so the merged points end where the closed ones did and stay aligned to the start.
   */
  #coarsen(): void {
    this.#points = groups(this.#points, 2).map(mergePoints);
    this.#intervalMs *= 2;
  }

  /** Reads the queue depth and, per location over every fleet, ACTIVE sessions and utilization. */
  #readGauges(point: Point): void {
    const world = this.#attached().world;
    point.pending = this.#pending;
    point.active.clear();
    point.utilization.clear();
    const busy = new Map<string, number>();
    const capacity = new Map<string, number>();
    for (const fleet of world.fleets.values()) {
      for (const loc of fleet.locations.values()) {
        const name = loc.location;
        if (!this.#locations.includes(name)) this.#locations.push(name);
        const active = world.sessionIndex.count(indexKey(fleet.fleetId, name, 'ACTIVE'));
        const activating = world.sessionIndex.count(indexKey(fleet.fleetId, name, 'ACTIVATING'));
        point.active.set(name, (point.active.get(name) ?? 0) + active);
        busy.set(name, (busy.get(name) ?? 0) + active + activating);
        // Instances being retired (TERMINATING) still run the sessions they hold: their processes count as capacity.
        let running = 0;
        for (const instance of loc.instances) if (instance.status !== 'PENDING') running++;
        capacity.set(name, (capacity.get(name) ?? 0) + running * fleet.runtime.processesPerInstance);
      }
    }
    for (const [name, sessions] of busy) {
      const processes = capacity.get(name)!;
      point.utilization.set(name, processes === 0 ? null : sessions / processes);
    }
  }
}

/** The bounds a timeline keeps to: whole pairs of points to merge (an even `pointsMax`), and an interval of whole ms. */
function checkBounds(pointsMax: number, intervalMs: number): void {
  if (!(pointsMax >= 2 && pointsMax % 2 === 0)) throw new RangeError(`pointsMax must be an even integer ≥ 2, got ${pointsMax}`);
  if (!(intervalMs >= 1 && Number.isInteger(intervalMs))) throw new RangeError(`intervalMs must be an integer ≥ 1, got ${intervalMs}`);
}

/** Spans a merged point may cover, in seconds, that read well on a chart: 1, 2, 5 s … 30 min, 1, 2, 3, 6, 12 h, 1 day. */
const ROUND_SPANS_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/**
 * How many points of `intervalMs` to merge into one so that `count` points become at most `pointsMax`: the fewest
 * that make a round span, or simply the fewest when no round span is a multiple of the interval.
 */
function groupSize(count: number, pointsMax: number, intervalMs: number): number {
  const fewest = Math.max(1, Math.ceil(count / pointsMax));
  if (fewest === 1) return 1;
  for (const seconds of ROUND_SPANS_SECONDS) {
    const size = (seconds * 1000) / intervalMs;
    if (Number.isInteger(size) && size >= fewest) return size;
  }
  return fewest;
}

/** `points` cut into consecutive groups of `size`, the last one possibly shorter. */
function groups<T>(points: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size));
  return out;
}

/**
 * One point for consecutive points: counts and histograms add up; gauges are the last point's reading, the state at
 * the end of the merged interval. The points given are left as they were.
 */
function mergePoints(points: readonly Point[]): Point {
  const last = points[points.length - 1]!;
  const out: Point = { ...emptyPoint(), pending: last.pending, active: new Map(last.active), utilization: new Map(last.utilization) };
  for (const p of points) {
    out.started += p.started;
    for (const s of TERMINAL_STATUSES) out.ended[s] += p.ended[s];
    for (const [bin, n] of p.bins) out.bins.set(bin, (out.bins.get(bin) ?? 0) + n);
    out.fulfilled += p.fulfilled;
    out.maxMs = Math.max(out.maxMs, p.maxMs);
    out.calls += p.calls;
    out.refused += p.refused;
    out.throttled += p.throttled;
  }
  return out;
}

function copyPoint(point: Point): Point {
  return { ...point, ended: { ...point.ended }, bins: new Map(point.bins), active: new Map(point.active), utilization: new Map(point.utilization) };
}

function emptyPoint(): Point {
  return {
    started: 0, ended: { FULFILLED: 0, CANCELLED: 0, TIMED_OUT: 0, FAILED: 0 }, bins: new Map(), fulfilled: 0, maxMs: 0,
    calls: 0, refused: 0, throttled: 0, pending: 0, active: new Map(), utilization: new Map(),
  };
}

/** Bin 0 holds 0 ms; bin k ≥ 1 holds [BIN_RATIO^(k-1), BIN_RATIO^k) ms. */
function binOf(ms: number): number {
  return ms < 1 ? 0 : 1 + Math.floor(Math.log(ms) / LOG_BIN_RATIO);
}

/** The geometric middle of a bin, in ms. */
function binValueMs(bin: number): number {
  return bin === 0 ? 0 : Math.exp((bin - 0.5) * LOG_BIN_RATIO);
}

/** The bin holding the value of 0-based rank `rank` in ascending order. */
function binAtRank(bins: ReadonlyMap<number, number>, rank: number): number {
  const sorted = [...bins.keys()].sort((a, b) => a - b);
  let seen = 0;
  for (const bin of sorted) {
    seen += bins.get(bin)!;
    if (seen > rank) return bin;
  }
  return sorted.at(-1)!;
}
