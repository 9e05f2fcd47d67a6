import { createHash } from 'node:crypto';
import type { GameLiftClient, GameSessionPlacementState, GameSessionStatus } from '@aws-sdk/client-gamelift';
import { Simulation } from '../api/simulation.ts';
import { PACKAGE_VERSION, SnapshotError } from '../api/snapshot.ts';
import { describeThrown } from '../api/thrown.ts';
import type { Retention } from '../model/config.ts';
import { HandlerWork, nextClientTimerMs, runClient, type LeftBehind } from '../client/run-client.ts';
import { loadWirePipeline, simulatedClient } from '../client/simulated-client.ts';
import { indexKey } from '../model/session-index.ts';
import { unmetExpectations } from './expectations.ts';
import { Agenda, type Planner } from './agenda.ts';
import {
  bundledChecks, CheckRunner, LobbyLedger, type Check, type CheckRunnerState, type LedgerState, type LobbyOutcome,
  type LobbyOutcomes, type LobbyResult,
} from './checks.ts';
import type { ClientHandlers, OutcomeReporter } from './client-api.ts';
import { faultPlan, type HeldLosses, type TimedStep } from './fault-plan.ts';
import { lobbies, type Lobby } from './lobbies.ts';
import { ReferenceMatchmaker, type ClientStep, type ReferenceClientOptions, type Ticket } from './reference-client.ts';
import { RuleWatch, type RuleWatchState } from './rule-watch.ts';
import type { Scenario } from './scenario.ts';
import { simulationFor, timingsOf, type BuiltWorld } from './scenario.ts';
import type { Spread } from './spread.ts';
import { evaluateThresholds, metricsOf, parseThresholds, type ThresholdOutcome } from './thresholds.ts';
import type { Timeline, TimelineState } from './timeline.ts';

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
export interface RunOptions {
  /** Receives every trace line (JSON and a newline) from the first call on, in order. */
  readonly onTraceLine?: (line: string) => void;
  /** Called once per virtual minute, for a progress display. */
  readonly onProgress?: (progress: RunProgress) => void;
  /** Samples the run over virtual time (for the HTML report); the run and its trace are the same without it. */
  readonly timeline?: Timeline;
  /** Route the client's calls through the SDK's whole pipeline (`--wire`) instead of answering at `send`. */
  readonly wire?: boolean;
  /** Save the run at a virtual time, to go on from there with {@link resumeScenario}; the run itself goes on unchanged. */
  readonly snapshot?: SnapshotRequest;
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
  readonly fulfilSeconds: Spread;
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
  /**
   * Rule checks by the rule IDs their message starts with (`PL-5`, `ST-2/ST-3`): how many held and failed; and each
   * invariant check (`leaked-game-session`, the scenario's own) by name: held 1 when it saw nothing, else failed by
   * the violations it saw.
   */
  readonly checksByRule: Readonly<Record<string, { held: number; failed: number }>>;
  /** Lobbies that arrived during the run. */
  readonly lobbyCount: number;
  /**
   * Examples, in order of arrival: the first {@link LOBBY_EXAMPLES_MAX} lobbies the client reported placed, gave up
   * and error for, and the first as many it never reported on — a bounded sample, not every lobby of the run.
   */
  readonly lobbies: readonly LobbyResult[];
  /** Lobbies by what the client reported for them; `unresolved`: nothing. */
  readonly lobbyOutcomes: Readonly<LobbyOutcomes>;
  /** Seconds from a lobby's arrival to the client's report that it was placed: percentiles, mean and max. */
  readonly lobbySecondsToPlacement: Spread;
  readonly traceHash: string;
  /** How long ended game sessions and settled placements stayed visible: GameLift's, or shortened for a load test. */
  readonly retention: Retention;
}

export { LOBBY_EXAMPLES_MAX, type LobbyResult } from './checks.ts';

/** The longest a run goes on after its load ends, waiting for the last placements to settle, in virtual ms. */
const DRAIN_MS_MAX = 3_600_000;
/**
 * How long after the last placement settled the run waits for the client to report on lobbies it has not reported
 * on yet, in virtual ms: a client that polls sees a settled placement within its polling period.
 */
const REPORT_GRACE_MS = 60_000;
/** How often a run samples utilization, reports progress and, once the load is over, sees whether it is done, in virtual ms. */
const SAMPLE_MS = 60_000;

