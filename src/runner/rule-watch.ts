import type { GameSessionPlacementState } from '@aws-sdk/client-gamelift';
import type { Simulation } from '../api/simulation.ts';
import type { PlacementEvent } from '../model/placement/events.ts';
import { Seconds, type Spread } from './spread.ts';

/** The PlacementId a call's input names, if it names one. */
function placementIdOf(input: unknown): string | undefined {
  const id = (input as { PlacementId?: unknown } | null | undefined)?.PlacementId;
  return typeof id === 'string' ? id : undefined;
}

/** Where a {@link RuleWatch} stands, as plain data. */
export interface RuleWatchState {
  readonly tracked: ReadonlyMap<string, number>;
  readonly settledOrder: readonly string[];
  readonly started: number;
  readonly pending: number;
  readonly byStatus: Readonly<Record<GameSessionPlacementState, number>>;
  readonly fulfilSeconds: readonly number[];
  readonly violations: readonly string[];
  readonly byRule: ChecksByRule;
  readonly checks: number;
  readonly stopsAccepted: number;
  readonly stopsRefused: number;
}

/** How many forgotten ids the front of the settled order may hold before it is cut off. */
const SETTLED_ORDER_COMPACT_MIN = 1024;

/** Rule checks by rule ID: how many held and how many failed. */
export type ChecksByRule = Record<string, { held: number; failed: number }>;

type SettledType = PlacementEvent['detail']['type'];

const STATUS_OF: Record<SettledType, GameSessionPlacementState> = {
  PlacementFulfilled: 'FULFILLED', PlacementCancelled: 'CANCELLED', PlacementTimedOut: 'TIMED_OUT', PlacementFailed: 'FAILED',
};
/** The settled types by a small code, so that a watched placement is one number (see {@link RuleWatch}). */
const SETTLED_TYPES: readonly SettledType[] = ['PlacementFulfilled', 'PlacementCancelled', 'PlacementTimedOut', 'PlacementFailed'];
/** A watched placement not settled yet. */
const UNSETTLED = -1;

/** A settled placement as one number: its EndTime in epoch ms and its type's code. */
function settledCode(type: SettledType, endMs: number): number {
  return endMs * SETTLED_TYPES.length + SETTLED_TYPES.indexOf(type);
}

function settledOf(code: number): { type: SettledType; endMs: number } {
  const n = SETTLED_TYPES.length;
  return { type: SETTLED_TYPES[code % n]!, endMs: Math.floor(code / n) };
}

/**
 * GameLift's placement rules checked at run time against what the simulation does, whatever client drives it: it
 * watches the client's calls in the trace (StartGameSessionPlacement: PL-1; StopGameSessionPlacement: ST-1..ST-4),
 * every placement event (PL-4, PL-5, PL-7, PL-10), and at the end reads every placement back (PL-5, PL-7). It reads
 * state directly while a call is being recorded or an event is heard, and at the end reads it as a client would
 * (DescribeGameSessionPlacement) through `sim.observe`, which records nothing: the watch adds nothing to the run's
 * trace or its call counts.
 */
export class RuleWatch {
  readonly #sim: Simulation;
  /**
   * Placements started during the run, in order, as {@link UNSETTLED} or how they settled ({@link settledCode}): one
   * number each, and only while the final PL-5/PL-7 look can still read them back — a settled placement goes once the
   * simulation no longer retains it (retention.placementsHours), so that the watch is bounded by the world's retention.
   */
  readonly #tracked: Map<string, number>;
  /** Settled placements still tracked, in the order they settled: the order in which retention lets them go. */
  #settledOrder: string[];
  #settledHead = 0;
  #startedCount: number;
  #pending: number;
  /** Settled placements by status, and the fulfilled ones' seconds from StartTime to EndTime. */
  readonly #byStatus: Record<GameSessionPlacementState, number>;
  readonly #fulfilSeconds: Seconds;
  readonly violations: string[];
  readonly byRule: ChecksByRule;
  checks: number;
  stopsAccepted: number;
  stopsRefused: number;
  /** Told of each placement the client starts, with the placement id. */
  onStart: ((placementId: string) => void) | undefined;

