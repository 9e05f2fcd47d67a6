import type { GameSessionPlacementState, GameSessionStatus, PlayerLatency } from '@aws-sdk/client-gamelift';
import type { InputOf, OperationName, OutputOf } from '../api/operations.ts';
import { Simulation } from '../api/simulation.ts';
import { SnapshotError } from '../api/snapshot.ts';
import { EventQueue, type EventQueueState } from '../engine/event-queue.ts';
import type { PlacementEvent } from '../model/placement/events.ts';
import { indexKey } from '../model/session-index.ts';
import { unmetExpectations } from './expectations.ts';
import { CheckRunner, LobbyLedger, type CheckRunnerState, type LobbyRecord } from './checks.ts';
import { faultPlan, type TimedStep } from './fault-plan.ts';
import { lobbies, type Lobby } from './lobbies.ts';
import type { Scenario } from './scenario.ts';
import { simulationFor, type BuiltWorld } from './scenario.ts';
import { evaluateThresholds, metricsOf, parseThresholds, type ThresholdOutcome } from './thresholds.ts';
import type { Timeline } from './timeline.ts';

/** What the load driver does next, in virtual time. */
type Action =
  | { readonly kind: 'arrival'; readonly lobby: Lobby }
  | { readonly kind: 'abandon'; readonly placementId: string }
  | { readonly kind: 'step'; readonly index: number }
  | { readonly kind: 'look' };

/** What one placement went through, as the driver saw it through the API. */
interface Tracked {
  readonly queueTimeoutSeconds: number;
  readonly startMs: number;
  abandoned: boolean;
  outcome: PlacementEvent | undefined;
}

/** Calls of one API operation during a run, as the trace recorded them. */
export interface ApiCallCount {
  calls: number;
  /** Calls refused with an exception, throttles included. */
  errors: number;
  throttles: number;
}

/** Share of a location's server processes (on ACTIVE instances) that hold a game session, from 0 to 1. */
export interface Utilization {
  /** The highest share seen at any sample: sampled once per virtual minute. */
  readonly peak: number;
  /** The mean over the samples. */
  readonly mean: number;
}

/** Hooks into a run that change nothing it computes. */
/** Where a run saves a snapshot of itself (DT-3): the simulation with the load driver's state attached. */
export interface RunSnapshotOptions {
  /** Virtual ms after the load started; the snapshot is taken before the first action due later. */
  readonly atMs: number;
  /** Receives the snapshot's bytes. */
  save(bytes: Uint8Array): void;
  /** Plain data of the caller's kept in the snapshot (the CLI's scenario file and seed); `readRunSnapshot` gives it back. */
  readonly caller?: unknown;
}

export interface RunOptions {
  /** Saves a snapshot mid-run, from which `resumeScenario` goes on to the same result and trace hash. */
  readonly snapshot?: RunSnapshotOptions;
  /** Receives every trace line (canonical JSON and a newline) from the first call on, in order. */
  readonly onTraceLine?: (line: string) => void;
  /** Called once per virtual minute, for a progress display. */
  readonly onProgress?: (progress: RunProgress) => void;
  /** Samples the run over virtual time (for the HTML report); the run and its trace are the same without it. */
  readonly timeline?: Timeline;
}

/** How far a run has come. */
export interface RunProgress {
  readonly virtualMs: number;
  /** The load's duration; the drain after it may go on a little longer. */
  readonly loadMs: number;
  readonly placements: number;
  readonly eventsRun: number;
}