/**
 * Runs a scenario with a seed: builds its world, then runs its client — the scenario's own, or the bundled reference
 * client — in virtual time (`runClient`), with a `GameLiftClient` wired to the simulation (at `send`, or with `wire`
 * through the SDK's whole pipeline; the scenario's transport faults applied), handing it lobbies as they arrive and
 * disband, and injecting the scenario's faults at their times. GameLift's placement rules are checked against what
 * the simulation does ({@link RuleWatch}); the bundled and the scenario's invariant checks look at the simulation and
 * the lobbies the client reported on. The result is a pure function of (scenario, seed, client). With `snapshot`,
 * the run also saves itself at a virtual time (see {@link snapshotRefusal} for the runs that can).
 */
export async function runScenario(scenario: Scenario, seed: number | string, options: RunOptions = {}): Promise<RunResult> {
  if (options.snapshot !== undefined) {
    const refusal = snapshotRefusal(scenario, options);
    if (refusal !== undefined) throw new SnapshotError(`cannot snapshot this run: ${refusal}`);
    const { atMinutes } = options.snapshot;
    if (!(atMinutes >= 0 && atMinutes <= scenario.load.durationMinutes)) {
      throw new RangeError(`a snapshot is taken during the load, 0 to ${scenario.load.durationMinutes} minutes after it starts; got ${atMinutes}`);
    }
  }
  if (options.wire === true) await loadWirePipeline();
  const calls = new CallCounts();
  // The trace keeps no entries in memory here: a run can make millions; its hash still covers every one. Its JSON
  // lines are made only for a sink that asks for them. Nor placement events: the run hears each through its listener.
  const { sim, built } = simulationFor(scenario, seed, 0, { traceSink: options.onTraceLine, onCall: calls.onCall, placementEventsKept: 0 });
  const watch = calls.watch(new RuleWatch(sim));
  return finished(scenario, calls, await new ClientRun(sim, scenario, built, watch, options, calls).run());
}

/**
 * Goes on with a run a snapshot saved (`RunOptions.snapshot`), to the same result and trace hash as the run that
 * saved it (DT-3). The snapshot holds the scenario; `scenario`, when given, must be the same (its definition's hash),
 * else the snapshot is refused, as one of another format or release is, with a SnapshotError saying why.
 */
export async function resumeScenario(bytes: Uint8Array, options: ResumeOptions = {}): Promise<RunResult> {
  const calls = new CallCounts();
  const { sim, attached } = Simulation.restoreWith(bytes, { traceSink: options.onTraceLine, onCall: calls.onCall, placementEventsKept: 0, traceEntriesKept: 0 });
  const saved = attached as Partial<RunSnapshot> | undefined;
  if (saved?.kind !== RUN_SNAPSHOT_KIND) throw new SnapshotError('this snapshot holds a simulation, not a run: it was not saved by `run --snapshot-at`');
  if (saved.version !== RUN_SNAPSHOT_VERSION) {
    throw new SnapshotError(`this run snapshot has version ${saved.version}; gamelift-sim ${PACKAGE_VERSION} goes on with version ${RUN_SNAPSHOT_VERSION} only: run the scenario again from the start with its seed`);
  }
  const state = saved as RunSnapshot;
  if (options.scenario !== undefined && scenarioHash(options.scenario) !== state.scenarioHash) {
    throw new SnapshotError(`the snapshot is of scenario "${state.scenario.name}" as it was defined then (hash ${state.scenarioHash.slice(0, 12)}), not of this "${options.scenario.name}" (hash ${scenarioHash(options.scenario).slice(0, 12)})`);
  }
  if (options.timeline !== undefined) {
    if (state.timeline === undefined) throw new SnapshotError('this snapshot was saved by a run without a report, so it holds no timeline of the run before it: save one with --report beside --snapshot-at to chart the whole run');
    try {
      options.timeline.restore(state.timeline);
    } catch (error) {
      if (error instanceof RangeError) throw new SnapshotError(`this snapshot's timeline is damaged: ${error.message}`);
      throw error;
    }
  }
  options.onResumed?.({ scenario: state.scenario, seed: sim.seed, atMinutes: (sim.nowMs - state.driver.startMs) / 60_000, traceEntries: sim.world.engine.trace.recorded });
  calls.restore(state.apiCalls);
  const watch = calls.watch(new RuleWatch(sim, state.watch));
  return finished(state.scenario, calls, await new ClientRun(sim, state.scenario, state.built, watch, options, calls, state.driver).run());
}

/**
 * What `resumeScenario` takes: the scenario to check the snapshot against, and the hooks of a run. A `timeline` (new,
 * not attached) goes on from the one the snapshot holds, so that it charts the whole run; a snapshot saved by a run
 * without one is then refused.
 */