  /** A watch on `sim` from now on; `state`: where a snapshot left the watch on the simulation it restored. */
  constructor(sim: Simulation, state?: RuleWatchState) {
    this.#sim = sim;
    this.#tracked = new Map(state?.tracked);
    this.#settledOrder = state?.settledOrder.slice() ?? [];
    this.#startedCount = state?.started ?? 0;
    this.#pending = state?.pending ?? 0;
    this.#byStatus = { ...(state?.byStatus ?? { PENDING: 0, FULFILLED: 0, CANCELLED: 0, TIMED_OUT: 0, FAILED: 0 }) };
    this.#fulfilSeconds = Seconds.of(state?.fulfilSeconds ?? []);
    this.violations = state?.violations.slice() ?? [];
    this.byRule = structuredClone(state?.byRule ?? {});
    this.checks = state?.checks ?? 0;
    this.stopsAccepted = state?.stopsAccepted ?? 0;
    this.stopsRefused = state?.stopsRefused ?? 0;
    sim.onPlacementEvent((event) => this.#settled(event));
  }

  /** Where the watch stands, as plain data, for a snapshot. */
  state(): RuleWatchState {
    return {
      tracked: new Map(this.#tracked), settledOrder: this.#settledOrder.slice(this.#settledHead), started: this.#startedCount,
      pending: this.#pending, byStatus: { ...this.#byStatus }, fulfilSeconds: this.#fulfilSeconds.toArray(),
      violations: this.violations.slice(), byRule: structuredClone(this.byRule), checks: this.checks,
      stopsAccepted: this.stopsAccepted, stopsRefused: this.stopsRefused,
    };
  }

  /** Placements started and not settled yet. */
  get pending(): number {
    return this.#pending;
  }

  /** Placements the watch holds: the unsettled ones, and the settled ones the simulation still retains. */
  get held(): number {
    return this.#tracked.size;
  }

  /** Placements started during the run. */
  get started(): number {
    return this.#startedCount;
  }

  /**
   * The placements started during the run by status as their events announced (PENDING while unsettled). Counted as
   * the watch heard them, not from the placements still retained, which a short retention thins out.
   */
  byStatus(): Record<GameSessionPlacementState, number> {
    return { ...this.#byStatus, PENDING: this.#pending };
  }

  /** Seconds from StartTime to EndTime of the FULFILLED placements. */
  fulfilSeconds(): Spread {
    return this.#fulfilSeconds.spread();
  }

  /**
   * A call the trace recorded, as the simulation's call listener hears it (see `CallListener`): its operation, the
   * exception's name when it was refused, and its input (called while it is recorded: reads state, calls nothing).
   */
  called(operation: string, error: string | undefined, input: unknown): void {
    if (operation === 'StartGameSessionPlacement' && error === undefined) this.#started(placementIdOf(input)!);
    if (operation === 'StopGameSessionPlacement') this.#stopped(placementIdOf(input), error);
  }

  #started(placementId: string): void {
    const placement = this.#sim.placements.placements.get(placementId);
    this.#check('PL-1', placement?.status === 'PENDING' && placement.startTimeMs === this.#sim.nowMs, () => `${placementId} did not start PENDING now`);
    this.#tracked.set(placementId, UNSETTLED);
    this.#startedCount++;
    this.#pending++;
    this.onStart?.(placementId);
  }

  /** ST-1..ST-4, read after the fact: an accepted Stop cancelled now; a refused one left a placement it had to refuse. */
  #stopped(placementId: string | undefined, error: string | undefined): void {
    const placement = placementId === undefined ? undefined : this.#sim.placements.placements.get(placementId);
    if (error === undefined) {
      this.stopsAccepted++;
      this.#check('ST-1', placement?.status === 'CANCELLED' && placement.endTimeMs === this.#sim.nowMs, () => `Stop of ${placementId} did not cancel it now`);
      this.#check('ST-2/ST-3', placement?.gameSession === undefined, () => `Stop of ${placementId} was accepted though game session ${placement?.gameSession?.gameSessionId} was created`);
      return;
    }
    this.stopsRefused++;
    if (error === 'NotFoundException') return this.#check('ST-4', placement === undefined, () => `Stop of ${placementId}, which exists, failed with NotFoundException`);
    if (placement === undefined) return;
    this.#check('ST-2', error === 'InvalidRequestException', () => `Stop of ${placementId} failed with ${error}`);
    this.#check('ST-1', placement.status !== 'PENDING' || placement.gameSession !== undefined, () => `Stop of ${placementId}, PENDING without a game session, was refused`);
  }

  /**
   * A placement settled (PL-10): it settles once, on time, as its event says, and a fulfilled one has its ACTIVE game
   * session. Read from the placement and its game session as the world holds them, the same fields Describe shows
   * (`Status`, `EndTime`, `GameSessionArn`, a session's `Status`, and its `Port` once activated; the session found by
   * its ARN), without making a view of each: a day's run settles thousands of placements a minute. The read-back as a
   * client would make it is {@link finish}'s.
   */
  #settled(event: PlacementEvent): void {
    const { placementId, type } = event.detail;
    const before = this.#tracked.get(placementId);
    if (before === undefined) return;
    this.#check('PL-7', before === UNSETTLED, () => `${placementId} settled twice (${before === UNSETTLED ? '' : settledOf(before).type}, then ${type})`);
    if (before !== UNSETTLED) return;
    const placement = this.#sim.placements.placements.get(placementId)!;
    // The EndTime the event announces: PL-10 holds it to the placement's, and finish() to what Describe shows (PL-7).
    const endMs = Date.parse(event.detail.endTime);
    this.#tracked.set(placementId, settledCode(type, endMs));
    this.#pending--;
    this.#byStatus[STATUS_OF[type]]++;
    const seconds = (endMs - placement.startTimeMs) / 1000;
    if (type === 'PlacementFulfilled') this.#fulfilSeconds.add(seconds);
    this.#forgetExpired();
    this.#settledOrder.push(placementId);
    const timeoutSeconds = (placement.timeoutAtMs - placement.startTimeMs) / 1000;
    if (type === 'PlacementTimedOut') this.#check('PL-5', seconds === timeoutSeconds, () => `${placementId} timed out after ${seconds} s, not ${timeoutSeconds} s`);
    this.#check('PL-10', placement.status === STATUS_OF[type] && endMs === placement.endTimeMs,
      () => `${placementId} announced ${type} ending ${event.detail.endTime} but is ${placement.status} since ${placement.endTimeMs}`);
    const session = placement.gameSession;
    const arn = session?.gameSessionId;
    if (type !== 'PlacementFulfilled') {
      // PL-5, PL-6: a placement that was not fulfilled leaves no game session of its attempts running.
      if (session === undefined) return;
      return this.#check('PL-5', session.status === 'TERMINATED' || session.status === 'ERROR', () => `${placementId} ended ${type} leaving game session ${arn} ${session.status}`);
    }
    // Looked up by its ARN too, as DescribeGameSessions finds it.
    this.#check('PL-4', session?.status === 'ACTIVE' && session.activated && this.#sim.world.gameSessions.get(arn!) === session,
      () => `${placementId} fulfilled with game session in ${session?.status}${arn === undefined || this.#sim.world.gameSessions.has(arn) ? '' : ', not found by its ARN'}`);
    this.#check('PL-5', seconds <= timeoutSeconds, () => `${placementId} fulfilled after its timeout`);
    this.#check('PL-4', arn !== undefined && arn === event.detail.gameSessionArn && namedAfter(arn, placementId),
      () => `${placementId} fulfilled with ${arn}, not named after it`);
  }

  /**
   * Lets go of the settled placements the simulation no longer retains, oldest first: retention ends in the order
   * placements settled, so the first one still retained holds back the rest.
   */
  #forgetExpired(): void {
    const order = this.#settledOrder;
    while (this.#settledHead < order.length && !this.#sim.placements.placements.has(order[this.#settledHead]!)) {
      this.#tracked.delete(order[this.#settledHead++]!);
    }
    // Drop the forgotten ids from the front once they are most of the array: amortized O(1) a placement.
    if (this.#settledHead > SETTLED_ORDER_COMPACT_MIN && this.#settledHead * 2 > order.length) {
      this.#settledOrder = order.slice(this.#settledHead);
      this.#settledHead = 0;
    }
  }

  /** PL-5 and PL-7 at the end: each placement settled, and Describe still shows the status its event announced. */
  finish(): void {
    for (const [placementId, code] of this.#tracked) {
      // A settled placement whose retention has ended shows nothing more to check (retention.placementsHours).
      if (code !== UNSETTLED && !this.#sim.placements.placements.has(placementId)) continue;
      const now = this.#sim.observe('DescribeGameSessionPlacement', { PlacementId: placementId }).GameSessionPlacement!;
      if (code === UNSETTLED) {
        this.#check('PL-5', false, () => `${placementId} is still ${now.Status} long after its timeout`);
        continue;
      }
      const { type, endMs } = settledOf(code);
      this.#check('PL-7', now.Status === STATUS_OF[type], () => `${placementId} announced ${STATUS_OF[type]} but now shows ${now.Status}`);
      this.#check('PL-7', now.EndTime?.getTime() === endMs, () => `${placementId} EndTime changed after it settled`);
    }
  }

  /**
   * Counts a check of `rule`; when it failed, records the violation `what` describes after the rule ID. `what` is
   * called only then: a run makes millions of checks that hold, and need no message.
   */
  #check(rule: string, holds: boolean, what: () => string): void {
    this.checks++;
    const count = (this.byRule[rule] ??= { held: 0, failed: 0 });
    if (holds) {
      count.held++;
      return;
    }
    count.failed++;
    this.violations.push(`${rule}: ${what()}`);
  }
}

/** Whether a game session ARN ends in the placement's id, or in its id and an attempt number (PL-4). */
function namedAfter(arn: string, placementId: string): boolean {
  // The common case first, read in place: the ARN's last part is the placement's id.
  const at = arn.length - placementId.length;
  if (arn.endsWith(placementId) && arn.lastIndexOf('/') === at - 1) return true;
  const id = arn.slice(arn.lastIndexOf('/') + 1);
  return id.startsWith(`${placementId}-`) && /^\d+$/.test(id.slice(placementId.length + 1));
}
