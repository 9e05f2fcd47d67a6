import type { GameLiftClient, GameSessionPlacementState, GameSessionStatus } from '@aws-sdk/client-gamelift';
import type { Simulation } from '../api/simulation.ts';
import type { Retention } from '../model/config.ts';
import { runClient } from '../client/run-client.ts';
import { loadWirePipeline, simulatedClient } from '../client/simulated-client.ts';
import { indexKey } from '../model/session-index.ts';
import { unmetExpectations } from './expectations.ts';
import { bundledChecks, CheckRunner, LobbyLedger, type Check, type LobbyOutcome, type LobbyOutcomes, type LobbyResult } from './checks.ts';
import type { ClientHandlers, OutcomeReporter } from './client-api.ts';
import { faultPlan } from './fault-plan.ts';
import { lobbies, type Lobby } from './lobbies.ts';
import { referenceClient } from './reference-client.ts';
import { RuleWatch } from './rule-watch.ts';
import type { Scenario } from './scenario.ts';
import { simulationFor, timingsOf, type BuiltWorld } from './scenario.ts';
import type { Spread } from './spread.ts';
import { evaluateThresholds, metricsOf, parseThresholds, type ThresholdOutcome } from './thresholds.ts';
import type { Timeline } from './timeline.ts';

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
 * the lobbies the client reported on. The result is a pure function of (scenario, seed, client).
 */