export interface ResumeOptions extends Pick<RunOptions, 'onTraceLine' | 'onProgress' | 'timeline'> {
  readonly scenario?: Scenario;
  /** Told what the snapshot holds once it is read and accepted, before the run goes on. */
  readonly onResumed?: (resumed: {
    readonly scenario: Scenario;
    readonly seed: string;
    readonly atMinutes: number;
    /** Trace entries recorded before the snapshot: the first entry from here on has this `n`. */
    readonly traceEntries: number;
  }) => void;
}

/**
 * Why a run of `scenario` cannot be saved in a snapshot, or undefined when it can. A snapshot holds data, not code:
 * a scenario's own client or checks are code with state of their own (closures, pending promises), the SDK's
 * pipeline (`wire`) keeps its retries in closures, and a transport delay keeps responses in flight in promises.
 */
export function snapshotRefusal(scenario: Scenario, options: Pick<RunOptions, 'wire'> = {}): string | undefined {
  if (scenario.client !== undefined) return 'the scenario runs its own client, whose state (closures, pending promises) a snapshot cannot hold';
  if (scenario.checks !== undefined && scenario.checks.length > 0) return 'the scenario has its own checks, code whose state a snapshot cannot hold';
  if ((scenario.transport?.delay?.length ?? 0) > 0) return 'the scenario delays responses (transport.delay): calls in flight are promises a snapshot cannot hold';
  if (options.wire === true) return 'with --wire the SDK\'s pipeline keeps its retries in closures a snapshot cannot hold';
  return undefined;
}

/** The hash of a scenario's definition, by which a snapshot names the scenario it was saved from. */
export function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(JSON.stringify(scenario)).digest('hex');
}

/** Where a run saves itself: at this many virtual minutes after the load started, handing the bytes to `save`. */
export interface SnapshotRequest {
  readonly atMinutes: number;
  save(bytes: Uint8Array): void;
}

/** What a run snapshot's attached data says it is. */
const RUN_SNAPSHOT_KIND = 'gamelift-sim run';
/**
 * The version of what a run snapshot attaches to the simulation's state (the driver's, the checks', the reference
 * client's). Bump it with any change to that data or to what the driver and the reference client do with it.
 */
export const RUN_SNAPSHOT_VERSION = 2;

/** A run as a snapshot holds it, beside the simulation's own state: plain data only. */
interface RunSnapshot {
  readonly kind: typeof RUN_SNAPSHOT_KIND;
  readonly version: number;
  readonly scenario: Scenario;
  readonly scenarioHash: string;
  readonly built: BuiltWorld;
  readonly apiCalls: Record<string, ApiCallCount>;
  readonly watch: RuleWatchState;
  readonly driver: DriverState;
  /** The report's timeline so far, when the run had one. */
  readonly timeline: TimelineState | undefined;
}

/** Where the driver stood: its counters and samples, its ledger and checks, the reference client's tickets, and its agenda. */
interface DriverState {
  readonly startMs: number;
  /** The lobby the planned arrival is for; undefined once the last one arrived. */
  readonly nextLobbyIndex: number | undefined;
  readonly faultsInjected: number;
  readonly peakActive: number;
  readonly utilization: ReadonlyMap<string, { sum: number; peak: number }>;
  readonly samples: number;
  readonly eventsRun: number;
  readonly lastSettleMs: number;
  readonly heldLosses: HeldLosses;
  readonly ledger: LedgerState;
  readonly checks: CheckRunnerState;
  readonly tickets: ReadonlyMap<string, Ticket>;
  /** Every planned step, in firing order. */
  readonly planned: readonly { readonly dueMs: number; readonly item: Step }[];
}

/**
 * A planned step of a run: the driver's (a lobby arrives or disbands, a fault step, a look of the checks, a sample, the
 * snapshot) or the reference client's. One agenda holds both, so that steps due at the same instant keep their order
 * across a snapshot.
 */
type Step =
  | { readonly kind: 'arrive' }
  | { readonly kind: 'disband'; readonly lobbyId: string }
  | { readonly kind: 'fault'; readonly step: number }
  | { readonly kind: 'look' }
  | { readonly kind: 'sample' }
  | { readonly kind: 'drain' }
  | { readonly kind: 'snapshot' }
  | ClientStep;

/** The step of every arrival: which lobby arrives is the driver's to know, so that one object serves them all. */
const ARRIVE: Step = { kind: 'arrive' };

/** The API calls of a run by operation, and how the run hears of each call the simulation answers. */
class CallCounts {
  #counts: Record<string, ApiCallCount> = {};
  #watch: RuleWatch | undefined;

