import type { GameSessionPlacementState, PlayerLatency } from '@aws-sdk/client-gamelift';
import type { InputOf, OperationName, OutputOf } from '../api/operations.ts';
import type { Simulation } from '../api/simulation.ts';
import { EventQueue } from '../engine/event-queue.ts';
import type { RandomStream } from '../engine/random.ts';
import type { PlacementEvent } from '../model/placement/events.ts';
import { indexKey } from '../model/session-index.ts';
import { unmetExpectations } from './expectations.ts';
import type { FaultSpec, Scenario } from './scenario.ts';
import { simulationFor, type BuiltWorld } from './scenario.ts';
import type { Timeline } from './timeline.ts';

/** What the load driver does next, in virtual time. */
type Action =
  | { readonly kind: 'arrival' }
  | { readonly kind: 'abandon'; readonly placementId: string }
  | { readonly kind: 'fault'; readonly fault: FaultSpec };

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
export function runScenario(scenario: Scenario, seed: number | string, options: RunOptions = {}): RunResult {
  // The trace keeps no entries in memory here: a run can make millions; its hash still covers every one.
  const { sim, built } = simulationFor(scenario, seed, 0);
  return new LoadDriver(sim, scenario, built, options.timeline).run();
}

export interface RunOptions {
  /** Samples the run over virtual time (for the HTML report); the run and its trace are the same without it. */
  readonly timeline?: Timeline;
}

class LoadDriver {
  readonly #sim: Simulation;
  readonly #scenario: Scenario;
  readonly #built: BuiltWorld;
  readonly #agenda = new EventQueue<Action>();
  readonly #tracked = new Map<string, Tracked>();
  readonly #violations: string[] = [];
  readonly #arrivals: RandomStream;
  #checks = 0;
  #placementSeq = 0;
  #stopsAccepted = 0;
  #stopsRefused = 0;
  #faultsInjected = 0;
  #peakActive = 0;

  readonly #timeline: Timeline | undefined;

  constructor(sim: Simulation, scenario: Scenario, built: BuiltWorld, timeline: Timeline | undefined) {
    this.#sim = sim;
    this.#timeline = timeline;
    this.#scenario = scenario;
    this.#built = built;
    const random = sim.world.engine.random;
    this.#arrivals = random.stream('load/arrivals');
  }