export interface RunResult {
  readonly scenario: string;
  readonly seed: string;
  readonly virtualMs: number;
  readonly eventsRun: number;
  readonly placements: Readonly<Record<GameSessionPlacementState, number>>;
  readonly placementCount: number;
  /** Seconds from StartTime to EndTime of FULFILLED placements (time to placement): percentiles, mean and max. */
  readonly fulfilSeconds: {
    readonly p50: number; readonly p90: number; readonly p95: number; readonly p99: number; readonly max: number; readonly mean: number;
  };
  readonly gameSessionsCreated: number;
  /** Game sessions the world still holds at the end, by status. */
  readonly gameSessions: Readonly<Record<GameSessionStatus, number>>;
  /** Per location (all fleets together): how busy its server processes were. */
  readonly utilization: Readonly<Record<string, Utilization>>;
  /** Every API call of the run, world building included, by operation. */
  readonly apiCalls: Readonly<Record<string, ApiCallCount>>;
  readonly peakActiveGameSessions: number;
  readonly stopsAccepted: number;
  readonly stopsRefused: number;
  readonly faultsInjected: number;
  /** Rules the run saw broken through the API; empty when all held. */
  readonly violations: readonly string[];
  /** The scenario's expectations the run did not meet; empty when all were met. */
  readonly unmet: readonly string[];
  /** The scenario's thresholds with what the run measured; a run fails when one did not hold. */
  readonly thresholds: readonly ThresholdOutcome[];
  readonly checks: number;
  /** Checks by the rule IDs their message starts with (`PL-5`, `ST-2/ST-3`): how many held and failed. */
  readonly checksByRule: Readonly<Record<string, { held: number; failed: number }>>;
  readonly traceHash: string;
}

/** The longest a run goes on after its load ends, waiting for the last placements to settle, in virtual ms. */
const DRAIN_MS_MAX = 3_600_000;
/** How often a run samples utilization and reports progress, in virtual ms. */
const SAMPLE_MS = 60_000;

/**
 * Runs a scenario with a seed: builds its world, sends its load of placement requests like a matchmaker would
 * (players who leave the lobby are stopped; a stop refused because a game session exists is cleaned up with
 * TerminateGameSession once it is placed), injects its faults, and checks the placement rules against what the
 * API answers. The result is a pure function of (scenario, seed).
 */
export function runScenario(scenario: Scenario, seed: number | string, options: RunOptions = {}): RunResult {
  const { count, apiCalls } = callCounter(options.onTraceLine, {});
  // The trace keeps no entries in memory here: a run can make millions; its hash still covers every one.
  const { sim, built } = simulationFor(scenario, seed, 0, count);
  return finish(scenario, sim, new LoadDriver(sim, scenario, { built, apiCalls }, options).run(), apiCalls);
}

/** A run saved by `RunOptions.snapshot`, read back: its simulation, the driver's state and the caller's data. */
export interface RunSnapshot {
  readonly sim: Simulation;
  readonly driver: DriverState;
  readonly caller: unknown;
}

/**
 * Reads a run's snapshot (DT-3); a snapshot of another format version, or one not taken by a run, is refused.
 * `onTraceLine` sees every trace line from the restore on, as `RunOptions.onTraceLine` would have.
 */
export function readRunSnapshot(bytes: Uint8Array, onTraceLine?: (line: string) => void): RunSnapshot {
  let count: ((line: string) => void) | undefined;
  let apiCalls: Record<string, ApiCallCount> | undefined;
  const { sim, attached } = Simulation.restoreWith(bytes, { traceEntriesKept: 0, traceSink: (line) => count?.(line) });
  const saved = attached as { driver?: DriverState; caller?: unknown } | undefined;
  if (saved?.driver === undefined) throw new SnapshotError('the snapshot was not taken by a run (it carries no load driver state)');
  ({ count, apiCalls } = callCounter(onTraceLine, saved.driver.apiCalls));
  return { sim, driver: { ...saved.driver, apiCalls }, caller: saved.caller };
}

/**
 * Goes on with a run from its snapshot, to the result and trace hash the run would have had straight through (DT-3).
 * `scenario` must be the one the run was started with: its checks and faults are code, not part of the snapshot.
 */
export function resumeScenario(scenario: Scenario, from: RunSnapshot, options: Omit<RunOptions, 'onTraceLine'> = {}): RunResult {
  if (options.timeline !== undefined) throw new RangeError('a resumed run has no timeline: the report needs the run from its start');
  return finish(scenario, from.sim, new LoadDriver(from.sim, scenario, from.driver, options, from.driver).run(), from.driver.apiCalls);
}

