import type { GameSessionPlacementState, PlayerLatency } from '@aws-sdk/client-gamelift';
import type { Simulation } from '../api/simulation.ts';
import { EventQueue } from '../engine/event-queue.ts';
import type { PlacementEvent } from '../model/placement/events.ts';
import { indexKey } from '../model/session-index.ts';
import { unmetExpectations } from './expectations.ts';
import { CheckRunner, LobbyLedger } from './checks.ts';
import { lobbies, type Lobby } from './lobbies.ts';
import type { Scenario } from './scenario.ts';
import { simulationFor, type BuiltWorld } from './scenario.ts';
import { faultPlan, type TimedStep } from './fault-plan.ts';

/** What the load driver does next, in virtual time. */
type Action =
  | { readonly kind: 'arrival'; readonly lobby: Lobby }
  | { readonly kind: 'abandon'; readonly placementId: string }
  | { readonly kind: 'step'; readonly step: TimedStep }
  | { readonly kind: 'look' };

/** What one placement went through, as the driver saw it through the API. */
interface Tracked {
  readonly queueTimeoutSeconds: number;
  readonly startMs: number;
  abandoned: boolean;
  outcome: PlacementEvent | undefined;
}

export interface RunResult {
  readonly scenario: string;
  readonly seed: string;
  readonly virtualMs: number;
  readonly eventsRun: number;
  readonly placements: Readonly<Record<GameSessionPlacementState, number>>;
  readonly placementCount: number;
  /** Seconds from StartTime to EndTime of FULFILLED placements: p50, p95, p99, max. */
  readonly fulfilSeconds: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
  readonly gameSessionsCreated: number;
  readonly peakActiveGameSessions: number;
  readonly stopsAccepted: number;
  readonly stopsRefused: number;
  readonly faultsInjected: number;
  /** Rules the run saw broken through the API; empty when all held. */
  readonly violations: readonly string[];
  /** The scenario's expectations the run did not meet; empty when all were met. */
  readonly unmet: readonly string[];
  readonly checks: number;
  readonly traceHash: string;
}

/** The longest a run goes on after its load ends, waiting for the last placements to settle, in virtual ms. */
const DRAIN_MS_MAX = 3_600_000;

/**
 * Runs a scenario with a seed: builds its world, sends its load of placement requests like a matchmaker would
 * (players who leave the lobby are stopped; a stop refused because a game session exists is cleaned up with
 * TerminateGameSession once it is placed), injects its faults, and checks the placement rules against what the
 * API answers. The result is a pure function of (scenario, seed).
 */
export function runScenario(scenario: Scenario, seed: number | string): RunResult {
  // The trace keeps no entries in memory here: a run can make millions; its hash still covers every one.
  const { sim, built } = simulationFor(scenario, seed, 0);
  return new LoadDriver(sim, scenario, built).run();
}

class LoadDriver {
  readonly #sim: Simulation;
  readonly #scenario: Scenario;
  readonly #built: BuiltWorld;
  readonly #agenda = new EventQueue<Action>();
  readonly #tracked = new Map<string, Tracked>();
  readonly #violations: string[] = [];
  readonly #lobbies: Iterator<Lobby>;
  readonly #ledger = new LobbyLedger();
  #checkRunner: CheckRunner | undefined;
  #startMs = 0;
  #checks = 0;
  #stopsAccepted = 0;
  #stopsRefused = 0;
  #faultsInjected = 0;
  #peakActive = 0;

  constructor(sim: Simulation, scenario: Scenario, built: BuiltWorld) {
    this.#sim = sim;
    this.#scenario = scenario;
    this.#built = built;
    this.#lobbies = lobbies(scenario.load, sim.seed);
  }