  run(): RunResult {
    const sim = this.#sim;
    const startMs = sim.nowMs;
    const loadEndMs = startMs + this.#scenario.load.durationMinutes * 60_000;
    sim.onPlacementEvent((event) => this.#settled(event));
    this.#timeline?.attach(sim);
    this.#agenda.push(startMs + this.#interArrivalMs(), { kind: 'arrival' });
    for (const fault of this.#scenario.faults ?? []) this.#agenda.push(startMs + fault.atMinute * 60_000, { kind: 'fault', fault });

    let eventsRun = 0;
    for (let next = this.#agenda.pop(); next !== undefined; next = this.#agenda.pop()) {
      eventsRun += this.#advanceTo(Math.max(next.dueMs, sim.nowMs));
      this.#act(next.event, loadEndMs);
    }
    // Let every placement settle: none outlives its queue's timeout, which is at most 600 s.
    const drainEndMs = sim.nowMs + DRAIN_MS_MAX;
    while (this.#pendingCount() > 0 && sim.nowMs < drainEndMs) eventsRun += this.#advanceTo(sim.nowMs + 60_000);
    this.#finalChecks();
    const result = this.#result(startMs, eventsRun);
    return { ...result, unmet: unmetExpectations(result, this.#scenario.expect) };
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

  #act(action: Action, loadEndMs: number): void {
    switch (action.kind) {
      case 'arrival':
        this.#startPlacement();
        if (this.#sim.nowMs + 1 < loadEndMs) {
          const nextMs = this.#sim.nowMs + this.#interArrivalMs();
          if (nextMs < loadEndMs) this.#agenda.push(nextMs, { kind: 'arrival' });
        }
        return;
      case 'abandon':
        return this.#abandon(action.placementId);
      case 'fault':
        return this.#inject(action.fault);
    }
  }

  /** Exponential inter-arrival time: the requests form a Poisson stream. */
  #interArrivalMs(): number {
    const perMs = this.#scenario.load.placementsPerMinute / 60_000;
    return Math.max(1, Math.round(-Math.log(1 - this.#arrivals.next()) / perMs));
  }

  #startPlacement(): void {
    const sim = this.#sim;
    const load = this.#scenario.load;
    const placementId = `match-${++this.#placementSeq}`;
    // Each request draws from its own stream, so that shrinking one aspect of the load (fewer players, no abandoned
    // lobbies) changes that aspect only, not every later request.
    const rnd = sim.world.engine.random.once(`load/${placementId}`);
    const queueName = load.queues[rnd.int(0, load.queues.length - 1)]!;
    const players = rnd.int(load.playersPerPlacement[0], load.playersPerPlacement[1]);
    const playerIds = Array.from({ length: players }, (_, i) => `player-${this.#placementSeq}-${i}`);
    const latencies: PlayerLatency[] = [];
    for (const PlayerId of playerIds) {
      for (const [RegionIdentifier, [lo, hi]] of Object.entries(load.playerLatencyMs ?? {})) {
        latencies.push({ PlayerId, RegionIdentifier, LatencyInMilliseconds: rnd.int(lo, hi) });
      }
    }
    const out = this.#call('StartGameSessionPlacement', {
      PlacementId: placementId,
      GameSessionQueueName: queueName,
      MaximumPlayerSessionCount: Math.max(load.maximumPlayers, players),
      PlayerLatencies: latencies.length > 0 ? latencies : undefined,
      DesiredPlayerSessions: playerIds.map((PlayerId) => ({ PlayerId })),
    });
    this.#check(out.GameSessionPlacement?.Status === 'PENDING', `PL-1: ${placementId} did not start PENDING`);
    const queue = sim.placements.queues.get(queueName)!;
    this.#tracked.set(placementId, { queueTimeoutSeconds: queue.timeoutSeconds, startMs: sim.nowMs, abandoned: false, outcome: undefined });
    const abandons = rnd.next() < (load.abandonProbability ?? 0);
    const range = load.abandonAfterSeconds ?? { minSeconds: 0, maxSeconds: 10 };
    const afterMs = Math.round(1000 * (range.minSeconds + rnd.next() * (range.maxSeconds - range.minSeconds)));
    if (abandons) this.#agenda.push(sim.nowMs + afterMs, { kind: 'abandon', placementId });
    this.#samplePeak();
  }

  /** The players left the lobby: stop the placement, checking Stop's answer against ST-1..ST-3. */
  #abandon(placementId: string): void {
    const sim = this.#sim;
    const tracked = this.#tracked.get(placementId)!;
    tracked.abandoned = true;
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
    const seconds = (Date.parse(event.detail.endTime) - tracked.startMs) / 1000;
    if (type === 'PlacementTimedOut') {
      this.#check(seconds === tracked.queueTimeoutSeconds, `PL-5: ${placementId} timed out after ${seconds} s, not ${tracked.queueTimeoutSeconds} s`);
    }
    if (type !== 'PlacementFulfilled') return;
    const arn = event.detail.gameSessionArn!;
    const session = this.#call('DescribeGameSessions', { GameSessionId: arn }).GameSessions![0];
    this.#check(session?.Status === 'ACTIVE' && session.Port !== undefined, `PL-4: ${placementId} fulfilled with game session in ${session?.Status}`);
    this.#check(seconds <= tracked.queueTimeoutSeconds, `PL-5: ${placementId} fulfilled after its timeout`);
    if (tracked.abandoned) this.#call('TerminateGameSession', { GameSessionId: arn, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' });
    this.#samplePeak();
  }

  #inject(fault: FaultSpec): void {
    const sim = this.#sim;
    this.#faultsInjected++;
    switch (fault.kind) {
      case 'setTimings':
        return sim.setTimings(fault.timings);
      case 'setCapacity': {
        const FleetId = this.#built.fleetIds.get(fault.fleet)!;
        this.#call('UpdateFleetCapacity', { FleetId, Location: fault.location, DesiredInstances: fault.desired, MaxSize: Math.max(fault.desired, 1) });
        return;
      }
      case 'spotReclaim': {
        const fleet = sim.world.fleets.get(this.#built.fleetIds.get(fault.fleet)!)!;
        const instances = [...fleet.locations.values()]
          .filter((l) => fault.location === undefined || l.location === fault.location)
          .flatMap((l) => [...l.instances].filter((i) => i.status === 'ACTIVE'));
        for (const instance of this.#pick(fault, instances)) sim.reclaimSpotInstance(instance.instanceId);
        return;
      }
      case 'processCrash': {
        const fleet = sim.world.fleets.get(this.#built.fleetIds.get(fault.fleet)!)!;
        const sessions = [...fleet.locations.values()].flatMap((l) => [...l.instances].flatMap((i) => [...i.sessions]))
          .filter((s) => s.status === 'ACTIVATING' || s.status === 'ACTIVE');
        for (const session of this.#pick(fault, sessions)) sim.crashGameSessionProcess(session.gameSessionId);
        return;
      }
    }
  }

  /**
   * Up to the fault's count of items, drawn without replacement from a stream named after the fault itself, so that
   * dropping another fault while shrinking does not change which instances or sessions this one hits.
   */
  #pick<T>(fault: FaultSpec & { count?: number }, items: readonly T[]): T[] {
    const stream = this.#sim.world.engine.random.once(`load/fault/${JSON.stringify(fault)}`);
    const pool = [...items];
    const picked: T[] = [];
    while (picked.length < (fault.count ?? 1) && pool.length > 0) picked.push(pool.splice(stream.int(0, pool.length - 1), 1)[0]!);
    return picked;
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