function finish(scenario: Scenario, sim: Simulation, driven: Omit<RunResult, 'apiCalls' | 'unmet' | 'thresholds'>, apiCalls: Record<string, ApiCallCount>): RunResult {
  const measured = { ...driven, apiCalls: sortedKeys(apiCalls) };
  sim.world.engine.trace.streamTo(undefined);
  return {
    ...measured,
    unmet: unmetExpectations(measured, scenario.expect),
    thresholds: evaluateThresholds(parseThresholds(scenario.thresholds ?? {}), metricsOf(measured)),
  };
}

/** A trace sink that counts API calls by operation into `apiCalls` (a copy of `from`), passing each line on. */
function callCounter(onTraceLine: ((line: string) => void) | undefined, from: Readonly<Record<string, ApiCallCount>>): {
  count: (line: string) => void; apiCalls: Record<string, ApiCallCount>;
} {
  const apiCalls: Record<string, ApiCallCount> = Object.fromEntries(Object.entries(from).map(([op, c]) => [op, { ...c }]));
  const count = (line: string): void => {
    onTraceLine?.(line);
    const call = callOf(line);
    if (call === undefined) return;
    const counted = (apiCalls[call.operation] ??= { calls: 0, errors: 0, throttles: 0 });
    counted.calls++;
    if (call.error === undefined) return;
    counted.errors++;
    if (call.error === 'ThrottlingException') counted.throttles++;
  };
  return { count, apiCalls };
}

/** How a call line of the trace starts, after its `n` and `t` (src/engine/trace.ts writes this fixed envelope). */
const CALL_LINE = '"kind":"call","data":{"operation":"';

/**
 * The operation and error of a trace line that records an API call; undefined for other lines. Read off the line's
 * fixed envelope rather than parsed whole, since a run has millions of lines; only a line that may record a refusal
 * (it holds `"error":"` somewhere) is parsed, to tell a real error from those characters inside a request.
 */