  run(): RunResult {
    const sim = this.#sim;
    const startMs = sim.nowMs;
    this.#startMs = startMs;
    sim.onPlacementEvent((event) => this.#settled(event));
    this.#nextArrival();
    // The scenario's own checks look at the run as the driver reports it; the bundled ones wait for the client API.
    this.#checkRunner = new CheckRunner(this.#scenario.checks ?? [], startMs);
    this.#nextLook(startMs + this.#scenario.load.durationMinutes * 60_000);
    for (const step of faultPlan(this.#scenario, this.#built)) this.#agenda.push(startMs + step.atMs, { kind: 'step', step });

    let eventsRun = 0;
    for (let next = this.#agenda.pop(); next !== undefined; next = this.#agenda.pop()) {
      eventsRun += sim.advanceTo(Math.max(next.dueMs, sim.nowMs));
      this.#act(next.event);
    }
    // Let every placement settle: none outlives its queue's timeout, which is at most 600 s.
    const drainEndMs = sim.nowMs + DRAIN_MS_MAX;
    while (this.#pendingCount() > 0 && sim.nowMs < drainEndMs) eventsRun += sim.advanceBy(60);
    this.#finalChecks();
    for (const v of this.#checkRunner.finish({ sim, nowMs: sim.nowMs, lobbies: this.#ledger.records })) this.#violations.push(`${v.check}: ${v.message}`);
    const result = this.#result(startMs, eventsRun);
    return { ...result, unmet: unmetExpectations(result, this.#scenario.expect) };
  }

  #act(action: Action): void {
    switch (action.kind) {
      case 'arrival':
        this.#startPlacement(action.lobby);
        return this.#nextArrival();
      case 'abandon':
        return this.#abandon(action.placementId);
      case 'step':
        if (action.step.fault) this.#faultsInjected++;
        return action.step.run(this.#sim);
      case 'look':
        this.#checkRunner!.look({ sim: this.#sim, nowMs: this.#sim.nowMs, lobbies: this.#ledger.records });
        return this.#nextLook(this.#startMs + this.#scenario.load.durationMinutes * 60_000);
    }
  }

  /** Schedules the next periodic look of the checks while the load lasts. */
  #nextLook(endMs: number): void {
    const due = this.#checkRunner!.due();
    if (due !== undefined && due <= endMs) this.#agenda.push(due, { kind: 'look' });
  }

  /** Schedules the next lobby's arrival, if the load has one. */
  #nextArrival(): void {
    const next = this.#lobbies.next();
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
    const out = sim.call('StartGameSessionPlacement', {
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
    const before = sim.call('DescribeGameSessionPlacement', { PlacementId: placementId }).GameSessionPlacement!;
    const stoppable = before.Status === 'PENDING' && before.GameSessionId === undefined;
    try {
      const out = sim.call('StopGameSessionPlacement', { PlacementId: placementId }).GameSessionPlacement!;
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
    const session = sim.call('DescribeGameSessions', { GameSessionId: arn }).GameSessions![0];
    this.#check(session?.Status === 'ACTIVE' && session.Port !== undefined, `PL-4: ${placementId} fulfilled with game session in ${session?.Status}`);
    this.#check(seconds <= tracked.queueTimeoutSeconds, `PL-5: ${placementId} fulfilled after its timeout`);
    if (tracked.abandoned) sim.call('TerminateGameSession', { GameSessionId: arn, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' });
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
      const now = this.#sim.call('DescribeGameSessionPlacement', { PlacementId: placementId }).GameSessionPlacement!;
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
    const arn = this.#sim.call('DescribeGameSessionPlacement', { PlacementId: placementId }).GameSessionPlacement!.GameSessionArn;
    if (arn === undefined) return;
    const status = this.#sim.call('DescribeGameSessions', { GameSessionId: arn }).GameSessions![0]?.Status;
    this.#check(status === 'TERMINATED' || status === 'ERROR', `PL-5: ${placementId} ended ${type} leaving game session ${arn} ${status}`);
  }

  #check(holds: boolean, violation: string): void {
    this.#checks++;
    if (!holds) this.#violations.push(violation);
  }

  #result(startMs: number, eventsRun: number): Omit<RunResult, 'unmet'> {
    const placements: Record<GameSessionPlacementState, number> = { PENDING: 0, FULFILLED: 0, CANCELLED: 0, TIMED_OUT: 0, FAILED: 0 };
    const fulfil: number[] = [];
    for (const placement of this.#sim.placements.placements.values()) {
      placements[placement.status]++;
      if (placement.status === 'FULFILLED') fulfil.push((placement.endTimeMs! - placement.startTimeMs) / 1000);
    }
    fulfil.sort((a, b) => a - b);
    const at = (q: number): number => (fulfil.length === 0 ? 0 : fulfil[Math.min(fulfil.length - 1, Math.floor(q * fulfil.length))]!);
    return {
      scenario: this.#scenario.name,
      seed: this.#sim.seed,
      virtualMs: this.#sim.nowMs - startMs,
      eventsRun,
      placements,
      placementCount: this.#tracked.size,
      fulfilSeconds: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: fulfil.at(-1) ?? 0 },
      gameSessionsCreated: this.#sim.world.gameSessions.size,
      peakActiveGameSessions: this.#peakActive,
      stopsAccepted: this.#stopsAccepted,
      stopsRefused: this.#stopsRefused,
      faultsInjected: this.#faultsInjected,
      violations: this.#violations,
      checks: this.#checks,
      traceHash: this.#sim.traceHash(),
    };
  }
}