  /** The simulation's call listener: counts the calls that build the world; then the rule watch hears them. */
  readonly onCall = (operation: string, error: string | undefined, input: unknown): void => {
    // While the world is built the simulation is the only witness of calls; then the client's own are counted at
    // `send`, where throttles and transport faults that never reach the service are seen too.
    if (this.#watch === undefined) this.count(operation, error);
    else this.#watch.called(operation, error, input);
  };

  watch(watch: RuleWatch): RuleWatch {
    return (this.#watch = watch);
  }

  count(operation: string, error: string | undefined): void {
    const c = (this.#counts[operation] ??= { calls: 0, errors: 0, throttles: 0 });
    c.calls++;
    if (error === undefined) return;
    c.errors++;
    if (error === 'ThrottlingException') c.throttles++;
  }

  restore(counts: Record<string, ApiCallCount>): void {
    this.#counts = structuredClone(counts);
  }

  /** The counts so far, by operation in order. */
  sorted(): Record<string, ApiCallCount> {
    return sortedKeys(structuredClone(this.#counts));
  }
}

function finished(scenario: Scenario, calls: CallCounts, measured: Omit<RunResult, 'apiCalls' | 'unmet' | 'thresholds'>): RunResult {
  const withCalls = { ...measured, apiCalls: calls.sorted() };
  return {
    ...withCalls,
    unmet: unmetExpectations(withCalls, scenario.expect),
    thresholds: evaluateThresholds(parseThresholds(scenario.thresholds ?? {}), metricsOf(withCalls)),
  };
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The player ids the lobby generator makes (`player-<index>-<i>`), by which a placement is told to be a lobby's. */
const LOBBY_PLAYER = /^player-(\d+)-\d+$/;

/** One run of a client against a scenario's simulation, from the first lobby to the drained end. */
class ClientRun {
  readonly #sim: Simulation;
  readonly #scenario: Scenario;
  readonly #built: BuiltWorld;
  readonly #watch: RuleWatch;
  readonly #ledger: LobbyLedger;
  readonly #checks: readonly Check[];
  readonly #checkRunner: CheckRunner;
  readonly #timeline: Timeline | undefined;
  readonly #options: RunOptions;
  readonly #calls: CallCounts;
  readonly #agenda = new Agenda<Step>((step) => this.#fire(step));
  readonly #heldLosses: HeldLosses;
  readonly #steps: readonly TimedStep[];
  /** Where a restored run picks up; undefined for a run from the start. */
  readonly #restored: DriverState | undefined;
  #faultsInjected: number;
  #peakActive: number;
  /** Per location: the sum of utilization samples and the peak. */
  readonly #utilization: Map<string, { sum: number; peak: number }>;
  #samples: number;
  #eventsRun: number;
  #lastSettleMs: number;
  readonly #startMs: number;
  readonly #loadEndMs: number;
  /** The lobbies still to arrive, and the one whose arrival is planned. */
  #arrivals: Generator<Lobby> | undefined;
  #nextLobby: Lobby | undefined;
  #handlers: ClientHandlers | undefined;
  #matchmaker: ReferenceMatchmaker | undefined;
  #done: (() => void) | undefined;
  /**
   * Whether every step of the run is synchronous but for the client's calls: the bundled client on the fast path,
   * without transport delays or checks of the scenario's own (as in a run a snapshot can hold). Then what a step
   * leaves to run is the rest of the client's handlers it called, and nothing else until the run ends.
   */
  readonly #plainSteps: boolean;
  /** The promises of the client's handlers called since `runClient` last asked what steps left. */
  readonly #handling = new HandlerWork();
  /** The run is ending: what that leaves to run is the run's own, and settles with a macrotask. */
  #ending = false;
  /** The session index's keys of each fleet's ACTIVE game sessions, counted at every placement start and event. */
  readonly #activeKeys: readonly string[];

  constructor(
    sim: Simulation, scenario: Scenario, built: BuiltWorld, watch: RuleWatch, options: RunOptions, calls: CallCounts,
    restored?: DriverState,
  ) {
    this.#sim = sim;
    this.#scenario = scenario;
    this.#built = built;
    this.#watch = watch;
    this.#options = options;
    this.#timeline = options.timeline;
    this.#calls = calls;
    this.#restored = restored;
    this.#plainSteps = scenario.client === undefined && options.wire !== true && (scenario.transport?.delay?.length ?? 0) === 0
      && (scenario.checks?.length ?? 0) === 0;
    this.#startMs = restored?.startMs ?? sim.nowMs;
    this.#loadEndMs = this.#startMs + scenario.load.durationMinutes * 60_000;
    this.#faultsInjected = restored?.faultsInjected ?? 0;
    this.#peakActive = restored?.peakActive ?? 0;
    this.#utilization = new Map([...(restored?.utilization ?? [])].map(([location, u]) => [location, { ...u }]));
    this.#samples = restored?.samples ?? 0;
    this.#eventsRun = restored?.eventsRun ?? 0;
    this.#lastSettleMs = restored?.lastSettleMs ?? 0;
    this.#heldLosses = new Map(restored?.heldLosses);
    this.#steps = faultPlan(scenario, built, this.#heldLosses);
    this.#ledger = new LobbyLedger(this.#startMs, restored?.ledger);
    this.#activeKeys = [...built.fleetIds.values()].map((fleetId) => indexKey(fleetId, undefined, 'ACTIVE'));
    const sessionSecondsMax = timingsOf(scenario).gameSessionLifetime?.maxSeconds;
    this.#checks = [...bundledChecks({ sessionSecondsMax }), ...(scenario.checks ?? [])];
    this.#checkRunner = new CheckRunner(this.#checks, this.#startMs, restored?.checks);
    watch.onStart = (placementId) => this.#attribute(placementId);
    sim.onPlacementEvent(() => {
      this.#lastSettleMs = sim.nowMs;
      this.#samplePeak();
    });
  }

  async run(): Promise<Omit<RunResult, 'apiCalls' | 'unmet' | 'thresholds'>> {
    const sim = this.#sim;
    this.#timeline?.attach(sim);
    const client = this.#countedClient(simulatedClient(sim, { wire: this.#options.wire, faults: this.#scenario.transport }));
    await runClient(sim, async () => {
      const report = this.#reporter();
      if (this.#scenario.client === undefined) {
        // The reference client plans its steps on the run's agenda, so that a snapshot holds them in order.
        const planner: Planner<ClientStep> = {
          after: (delay, step) => this.#agenda.after(delay, step),
          cancelAll: () => this.#agenda.cancelWhere(isClientStep),
        };
        const options = referenceClientOptions(this.#scenario);
        const matchmaker = new ReferenceMatchmaker(client, report, planner, options, new Map(this.#restored?.tickets));
        if (options.outcomes === 'events') sim.onPlacementEvent((event) => this.#handled(matchmaker.heard(event)));
        this.#handlers = this.#matchmaker = matchmaker;
      } else {
        this.#handlers = await this.#scenario.client({ client, report, seed: sim.seed, onPlacementEvent: (listener) => sim.onPlacementEvent(listener) });
      }
      await new Promise<void>((done) => {
        this.#done = done;
        if (this.#restored === undefined) this.#schedule();
        else this.#reschedule(this.#restored);
      });
      await this.#handlers.stop?.();
    }, {
      advanceTo: (targetMs) => {
        const ran = this.#timeline?.advanceTo(targetMs) ?? sim.advanceTo(targetMs);
        this.#eventsRun += ran;
        return ran;
      },
      leftBehind: () => this.#leftBehind(),
    });
    this.#watch.finish();
    const view = { sim, nowMs: sim.nowMs, lobbies: this.#ledger.records };
    const violations = [...this.#watch.violations];
    const invariants: Record<string, { held: number; failed: number }> = {};
    for (const check of this.#checks) invariants[check.name] = { held: 1, failed: 0 };
    for (const v of this.#checkRunner.finish(view)) {
      violations.push(`${v.check}: ${v.message}`);
      invariants[v.check] = { held: 0, failed: invariants[v.check]!.failed + 1 };
    }
    const result = this.#result(violations, invariants);
    sim.world.engine.trace.streamTo(undefined);
    return result;
  }

  /**
   * Plans, in virtual time beside the client's own timers, the snapshot if one is asked for, the first lobby's arrival
   * (each arrival plans the next, and a lobby's disband), the scenario's faults, the checks' first look and the first
   * sample, which ends the run once the load is over and the run has drained.
   */
  #schedule(): void {
    const request = this.#options.snapshot;
    if (request !== undefined) this.#agenda.at(this.#startMs + request.atMinutes * 60_000, { kind: 'snapshot' });
    this.#arrivals = lobbies(this.#scenario.load, this.#sim.seed);
    this.#planArrival();
    this.#steps.forEach((step, i) => this.#agenda.at(this.#startMs + step.atMs, { kind: 'fault', step: i }));
    this.#planLook();
    this.#agenda.at(this.#startMs, { kind: 'sample' });
  }

  /** Plans again what a snapshot saved, in its order; the lobbies go on from the one whose arrival was planned. */
  #reschedule(restored: DriverState): void {
    const index = restored.nextLobbyIndex;
    if (index !== undefined) {
      this.#arrivals = lobbies(this.#scenario.load, this.#sim.seed, index - 1);
      this.#nextLobby = this.#arrivals.next().value as Lobby;
    }
    for (const { dueMs, item } of restored.planned) this.#agenda.at(dueMs, item);
  }

  #planArrival(): void {
    const next = this.#arrivals!.next();
    this.#nextLobby = next.done ? undefined : next.value;
    if (this.#nextLobby !== undefined) this.#agenda.at(this.#startMs + this.#nextLobby.arrivalMs, ARRIVE);
  }

  #planLook(): void {
    const due = this.#checkRunner.due();
    if (due !== undefined && due <= this.#loadEndMs) this.#agenda.at(due, { kind: 'look' });
  }

  /** A planned step is due. */
  #fire(step: Step): void {
    const sim = this.#sim;
    switch (step.kind) {
      case 'arrive': {
        const lobby = this.#nextLobby!;
        this.#ledger.arrive(lobby, sim.nowMs);
        this.#handle(lobby.id, () => this.#handlers!.onLobby(lobby));
        if (lobby.disbandAfterMs !== undefined) this.#agenda.at(sim.nowMs + lobby.disbandAfterMs, { kind: 'disband', lobbyId: lobby.id });
        return this.#planArrival();
      }
      case 'disband': {
        // Reported on (and perhaps let go already): nobody is waiting any more.
        const record = this.#ledger.records.get(step.lobbyId);
        if (record === undefined || record.outcome !== undefined) return;
        this.#ledger.disbanded(step.lobbyId, sim.nowMs);
        return this.#handle(step.lobbyId, () => this.#handlers!.onDisband(step.lobbyId));
      }
      case 'fault': {
        const timed = this.#steps[step.step]!;
        if (timed.fault) this.#faultsInjected++;
        return timed.run(sim);
      }
      case 'look':
        this.#checkRunner.look({ sim, nowMs: sim.nowMs, lobbies: this.#ledger.records });
        return this.#planLook();
      case 'sample': {
        this.#ledger.prune((record) => this.#checkRunner.retains(record, sim));
        this.#sampleUtilization();
        if (sim.nowMs === this.#loadEndMs) this.#agenda.at(sim.nowMs, { kind: 'drain' });
        this.#agenda.at(sim.nowMs < this.#loadEndMs ? Math.min(sim.nowMs + SAMPLE_MS, this.#loadEndMs) : sim.nowMs + SAMPLE_MS, { kind: 'sample' });
        return;
      }
      case 'drain':
        // Once the load is over, the run ends at the first millisecond it has drained; samples stay on their minute grid.
        if (this.#drained() || sim.nowMs >= this.#loadEndMs + DRAIN_MS_MAX) {
          this.#ending = true;
          this.#handling.close();
          return this.#done!();
        }
        this.#agenda.at(this.#nextDrainLookMs(), { kind: 'drain' });
        return;
      case 'snapshot':
        return this.#options.snapshot!.save(sim.snapshot(this.#runSnapshot()));
      default:
        return this.#handled(this.#matchmaker!.step(step));
    }
  }

  /** The run as a snapshot holds it beside the simulation: taken between two steps, when no call is in flight. */
  #runSnapshot(): RunSnapshot {
    const driver: DriverState = {
      startMs: this.#startMs,
      nextLobbyIndex: this.#nextLobby?.index,
      faultsInjected: this.#faultsInjected,
      peakActive: this.#peakActive,
      utilization: new Map([...this.#utilization].map(([location, u]) => [location, { ...u }])),
      samples: this.#samples,
      eventsRun: this.#eventsRun,
      lastSettleMs: this.#lastSettleMs,
      heldLosses: new Map(this.#heldLosses),
      ledger: this.#ledger.state(),
      checks: this.#checkRunner.state(),
      tickets: new Map([...this.#matchmaker!.tickets].map(([id, t]) => [id, { ...t }])),
      planned: this.#agenda.planned(),
    };
    return {
      kind: RUN_SNAPSHOT_KIND, version: RUN_SNAPSHOT_VERSION, scenario: this.#scenario, scenarioHash: scenarioHash(this.#scenario),
      built: this.#built, apiCalls: this.#calls.sorted(), watch: this.#watch.state(), driver, timeline: this.#timeline?.state(),
    };
  }

  /**
   * When to see next whether the run has drained: the next millisecond at which that can have changed. Nothing
   * changes until the next simulation event or client timer (continuations have all run before a planned step fires),
   * but for the time since the last settled placement, so looking every millisecond in between, as the run once did,
   * finds what this finds at the same instant, after a jump instead of a step per millisecond.
   */
  #nextDrainLookMs(): number {
    const nowMs = this.#sim.nowMs;
    const graceMs = this.#lastSettleMs + REPORT_GRACE_MS;
    const next = Math.min(
      this.#sim.world.engine.nextDueMs() ?? Infinity,
      nextClientTimerMs() ?? Infinity,
      graceMs > nowMs ? graceMs : Infinity,
      this.#loadEndMs + DRAIN_MS_MAX,
    );
    return Math.max(nowMs + 1, next);
  }

  /** The run may end: no placement is pending, and the client reported on every lobby or had time enough to. */
  #drained(): boolean {
    if (this.#watch.pending > 0) return false;
    return this.#sim.nowMs - this.#lastSettleMs >= REPORT_GRACE_MS || this.#ledger.unresolved === 0;
  }

  /**
   * What the steps since the last ask left to run: with plain steps, the rest of the client's handlers they called —
   * nothing, most of the time (a placement event the client only reports on, a disband after the lobby was reported
   * on) — which spares `runClient` a macrotask per step; else (or as the run ends) what only a macrotask settles.
   */
  #leftBehind(): LeftBehind {
    return this.#plainSteps && !this.#ending ? this.#handling.take() : 'unknown';
  }

  /**
   * What a handler of the client goes on doing, for {@link #leftBehind}: counted while it asks what steps left;
   * otherwise a macrotask settles it, and a rejection it was not meant to have ends the run as an unhandled one.
   */
  #handled(work: Promise<unknown> | undefined): void {
    if (work !== undefined && this.#plainSteps && !this.#ending) this.#handling.add(work);
  }

  /** Calls a handler for a lobby; what it throws or rejects with is the lobby's error, as the client's own fault. */
  #handle(lobbyId: string, call: () => unknown): void {
    const fail = (error: unknown): void => this.#resolve(lobbyId, { kind: 'error', atMs: this.#sim.nowMs, message: describeThrown(error) });
    try {
      const result = call();
      if (result instanceof Promise) this.#handled(result.catch(fail));
    } catch (error) {
      fail(error);
    }
  }

  /**
   * Records the client's first report on a lobby (a later one, or one about no lobby, changes nothing), tells the
   * checks, and lets the record go unless a check retains it.
   */
  #resolve(lobbyId: string, outcome: LobbyOutcome): void {
    const record = this.#ledger.resolved(lobbyId, outcome);
    if (record === undefined) return;
    if (this.#checkRunner.hearsResolved) this.#checkRunner.resolved(record, { sim: this.#sim, nowMs: this.#sim.nowMs });
    if (this.#checkRunner.retains(record, this.#sim)) this.#ledger.retain(lobbyId);
    else this.#ledger.release(lobbyId);
  }

  #reporter(): OutcomeReporter {
    return {
      placed: (lobbyId, { placementId, gameSessionArn }) => this.#resolve(lobbyId, { kind: 'placed', atMs: this.#sim.nowMs, placementId, gameSessionId: gameSessionArn }),
      gaveUp: (lobbyId, reason) => this.#resolve(lobbyId, { kind: 'gaveUp', atMs: this.#sim.nowMs, reason }),
      error: (lobbyId, error) => this.#resolve(lobbyId, { kind: 'error', atMs: this.#sim.nowMs, message: describeThrown(error) }),
      placing: (lobbyId, placementId) => this.#ledger.placing(lobbyId, placementId),
    };
  }

  /**
   * A placement started: it is the lobby's whose players it names, as the lobby generator makes player ids. Read at
   * once, while the placement is PENDING: a settled one no longer keeps its DesiredPlayerSessions.
   */
  #attribute(placementId: string): void {
    const playerId = this.#sim.placements.placements.get(placementId)?.desiredPlayerSessions[0]?.playerId;
    const index = playerId === undefined ? undefined : LOBBY_PLAYER.exec(playerId)?.[1];
    if (index !== undefined) this.#ledger.placing(`lobby-${index}`, placementId);
    this.#samplePeak();
  }

  /**
   * The client's calls counted where the client makes them (throttles and transport faults included, which never
   * reach the service) and told to the timeline; `send` is wrapped on the instance, so both paths are counted alike.
   */
  #countedClient(client: GameLiftClient): GameLiftClient {
    const send = client.send.bind(client) as (command: unknown, ...rest: unknown[]) => Promise<unknown>;
    const told = (operation: string, error: string | undefined): void => {
      this.#calls.count(operation, error);
      this.#timeline?.called(operation, error);
    };
    // What counts an answer, made once per command class rather than per call (a day's run makes millions of calls),
    // for its operation, read from the class's name (`StartGameSessionPlacementCommand` → `StartGameSessionPlacement`).
    const counters = new WeakMap<object, { readonly answered: (output: unknown) => unknown; readonly refused: (error: unknown) => never }>();
    const countersOf = (command: object) => {
      let c = counters.get(command.constructor);
      if (c === undefined) {
        const operation = command.constructor.name.replace(/Command$/, '');
        c = {
          answered: (output) => (told(operation, undefined), output),
          refused: (error) => {
            told(operation, (error as Error).name);
            throw error;
          },
        };
        counters.set(command.constructor, c);
      }
      return c;
    };
    // The SDK's `send(command, options?, callback?)`: with a callback it answers through it and returns nothing, so
    // the answer is counted on the promise form and handed to the callback as the SDK would hand it.
    const counted = (command: object, optionsOrCallback?: unknown, callback?: unknown): Promise<unknown> | undefined => {
      const { answered, refused } = countersOf(command);
      const done = typeof optionsOrCallback === 'function' ? optionsOrCallback : callback;
      const options = typeof optionsOrCallback === 'function' ? undefined : optionsOrCallback;
      const answer = send(command, options).then(answered, refused);
      if (typeof done !== 'function') return answer;
      // What the callback throws is swallowed, as the SDK's own send swallows it, rather than left an unhandled rejection.
      answer.then((output) => done(null, output), (error: unknown) => done(error)).catch(() => {});
      return undefined;
    };
    Object.defineProperty(client, 'send', { value: counted, writable: true, configurable: true });
    return client;
  }

  /**
   * Samples utilization per location and reports progress. It reads the world directly, not through the API, so that
   * it adds nothing to the trace and a run's hash does not depend on the sampling.
   */
  #sampleUtilization(): void {
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
    this.#options.onProgress?.({
      virtualMs: this.#sim.nowMs - this.#startMs, loadMs: this.#loadEndMs - this.#startMs,
      placements: this.#watch.started, eventsRun: this.#eventsRun,
    });
  }

  #samplePeak(): void {
    let active = 0;
    for (const key of this.#activeKeys) active += this.#sim.world.sessionIndex.count(key);
    this.#peakActive = Math.max(this.#peakActive, active);
  }

  #result(violations: string[], invariants: Record<string, { held: number; failed: number }>): Omit<RunResult, 'unmet' | 'apiCalls' | 'thresholds'> {
    const gameSessions: Record<GameSessionStatus, number> = { ACTIVATING: 0, ACTIVE: 0, TERMINATING: 0, TERMINATED: 0, ERROR: 0 };
    for (const session of this.#sim.world.gameSessions.values()) gameSessions[session.status]++;
    const utilization: Record<string, Utilization> = {};
    for (const [location, u] of [...this.#utilization].sort(([a], [b]) => (a < b ? -1 : 1))) {
      utilization[location] = { peak: u.peak, mean: u.sum / this.#samples };
    }
    const lobbies = this.#ledger.summary();
    return {
      scenario: this.#scenario.name,
      seed: this.#sim.seed,
      virtualMs: this.#sim.nowMs - this.#startMs,
      eventsRun: this.#eventsRun,
      placements: this.#watch.byStatus(),
      placementCount: this.#watch.started,
      fulfilSeconds: this.#watch.fulfilSeconds(),
      gameSessionsCreated: this.#sim.world.gameSessions.size,
      gameSessions,
      utilization,
      peakActiveGameSessions: this.#peakActive,
      stopsAccepted: this.#watch.stopsAccepted,
      stopsRefused: this.#watch.stopsRefused,
      faultsInjected: this.#faultsInjected,
      violations,
      checks: this.#watch.checks + Object.values(invariants).reduce((n, c) => n + c.held + c.failed, 0),
      checksByRule: sortedKeys({ ...this.#watch.byRule, ...invariants }),
      lobbyCount: lobbies.count,
      lobbies: lobbies.examples,
      lobbyOutcomes: lobbies.outcomes,
      lobbySecondsToPlacement: lobbies.secondsToPlacement,
      traceHash: this.#sim.traceHash(),
      retention: this.#sim.world.config.retention,
    };
  }
}

function isClientStep(step: Step): step is ClientStep {
  return step.kind === 'start' || step.kind === 'poll' || step.kind === 'stop' || step.kind === 'terminate';
}

/** How a scenario without a client of its own has the reference client learn outcomes and wait. */
function referenceClientOptions(scenario: Scenario): ReferenceClientOptions {
  const spec = scenario.referenceClient;
  return { outcomes: spec?.outcomes, pollMs: spec?.pollSeconds === undefined ? undefined : spec.pollSeconds * 1000 };
}