function callOf(line: string): { operation: string; error: string | undefined } | undefined {
  // The envelope's `kind` comes first after two numbers, so its first `"kind":"` is the envelope's.
  const at = line.indexOf('"kind":"');
  if (!line.startsWith(CALL_LINE, at)) return undefined;
  const start = at + CALL_LINE.length;
  const operation = line.slice(start, line.indexOf('"', start));
  if (!line.includes('"error":"')) return { operation, error: undefined };
  const error = (JSON.parse(line) as { data: { error?: unknown } }).data.error;
  return { operation, error: typeof error === 'string' ? error : undefined };
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The load driver as plain data, for a snapshot of the run (DT-3): its agenda, what it tracks and has counted, the
 * lobbies taken so far (the rest are drawn again from the same streams), and what the fault plan's steps carry.
 */
export interface DriverState {
  readonly built: BuiltWorld;
  readonly apiCalls: Readonly<Record<string, ApiCallCount>>;
  readonly startMs: number;
  readonly lobbiesTaken: number;
  readonly agenda: EventQueueState<Action>;
  readonly planCarry: readonly (Record<string, unknown> | undefined)[];
  readonly tracked: ReadonlyMap<string, Tracked>;
  readonly violations: readonly string[];
  readonly ledger: ReadonlyMap<string, LobbyRecord>;
  readonly checkRunner: CheckRunnerState;
  readonly counts: {
    readonly checks: number; readonly stopsAccepted: number; readonly stopsRefused: number; readonly faultsInjected: number;
    readonly peakActive: number; readonly samples: number; readonly nextSampleMs: number; readonly eventsRun: number;
  };
  readonly checksByRule: ReadonlyMap<string, { held: number; failed: number }>;
  readonly utilization: ReadonlyMap<string, { sum: number; peak: number }>;
}

class LoadDriver {
  readonly #sim: Simulation;
  readonly #scenario: Scenario;
  readonly #built: BuiltWorld;
  readonly #apiCalls: Readonly<Record<string, ApiCallCount>>;
  readonly #agenda: EventQueue<Action>;
  readonly #plan: readonly TimedStep[];
  readonly #tracked: Map<string, Tracked>;
  readonly #violations: string[];
  readonly #lobbies: Iterator<Lobby>;
  #lobbiesTaken = 0;
  readonly #ledger: LobbyLedger;
  readonly #checkRunner: CheckRunner;
  readonly #startMs: number;
  #checks = 0;
  #stopsAccepted = 0;
  #stopsRefused = 0;
  #faultsInjected = 0;
  #peakActive = 0;
  readonly #checksByRule: Map<string, { held: number; failed: number }>;
  /** Per location: the sum of utilization samples and the peak. */
  readonly #utilization: Map<string, { sum: number; peak: number }>;
  #samples = 0;
  #nextSampleMs: number;
  #eventsRun = 0;
  readonly #onProgress: ((progress: RunProgress) => void) | undefined;
  readonly #snapshot: RunSnapshotOptions | undefined;
  #snapshotTaken = false;
  /** Whether the driver goes on from a snapshot, its load already started. */
  readonly #resumed: boolean;

  readonly #timeline: Timeline | undefined;

  /** A driver starting the load now, or, with `saved`, going on from a snapshot of the run. */
  constructor(sim: Simulation, scenario: Scenario, world: Pick<DriverState, 'built' | 'apiCalls'>, options: RunOptions, saved?: DriverState) {
    this.#sim = sim;
    this.#timeline = options.timeline;
    this.#scenario = scenario;
    this.#built = world.built;
    this.#apiCalls = world.apiCalls;
    this.#onProgress = options.onProgress;
    this.#snapshot = options.snapshot;
    this.#startMs = saved?.startMs ?? sim.nowMs;
    this.#plan = faultPlan(scenario, world.built);
    saved?.planCarry.forEach((carry, i) => Object.assign(this.#plan[i]?.carry ?? {}, carry));
    this.#agenda = new EventQueue(saved?.agenda);
    this.#tracked = new Map(saved?.tracked);
    this.#violations = [...(saved?.violations ?? [])];
    this.#ledger = new LobbyLedger(saved?.ledger);
    // The scenario's own checks look at the run as the driver reports it; the bundled ones wait for the client API.
    this.#checkRunner = new CheckRunner(scenario.checks ?? [], this.#startMs, saved?.checkRunner);
    this.#checksByRule = new Map(saved?.checksByRule);
    this.#utilization = new Map(saved?.utilization);
    this.#nextSampleMs = this.#startMs;
    this.#lobbies = lobbies(scenario.load, sim.seed);
    this.#resumed = saved !== undefined;
    if (saved === undefined) return;
    // The lobbies are a pure function of the load and the seed: those already taken are drawn again and passed over.
    for (; this.#lobbiesTaken < saved.lobbiesTaken; this.#lobbiesTaken++) this.#lobbies.next();
    ({
      checks: this.#checks, stopsAccepted: this.#stopsAccepted, stopsRefused: this.#stopsRefused, faultsInjected: this.#faultsInjected,
      peakActive: this.#peakActive, samples: this.#samples, nextSampleMs: this.#nextSampleMs, eventsRun: this.#eventsRun,
    } = saved.counts);
  }

  /** The driver as plain data, with the simulation's own entities where it refers to them. */
  #state(): DriverState {
    return {
      built: this.#built, apiCalls: this.#apiCalls, startMs: this.#startMs, lobbiesTaken: this.#lobbiesTaken,
      agenda: this.#agenda.state(), planCarry: this.#plan.map((step) => step.carry), tracked: this.#tracked,
      violations: this.#violations, ledger: this.#ledger.records, checkRunner: this.#checkRunner.state(),
      counts: {
        checks: this.#checks, stopsAccepted: this.#stopsAccepted, stopsRefused: this.#stopsRefused, faultsInjected: this.#faultsInjected,
        peakActive: this.#peakActive, samples: this.#samples, nextSampleMs: this.#nextSampleMs, eventsRun: this.#eventsRun,
      },
      checksByRule: this.#checksByRule, utilization: this.#utilization,
    };
  }

  /** Starts the load: the first arrival, the first look of the checks, the fault plan. */
  #start(loadEndMs: number): void {
    this.#nextArrival();
    this.#nextLook(loadEndMs);
    this.#plan.forEach((step, index) => this.#agenda.push(this.#startMs + step.atMs, { kind: 'step', index }));
  }

  /** Saves the snapshot asked for, once, before the first action due after its time. */
  #snapshotBefore(dueMs: number): void {
    const snapshot = this.#snapshot;
    if (snapshot === undefined || this.#snapshotTaken) return;
    const atMs = this.#startMs + snapshot.atMs;
    if (dueMs <= atMs || this.#sim.nowMs > atMs) return;
    this.#snapshotTaken = true;
    this.#eventsRun += this.#advanceTo(atMs);
    snapshot.save(this.#sim.snapshot({ driver: this.#state(), caller: snapshot.caller }));
  }

  run(): Omit<RunResult, 'apiCalls' | 'unmet' | 'thresholds'> {
    const sim = this.#sim;
    const startMs = this.#startMs;
    const loadEndMs = startMs + this.#scenario.load.durationMinutes * 60_000;
    sim.onPlacementEvent((event) => this.#settled(event));
    this.#timeline?.attach(sim);
    if (!this.#resumed) this.#start(loadEndMs);

    for (let next = this.#agenda.peek(); next !== undefined; next = this.#agenda.peek()) {
      this.#snapshotBefore(next.dueMs);
      this.#agenda.pop();
      this.#eventsRun += this.#advanceTo(Math.max(next.dueMs, sim.nowMs));
      this.#sampleWhenDue(startMs, loadEndMs);
      this.#act(next.event);
    }
    // Let every placement settle: none outlives its queue's timeout, which is at most 600 s.
    const drainEndMs = sim.nowMs + DRAIN_MS_MAX;
    while (this.#pendingCount() > 0 && sim.nowMs < drainEndMs) {
      this.#eventsRun += this.#advanceTo(sim.nowMs + 60_000);
      this.#sampleWhenDue(startMs, loadEndMs);
    }
    this.#finalChecks();
    const view = { sim, nowMs: sim.nowMs, lobbies: this.#ledger.records };
    for (const v of this.#checkRunner.finish(view)) this.#violations.push(`${v.check}: ${v.message}`);
    return this.#result(startMs, this.#eventsRun);
  }

  /**
   * Once per virtual minute: samples utilization per location and reports progress. It reads the world directly, not
   * through the API, so that it adds nothing to the trace and a run's hash does not depend on the sampling.
   */
  #sampleWhenDue(startMs: number, loadEndMs: number): void {
    if (this.#sim.nowMs < this.#nextSampleMs) return;
    this.#nextSampleMs = this.#sim.nowMs + SAMPLE_MS;
    const busy = new Map<string, { used: number; capacity: number }>();
    for (const fleetId of this.#built.fleetIds.values()) {
      const fleet = this.#sim.world.fleets.get(fleetId)!;
      for (const loc of fleet.locations.values()) {
        const b = busy.get(loc.location) ?? { used: 0, capacity: 0 };
        b.used += this.#sim.world.sessionIndex.count(indexKey(fleetId, loc.location, 'ACTIVATING'))
          + this.#sim.world.sessionIndex.count(indexKey(fleetId, loc.location, 'ACTIVE'));
        b.capacity += loc.activeCount * fleet.runtime.processesPerInstance;
        busy.set(loc.location, b);
      }
    }
    this.#samples++;
    for (const [location, { used, capacity }] of busy) {
      // Game sessions on instances already retired (TERMINATING) keep running without counting as capacity.
      const share = capacity === 0 ? (used > 0 ? 1 : 0) : Math.min(1, used / capacity);
      const u = this.#utilization.get(location) ?? { sum: 0, peak: 0 };
      u.sum += share;
      u.peak = Math.max(u.peak, share);
      this.#utilization.set(location, u);
    }
    this.#onProgress?.({
      virtualMs: this.#sim.nowMs - startMs, loadMs: loadEndMs - startMs, placements: this.#tracked.size, eventsRun: this.#eventsRun,
    });
  }

  #advanceTo(targetMs: number): number {
    return this.#timeline?.advanceTo(targetMs) ?? this.#sim.advanceTo(targetMs);
  }

  /** Calls an operation as a matchmaker would, telling the timeline of the call and of its refusal. */
  #call<Op extends OperationName>(operation: Op, input: InputOf<Op>): OutputOf<Op> {
    try {
      const output = this.#sim.call(operation, input);
      this.#timeline?.called(operation, undefined);
      return output;
    } catch (error) {
      this.#timeline?.called(operation, (error as Error).name);
      throw error;
    }
  }

  #act(action: Action): void {
    switch (action.kind) {
      case 'arrival':
        this.#startPlacement(action.lobby);
        return this.#nextArrival();
      case 'abandon':
        return this.#abandon(action.placementId);
      case 'step': {
        const step = this.#plan[action.index]!;
        if (step.fault) this.#faultsInjected++;
        return step.run(this.#sim);
      }
      case 'look':
        this.#checkRunner.look({ sim: this.#sim, nowMs: this.#sim.nowMs, lobbies: this.#ledger.records });
        return this.#nextLook(this.#startMs + this.#scenario.load.durationMinutes * 60_000);
    }
  }

  /** Schedules the next periodic look of the checks while the load lasts. */
  #nextLook(endMs: number): void {
    const due = this.#checkRunner.due();
    if (due !== undefined && due <= endMs) this.#agenda.push(due, { kind: 'look' });
  }

  /** Schedules the next lobby's arrival, if the load has one. */
  #nextArrival(): void {
    const next = this.#lobbies.next();
    this.#lobbiesTaken++;
    if (!next.done) this.#agenda.push(this.#startMs + next.value.arrivalMs, { kind: 'arrival', lobby: next.value });
  }

  /** A lobby arrived: start a placement for it, named after it, with its players and their latencies. */
  #startPlacement(lobby: Lobby): void {
    const sim = this.#sim;
    const placementId = lobby.id;
    this.#ledger.arrived(lobby, sim.nowMs);
    this.#ledger.placing(lobby.id, placementId);
    const queueName = lobby.queue;
    const latencies: PlayerLatency[] = lobby.players.flatMap(({ playerId: PlayerId, latencyMs }) =>
      Object.entries(latencyMs).map(([RegionIdentifier, LatencyInMilliseconds]) => ({ PlayerId, RegionIdentifier, LatencyInMilliseconds })));
    const out = this.#call('StartGameSessionPlacement', {
      PlacementId: placementId,
      GameSessionQueueName: queueName,
      MaximumPlayerSessionCount: lobby.maximumPlayers,
      PlayerLatencies: latencies.length > 0 ? latencies : undefined,
      DesiredPlayerSessions: lobby.players.map(({ playerId: PlayerId }) => ({ PlayerId })),
    });
    this.#check(out.GameSessionPlacement?.Status === 'PENDING', `PL-1: ${placementId} did not start PENDING`);
    const queue = sim.placements.queues.get(queueName)!;
    this.#tracked.set(placementId, { queueTimeoutSeconds: queue.timeoutSeconds, startMs: sim.nowMs, abandoned: false, outcome: undefined });
    if (lobby.disbandAfterMs !== undefined) this.#agenda.push(sim.nowMs + lobby.disbandAfterMs, { kind: 'abandon', placementId });
    this.#samplePeak();
  }

  /** The players left the lobby: stop the placement, checking Stop's answer against ST-1..ST-3. */
  #abandon(placementId: string): void {
    const sim = this.#sim;
    const tracked = this.#tracked.get(placementId)!;
    tracked.abandoned = true;
    this.#ledger.disbanded(placementId, this.#sim.nowMs);
    const before = this.#call('DescribeGameSessionPlacement', { PlacementId: placementId }).GameSessionPlacement!;
    const stoppable = before.Status === 'PENDING' && before.GameSessionId === undefined;
    try {
      const out = this.#call('StopGameSessionPlacement', { PlacementId: placementId }).GameSessionPlacement!;
      this.#stopsAccepted++;
      this.#check(stoppable, `ST-2/ST-3: Stop of ${placementId} in ${before.Status} with game session ${before.GameSessionId} was accepted`);
      this.#check(out.Status === 'CANCELLED' && out.EndTime?.getTime() === sim.nowMs, `ST-1: Stop of ${placementId} did not cancel it now`);
    } catch (error) {
      this.#stopsRefused++;
      this.#check((error as Error).name === 'InvalidRequestException', `ST-2: Stop of ${placementId} failed with ${(error as Error).name}`);
      this.#check(!stoppable, `ST-1: Stop of ${placementId}, PENDING without a game session, was refused`);
    }
  }

  /** A placement settled (PL-10): record it, check it, and clean up after players who already left. */
  #settled(event: PlacementEvent): void {
    const sim = this.#sim;
    const { placementId, type } = event.detail;
    const tracked = this.#tracked.get(placementId);
    if (tracked === undefined) return;
    this.#check(tracked.outcome === undefined, `PL-7: ${placementId} settled twice (${tracked.outcome?.detail.type}, then ${type})`);
    tracked.outcome = event;
    this.#ledger.resolved(placementId, type === 'PlacementFulfilled'
      ? { kind: 'placed', atMs: sim.nowMs, placementId, gameSessionId: event.detail.gameSessionArn! }
      : { kind: 'gaveUp', atMs: sim.nowMs, reason: type });
    const seconds = (Date.parse(event.detail.endTime) - tracked.startMs) / 1000;
    if (type === 'PlacementTimedOut') {
      this.#check(seconds === tracked.queueTimeoutSeconds, `PL-5: ${placementId} timed out after ${seconds} s, not ${tracked.queueTimeoutSeconds} s`);
    }
    if (type !== 'PlacementFulfilled') return this.#checkNothingLeft(placementId, type);
    const arn = event.detail.gameSessionArn!;
    const session = this.#call('DescribeGameSessions', { GameSessionId: arn }).GameSessions![0];
    this.#check(session?.Status === 'ACTIVE' && session.Port !== undefined, `PL-4: ${placementId} fulfilled with game session in ${session?.Status}`);
    this.#check(seconds <= tracked.queueTimeoutSeconds, `PL-5: ${placementId} fulfilled after its timeout`);
    if (tracked.abandoned) this.#call('TerminateGameSession', { GameSessionId: arn, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' });
    this.#samplePeak();
    this.#check(arn.endsWith(`/${placementId}`) || new RegExp(`/${placementId}-\\d+$`).test(arn), `PL-4: ${placementId} fulfilled with ${arn}, not named after it`);
  }

  #samplePeak(): void {
    let active = 0;
    for (const fleetId of this.#built.fleetIds.values()) active += this.#sim.world.sessionIndex.count(indexKey(fleetId, undefined, 'ACTIVE'));
    this.#peakActive = Math.max(this.#peakActive, active);
  }

  #pendingCount(): number {
    let pending = 0;
    for (const t of this.#tracked.values()) if (t.outcome === undefined) pending++;
    return pending;
  }

  /** PL-7 and PL-10: each placement settled once, and Describe still shows the status its event announced. */
  #finalChecks(): void {
    const statusOf: Record<PlacementEvent['detail']['type'], GameSessionPlacementState> = {
      PlacementFulfilled: 'FULFILLED', PlacementCancelled: 'CANCELLED', PlacementTimedOut: 'TIMED_OUT', PlacementFailed: 'FAILED',
    };
    for (const [placementId, tracked] of this.#tracked) {
      // Not counted on the timeline: reading back every placement at the end is the runner's check, not load.
      const now = this.#call('DescribeGameSessionPlacement', { PlacementId: placementId }).GameSessionPlacement!;
      if (tracked.outcome === undefined) {
        this.#check(false, `PL-5: ${placementId} is still ${now.Status} long after its timeout`);
        continue;
      }
      const expected = statusOf[tracked.outcome.detail.type];
      this.#check(now.Status === expected, `PL-7: ${placementId} announced ${expected} but now shows ${now.Status}`);
      this.#check(now.EndTime?.toISOString() === tracked.outcome.detail.endTime, `PL-7: ${placementId} EndTime changed after it settled`);
    }
  }

  /** PL-5, PL-6: a placement that was not fulfilled leaves no game session of its attempts running. */
  #checkNothingLeft(placementId: string, type: string): void {
    const arn = this.#call('DescribeGameSessionPlacement', { PlacementId: placementId }).GameSessionPlacement!.GameSessionArn;
    if (arn === undefined) return;
    const status = this.#call('DescribeGameSessions', { GameSessionId: arn }).GameSessions![0]?.Status;
    this.#check(status === 'TERMINATED' || status === 'ERROR', `PL-5: ${placementId} ended ${type} leaving game session ${arn} ${status}`);
  }

  #check(holds: boolean, violation: string): void {
    this.#checks++;
    const rule = violation.slice(0, violation.indexOf(':'));
    const count = this.#checksByRule.get(rule) ?? { held: 0, failed: 0 };
    this.#checksByRule.set(rule, count);
    if (holds) {
      count.held++;
      return;
    }
    count.failed++;
    this.#violations.push(violation);
  }

  #result(startMs: number, eventsRun: number): Omit<RunResult, 'unmet' | 'apiCalls' | 'thresholds'> {
    const placements: Record<GameSessionPlacementState, number> = { PENDING: 0, FULFILLED: 0, CANCELLED: 0, TIMED_OUT: 0, FAILED: 0 };
    const fulfil: number[] = [];
    for (const placement of this.#sim.placements.placements.values()) {
      placements[placement.status]++;
      if (placement.status === 'FULFILLED') fulfil.push((placement.endTimeMs! - placement.startTimeMs) / 1000);
    }
    fulfil.sort((a, b) => a - b);
    const gameSessions: Record<GameSessionStatus, number> = { ACTIVATING: 0, ACTIVE: 0, TERMINATING: 0, TERMINATED: 0, ERROR: 0 };
    for (const session of this.#sim.world.gameSessions.values()) gameSessions[session.status]++;
    const utilization: Record<string, Utilization> = {};
    for (const [location, u] of [...this.#utilization].sort(([a], [b]) => (a < b ? -1 : 1))) {
      utilization[location] = { peak: u.peak, mean: u.sum / this.#samples };
    }
    const at = (q: number): number => (fulfil.length === 0 ? 0 : fulfil[Math.min(fulfil.length - 1, Math.floor(q * fulfil.length))]!);
    return {
      scenario: this.#scenario.name,
      seed: this.#sim.seed,
      virtualMs: this.#sim.nowMs - startMs,
      eventsRun,
      placements,
      placementCount: this.#tracked.size,
      fulfilSeconds: {
        p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99), max: fulfil.at(-1) ?? 0,
        mean: fulfil.length === 0 ? 0 : fulfil.reduce((a, b) => a + b, 0) / fulfil.length,
      },
      gameSessionsCreated: this.#sim.world.gameSessions.size,
      gameSessions,
      utilization,
      peakActiveGameSessions: this.#peakActive,
      stopsAccepted: this.#stopsAccepted,
      stopsRefused: this.#stopsRefused,
      faultsInjected: this.#faultsInjected,
      violations: this.#violations,
      checks: this.#checks,
      checksByRule: Object.fromEntries([...this.#checksByRule].sort(([a], [b]) => (a < b ? -1 : 1))),
      traceHash: this.#sim.traceHash(),
    };
  }
}