export async function runScenario(scenario: Scenario, seed: number | string, options: RunOptions = {}): Promise<RunResult> {
  const apiCalls: Record<string, ApiCallCount> = {};
  const count = (operation: string, error: string | undefined): void => {
    const c = (apiCalls[operation] ??= { calls: 0, errors: 0, throttles: 0 });
    c.calls++;
    if (error === undefined) return;
    c.errors++;
    if (error === 'ThrottlingException') c.throttles++;
  };
  if (options.wire === true) await loadWirePipeline();
  let watch: RuleWatch | undefined;
  const onCall = (operation: string, error: string | undefined, input: unknown): void => {
    // While the world is built the simulation is the only witness of calls; then the client's own are counted at
    // `send`, where throttles and transport faults that never reach the service are seen too.
    if (watch === undefined) count(operation, error);
    else watch.called({ operation, error, input });
  };
  // The trace keeps no entries in memory here: a run can make millions; its hash still covers every one. Its JSON
  // lines are made only for a sink that asks for them. Nor placement events: the run hears each through its listener.
  const { sim, built } = simulationFor(scenario, seed, 0, { traceSink: options.onTraceLine, onCall, placementEventsKept: 0 });
  watch = new RuleWatch(sim);
  const run = new ClientRun(sim, scenario, built, watch, options, count);
  const measured = { ...(await run.run()), apiCalls: sortedKeys(apiCalls) };
  sim.world.engine.trace.streamTo(undefined);
  return {
    ...measured,
    unmet: unmetExpectations(measured, scenario.expect),
    thresholds: evaluateThresholds(parseThresholds(scenario.thresholds ?? {}), metricsOf(measured)),
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
  readonly #count: (operation: string, error: string | undefined) => void;
  #faultsInjected = 0;
  #peakActive = 0;
  /** Per location: the sum of utilization samples and the peak. */
  readonly #utilization = new Map<string, { sum: number; peak: number }>();
  #samples = 0;
  #eventsRun = 0;
  #lastSettleMs = 0;
  readonly #startMs: number;
  readonly #loadEndMs: number;

  constructor(
    sim: Simulation, scenario: Scenario, built: BuiltWorld, watch: RuleWatch, options: RunOptions,
    count: (operation: string, error: string | undefined) => void,
  ) {
    this.#sim = sim;
    this.#scenario = scenario;
    this.#built = built;
    this.#watch = watch;
    this.#options = options;
    this.#timeline = options.timeline;
    this.#count = count;
    this.#startMs = sim.nowMs;
    this.#loadEndMs = this.#startMs + scenario.load.durationMinutes * 60_000;
    this.#ledger = new LobbyLedger(this.#startMs);
    const sessionSecondsMax = timingsOf(scenario).gameSessionLifetime?.maxSeconds;
    this.#checks = [...bundledChecks({ sessionSecondsMax }), ...(scenario.checks ?? [])];
    this.#checkRunner = new CheckRunner(this.#checks, this.#startMs);
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
    const factory = this.#scenario.client ?? referenceClient();
    await runClient(sim, async () => {
      const handlers = await factory({ client, report: this.#reporter(), seed: sim.seed });
      await new Promise<void>((done) => this.#schedule(handlers, done));
      await handlers.stop?.();
    }, { advanceTo: (targetMs) => (this.#eventsRun += this.#timeline?.advanceTo(targetMs) ?? sim.advanceTo(targetMs)) });
    this.#watch.finish();
    const view = { sim, nowMs: sim.nowMs, lobbies: this.#ledger.records };
    const violations = [...this.#watch.violations];
    const invariants: Record<string, { held: number; failed: number }> = {};
    for (const check of this.#checks) invariants[check.name] = { held: 1, failed: 0 };
    for (const v of this.#checkRunner.finish(view)) {
      violations.push(`${v.check}: ${v.message}`);
      invariants[v.check] = { held: 0, failed: invariants[v.check]!.failed + 1 };
    }
    return this.#result(violations, invariants);
  }

  /**
   * Schedules, in virtual time beside the client's own timers, the lobbies' arrivals and disbands, the scenario's
   * faults, the checks' looks and the samples, and calls `done` once the load is over and the run has drained.
   */
  #schedule(handlers: ClientHandlers, done: () => void): void {
    const sim = this.#sim;
    const arrivals = lobbies(this.#scenario.load, sim.seed);
    const nextArrival = (): void => {
      const next = arrivals.next();
      if (next.done) return;
      const lobby = next.value;
      at(this.#startMs + lobby.arrivalMs, () => {
        this.#ledger.arrive(lobby, sim.nowMs);
        this.#handle(lobby.id, () => handlers.onLobby(lobby));
        if (lobby.disbandAfterMs !== undefined) {
          at(sim.nowMs + lobby.disbandAfterMs, () => {
            // Reported on (and perhaps let go already): nobody is waiting any more.
            const record = this.#ledger.records.get(lobby.id);
            if (record === undefined || record.outcome !== undefined) return;
            this.#ledger.disbanded(lobby.id, sim.nowMs);
            this.#handle(lobby.id, () => handlers.onDisband(lobby.id));
          });
        }
        nextArrival();
      });
    };
    nextArrival();
    for (const step of faultPlan(this.#scenario, this.#built)) {
      at(this.#startMs + step.atMs, () => {
        if (step.fault) this.#faultsInjected++;
        step.run(sim);
      });
    }
    const look = (): void => {
      const due = this.#checkRunner.due();
      if (due === undefined || due > this.#loadEndMs) return;
      at(due, () => {
        this.#checkRunner.look({ sim, nowMs: sim.nowMs, lobbies: this.#ledger.records });
        look();
      });
    };
    look();
    const drainEndMs = this.#loadEndMs + DRAIN_MS_MAX;
    const sample = (): void => {
      this.#ledger.prune((record) => this.#checkRunner.retains(record, sim));
      this.#sampleUtilization();
      if (sim.nowMs >= this.#loadEndMs && (this.#drained() || sim.nowMs >= drainEndMs)) return done();
      at(Math.min(sim.nowMs + SAMPLE_MS, Math.max(this.#loadEndMs, sim.nowMs + 1)), sample);
    };
    at(this.#startMs, sample);
  }

  /** The run may end: no placement is pending, and the client reported on every lobby or had time enough to. */
  #drained(): boolean {
    if (this.#watch.pending > 0) return false;
    return this.#sim.nowMs - this.#lastSettleMs >= REPORT_GRACE_MS || this.#ledger.unresolved === 0;
  }

  /** Calls a handler for a lobby; what it throws or rejects with is the lobby's error, as the client's own fault. */
  #handle(lobbyId: string, call: () => unknown): void {
    const fail = (error: unknown): void => this.#resolve(lobbyId, { kind: 'error', atMs: this.#sim.nowMs, message: messageOf(error) });
    try {
      const result = call();
      if (result instanceof Promise) result.catch(fail);
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
    this.#checkRunner.resolved(record, { sim: this.#sim, nowMs: this.#sim.nowMs });
    if (this.#checkRunner.retains(record, this.#sim)) this.#ledger.retain(lobbyId);
    else this.#ledger.release(lobbyId);
  }

  #reporter(): OutcomeReporter {
    return {
      placed: (lobbyId, { placementId, gameSessionArn }) => this.#resolve(lobbyId, { kind: 'placed', atMs: this.#sim.nowMs, placementId, gameSessionId: gameSessionArn }),
      gaveUp: (lobbyId, reason) => this.#resolve(lobbyId, { kind: 'gaveUp', atMs: this.#sim.nowMs, reason }),
      error: (lobbyId, error) => this.#resolve(lobbyId, { kind: 'error', atMs: this.#sim.nowMs, message: messageOf(error) }),
      placing: (lobbyId, placementId) => this.#ledger.placing(lobbyId, placementId),
    };
  }

  /** A placement started: it is the lobby's whose players it names, as the lobby generator makes player ids. */
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
      this.#count(operation, error);
      this.#timeline?.called(operation, error);
    };
    const counted = (command: { constructor: { name: string } }, ...rest: unknown[]): Promise<unknown> => {
      const operation = command.constructor.name.replace(/Command$/, '');
      return send(command, ...rest).then(
        (output) => (told(operation, undefined), output),
        (error: unknown) => {
          told(operation, (error as Error).name);
          throw error;
        },
      );
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
    for (const fleetId of this.#built.fleetIds.values()) active += this.#sim.world.sessionIndex.count(indexKey(fleetId, undefined, 'ACTIVE'));
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

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs `callback` at virtual time `dueMs` on the run's timeline, beside the client's timers (the virtual
 * `setImmediate` when it is due now, as `setTimeout` waits at least 1 ms).
 */
function at(dueMs: number, callback: () => void): void {
  const delayMs = dueMs - Date.now();
  if (delayMs <= 0) setImmediate(callback);
  else setTimeout(callback, delayMs);
}
