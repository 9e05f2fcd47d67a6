import { RingBuffer } from '../../engine/ring-buffer.ts';
import { ExpiryQueue, type ExpiryQueueState } from '../expiry-queue.ts';
import { FingerprintSet } from '../fingerprint-set.ts';
import { CHANGES, PLACEMENT_EVENT_RECORD } from '../changes.ts';
import type { FleetLocation, GameSession } from '../entities.ts';
import type { PlacementHooks, PlacementStep, World } from '../world.ts';
import { policyInForce, rankLocations } from './destinations.ts';
import type { GameSessionQueue, Placement } from './entities.ts';
import { placementEvent, type PlacementEvent } from './events.ts';

/**
 * Placement events kept for reading back unless told otherwise; older ones are dropped (listeners still see every
 * one). A day of load emits millions, each with its placed players, so the history is a window, not the whole run.
 */
export const PLACEMENT_EVENTS_KEPT_DEFAULT = 100_000;

/** A placement's registration on a location's wait list, valid while its generation is current. */
interface Waiter {
  readonly placement: Placement;
  readonly generation: number;
}

/**
 * A location's waiters in arrival order. Served from `head` without moving the rest; registrations that went stale
 * (their placement stopped waiting) are counted, so the list is compacted only when they are the majority.
 */
interface WaitList {
  entries: Waiter[];
  head: number;
  /** Registrations from `head` on whose placement still waits here. */
  live: number;
}

/** Below this many entries a wait list is never compacted: copying it would cost more than skipping. */
const WAIT_LIST_COMPACT_MIN = 64;

function isCurrent({ placement, generation }: Waiter): boolean {
  return placement.waitingOn !== undefined && placement.waitGeneration === generation;
}

/**
 * The placement layer as plain data, for a snapshot (DT-3): queues, placements, wait lists and who waits, as in
 * memory, referring to the world's entities; and the placement events kept, with how many were ever emitted.
 */
export interface PlacementState {
  readonly queues: ReadonlyMap<string, GameSessionQueue>;
  readonly placements: ReadonlyMap<string, Placement>;
  readonly waitLists: ReadonlyMap<FleetLocation, WaitList>;
  /** Fingerprints of the ids of placements whose retention has ended (PL-2), as FingerprintSet.state gives them. */
  readonly expiredIds: readonly number[];
  readonly settled: ExpiryQueueState<Placement>;
  readonly waitingByQueue: ReadonlyMap<GameSessionQueue, ReadonlySet<Placement>>;
  readonly wakeScheduled: ReadonlySet<FleetLocation>;
  readonly events: readonly PlacementEvent[];
  readonly eventCount: number;
}

type Terminal = 'FULFILLED' | 'CANCELLED' | 'TIMED_OUT' | 'FAILED';

/**
 * Queues and their placements in virtual time (PL-1..PL-10, ST-1..ST-5).
 *
 * A placement waits the queue's processing delay, then is attempted: the best location with a free server process
 * (PL-8, PL-9) gets an ACTIVATING game session. With none free, the placement joins the wait list of every location
 * it could use and is attempted again only when one of them frees a process or its latency policy relaxes, so 100,000
 * waiting placements cost nothing until capacity appears. An attempt whose activation times out is followed by a new
 * one (PL-4). Its timeout, its game session's activation or end from outside, and StopGameSessionPlacement settle
 * it; a settled placement never changes again (PL-7), and leaves no attempt ACTIVATING behind (PL-5).
 */
export class PlacementService implements PlacementHooks {
  readonly world: World;
  readonly queues = new Map<string, GameSessionQueue>();
  /** Placements still visible: PENDING ones, and settled ones until their retention ends. */
  readonly placements = new Map<string, Placement>();
  /**
   * Ids of placements whose retention has ended: only the id is kept, for good, because a PlacementId can never be
   * used again (PL-2). The strings are the only cost left of a placement once it is gone.
   */
  #expiredIds = new FingerprintSet();
  /** Settled placements in the order they settled, each until its retention ends. */
  readonly #settled = new ExpiryQueue<Placement>();
  readonly #retentionMs: number;
  readonly #waitLists = new Map<FleetLocation, WaitList>();
  /**
   * Placements waiting for capacity, by the queue they were started on, each in the order they began to wait: a
   * change of destinations touches only the waiters of the queues it concerns, never every waiting placement.
   */
  readonly #waitingByQueue = new Map<GameSessionQueue, Set<Placement>>();
  /** Locations whose wait list is due to be served in the current millisecond. */
  readonly #wakeScheduled = new Set<FleetLocation>();
  readonly #events: RingBuffer<PlacementEvent>;
  readonly #listeners = new Set<(event: PlacementEvent) => void>();

  /** The placement layer of `world`: empty, or as `state` saved it (DT-3), with no listeners either way. */
  constructor(world: World, eventsKept = PLACEMENT_EVENTS_KEPT_DEFAULT, state?: PlacementState) {
    this.world = world;
    this.#events = RingBuffer.resume(eventsKept, state?.events ?? [], state?.eventCount ?? 0);
    this.#retentionMs = Math.round(world.config.retention.placementsHours * 3600_000);
    world.setPlacementHooks(this);
    if (state === undefined) return;
    for (const [name, queue] of state.queues) this.queues.set(name, queue);
    for (const [id, placement] of state.placements) this.placements.set(id, placement);
    this.#expiredIds = FingerprintSet.fromState(state.expiredIds);
    this.#settled.resume(state.settled);
    for (const [location, list] of state.waitLists) this.#waitLists.set(location, list);
    for (const [queue, waiting] of state.waitingByQueue) this.#waitingByQueue.set(queue, new Set(waiting));
    for (const location of state.wakeScheduled) this.#wakeScheduled.add(location);
  }

  /** The placement layer as plain data, for a snapshot: its own maps and sets, not copies. */
  state(): PlacementState {
    return {
      queues: this.queues,
      placements: this.placements,
      waitLists: this.#waitLists,
      expiredIds: this.#expiredIds.state(),
      settled: this.#settled.state(),
      waitingByQueue: this.#waitingByQueue,
      wakeScheduled: this.#wakeScheduled,
      events: this.#events.toArray(),
      eventCount: this.#events.pushed,
    };
  }

  /** The placement events emitted so far (the last `eventsKept`), oldest first (PL-10). */
  events(): PlacementEvent[] {
    return this.#events.toArray();
  }

  /** Up to `count` kept placement events from position `from` on (positions count every event ever emitted, from 0). */
  eventsFrom(from: number, count: number): { readonly first: number; readonly events: PlacementEvent[] } {
    const first = Math.max(from, this.#events.firstKept);
    return { first, events: this.#events.slice(first, first + count) };
  }

  /** How many placement events were ever emitted. */
  get eventCount(): number {
    return this.#events.pushed;
  }

  /** Calls `listener` with every placement event from now on, right after the step that emitted it. */
  subscribe(listener: (event: PlacementEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether a placement ever had this id, visible or not: such an id can never be used again (PL-2). */
  idUsed(placementId: string): boolean {
    return this.placements.has(placementId) || this.#expiredIds.has(placementId);
  }

  /** How many placements were settled and are gone, their ids kept (PL-2). */
  get expiredCount(): number {
    return this.#expiredIds.size;
  }

  /** Starts a placement (PL-1): PENDING now, first attempt after the queue's processing delay. */
  start(placement: Placement): void {
    if (this.idUsed(placement.placementId)) throw new Error(`placement ${placement.placementId} exists (PL-2)`);
    this.placements.set(placement.placementId, placement);
    this.world.changeOf(CHANGES.placementStarted, placement.placementId, placement.queue.name);
    const delayMs = this.world.draw(this.world.timings.placementProcessing, 'timing/placementProcessing');
    this.world.engine.after(delayMs, { kind: 'placementAttempt', placement });
    this.world.engine.after(placement.timeoutAtMs - this.world.nowMs, { kind: 'placementTimeout', placement });
  }

  /** StopGameSessionPlacement's change (ST-1); the caller has checked ST-2..ST-4. */
  cancel(placement: Placement): void {
    this.#settle(placement, 'CANCELLED');
  }

  /** Fault: the service fails a PENDING placement with an internal error (PL-6), ending an attempt in flight. */
  failPlacement(placement: Placement): void {
    if (placement.status === 'PENDING') this.#settle(placement, 'FAILED');
  }

  /**
   * Queue destinations, alias routing or fleet locations changed: the waiting placements of the queues `affected`
   * says changed are attempted again now, as their ranked locations may have changed.
   */
  destinationsChanged(affected: (queue: GameSessionQueue) => boolean): void {
    for (const [queue, waiting] of this.#waitingByQueue) {
      if (!affected(queue)) continue;
      for (const placement of waiting) this.#retry(placement, 0);
    }
  }

  /** How many placements of `queue` wait for capacity now. */
  waitingCount(queue: GameSessionQueue): number {
    return this.#waitingByQueue.get(queue)?.size ?? 0;
  }

  /**
   * The players a PENDING placement will seat in `session` when it activates: its DesiredPlayerSessions while the
   * session is its attempt in flight, else none (PS-3).
   */
  playersToSeat(session: GameSession): number {
    const placement = session.placementId === undefined ? undefined : this.placements.get(session.placementId);
    return placement?.status === 'PENDING' && placement.gameSession === session ? placement.desiredPlayerSessions.length : 0;
  }

  /** The wait lists and who waits, as plain data, for the state hash. */
  dumpWaiting(): Record<string, unknown> {
    return {
      waiting: [...this.#waitingByQueue].map(([queue, waiting]) => [queue.name, [...waiting].map((p) => p.placementId)]),
      wakeScheduled: [...this.#wakeScheduled].map((loc) => `${loc.fleet.fleetId} ${loc.location}`),
      expiredIds: this.#expiredIds.state(),
      settled: this.#settled.entries().map(([p, dueMs]) => [p.placementId, dueMs]),
      waitLists: [...this.#waitLists].map(([loc, list]) => ({
        location: `${loc.fleet.fleetId} ${loc.location}`,
        head: list.head,
        live: list.live,
        entries: list.entries.map((w) => [w.placement.placementId, w.generation]),
      })),
    };
  }

  // ---------------------------------------------------------------- PlacementHooks (called by the world)

  runStep(step: PlacementStep): void {
    if (step.kind === 'waitListServe') return this.#serveWaitList(step.location);
    if (step.kind === 'placementsExpired') return this.#expire();
    const placement = step.placement;
    if (step.kind === 'placementAttempt') return this.#attempt(placement);
    if (step.kind === 'placementTimeout') {
      if (placement.status === 'PENDING') this.#settle(placement, 'TIMED_OUT');
      return;
    }
    if (isCurrent(step)) this.#attempt(placement);
  }

  capacityFreed(loc: FleetLocation): void {
    if (!this.#waitLists.has(loc) || this.#wakeScheduled.has(loc)) return;
    this.#wakeScheduled.add(loc);
    // Served as its own step, after the change that freed the process has finished.
    this.world.engine.after(0, { kind: 'waitListServe', location: loc });
  }

  gameSessionActivated(session: GameSession): void {
    const placement = this.#waitingOn(session);
    if (placement === undefined) return;
    const players = placement.desiredPlayerSessions;
    // The pairs the world recorded, kept as they are: a PlacedPlayerSession is the same two members.
    placement.placedPlayerSessions = players.length > 0 ? this.world.seatPlayers(session, players) : [];
    this.#settle(placement, 'FULFILLED');
  }

  attemptEnded(session: GameSession, activationTimedOut: boolean): void {
    const placement = this.#waitingOn(session);
    if (placement === undefined) return;
    // PL-6: ended from outside (crash, spot reclaim, TerminateGameSession) fails the placement; PL-4: a server process
    // that did not activate it in time is no failure, and the service tries again at once while time is left.
    if (!activationTimedOut) return this.#settle(placement, 'FAILED');
    this.world.changeOf(CHANGES.placementAttemptTimedOut, placement.placementId, session.gameSessionId);
    this.#attempt(placement);
  }

  /** The PENDING placement whose attempt in flight `session` is, if any. */
  #waitingOn(session: GameSession): Placement | undefined {
    const placement = session.placementId === undefined ? undefined : this.placements.get(session.placementId);
    return placement?.status === 'PENDING' && placement.gameSession === session ? placement : undefined;
  }

  // ---------------------------------------------------------------- attempts and waiting

  /**
   * Tries the placement's locations in order; the first with a free process gets the game session (PL-8 step 4). A
   * placement with an attempt in flight, or none of its time left, is not attempted (PL-4, PL-5).
   */
  #attempt(placement: Placement): void {
    if (placement.status !== 'PENDING' || placement.gameSession?.status === 'ACTIVATING') return;
    if (this.world.nowMs >= placement.timeoutAtMs) return;
    this.#stopWaiting(placement);
    const ranked = rankLocations(this.world, placement, this.world.nowMs);
    const loc = ranked.find((l) => l.available.size > 0);
    if (loc === undefined) return this.#wait(placement, ranked);
    placement.attempts++;
    const session = this.world.createGameSession(loc, {
      name: placement.gameSessionName,
      creatorId: undefined,
      gameProperties: placement.gameProperties.map((p) => ({ ...p })),
      gameSessionData: placement.gameSessionData,
      maximumPlayerSessionCount: placement.maximumPlayerSessionCount,
      placementId: placement.placementId,
    }, this.#gameSessionIdFor(placement, loc));
    placement.gameSession = session;
    this.world.changeOf(CHANGES.placementAttempt, placement.placementId, placement.attempts, session.gameSessionId);
  }

  /**
   * The current attempt's game session ARN, whose last part (PL-4) is the PlacementId, as in GameLift's events; on a
   * later attempt in a fleet location that an earlier one used, `<PlacementId>-<attempt number>`. [C] Game sessions
   * made by CreateGameSession share the namespace (a custom GameSessionId or IdempotencyToken is the last part of
   * theirs): an id one of them holds in that fleet location is passed over for the next free number, so two game
   * sessions never share an ARN. Placement ids are never reused (PL-2), and a placement lives at most its queue's
   * timeout (at most 600 s), less than an ended session is kept (DG-9; a load test keeps them an hour at least), so
   * the PlacementId is free in a fleet location exactly when no earlier attempt, nor CreateGameSession, took it.
   */
  #gameSessionIdFor(placement: Placement, loc: FleetLocation): string {
    const sessions = this.world.gameSessions;
    const first = this.world.gameSessionIdIn(loc, placement.placementId);
    if (!sessions.has(first)) return first;
    for (let n = placement.attempts; ; n++) {
      const id = this.world.gameSessionIdIn(loc, `${placement.placementId}-${n}`);
      if (!sessions.has(id)) return id;
    }
  }

  /** No capacity now: wait on every usable location, and for the latency policy to relax (PL-5, PL-8). */
  #wait(placement: Placement, ranked: readonly FleetLocation[]): void {
    placement.waitingOn = ranked;
    let waiting = this.#waitingByQueue.get(placement.queue);
    if (waiting === undefined) this.#waitingByQueue.set(placement.queue, (waiting = new Set()));
    waiting.add(placement);
    const waiter = { placement, generation: ++placement.waitGeneration };
    for (const loc of ranked) {
      let list = this.#waitLists.get(loc);
      if (list === undefined) this.#waitLists.set(loc, (list = { entries: [], head: 0, live: 0 }));
      list.entries.push(waiter);
      list.live++;
    }
    if (placement.playerLatencies.length === 0) return;
    const elapsedMs = this.world.nowMs - placement.startTimeMs;
    const { nextChangeAfterMs } = policyInForce(placement.queue.playerLatencyPolicies, elapsedMs);
    if (nextChangeAfterMs === undefined || placement.startTimeMs + nextChangeAfterMs >= placement.timeoutAtMs) return;
    this.#retry(placement, placement.startTimeMs + nextChangeAfterMs - this.world.nowMs);
  }

  /** Attempts a waiting placement again after `delayMs`, unless it has stopped waiting by then. */
  #retry(placement: Placement, delayMs: number): void {
    this.world.engine.after(delayMs, { kind: 'placementRetry', placement, generation: placement.waitGeneration });
  }

  /** The placement leaves every wait list it was on; its registrations there go stale. */
  #stopWaiting(placement: Placement): void {
    const locations = placement.waitingOn;
    if (locations === undefined) return;
    placement.waitingOn = undefined;
    const waiting = this.#waitingByQueue.get(placement.queue)!;
    waiting.delete(placement);
    // A queue nobody waits on leaves the map, so that a change walks only queues with waiters.
    if (waiting.size === 0) this.#waitingByQueue.delete(placement.queue);
    for (const loc of locations) {
      const list = this.#waitLists.get(loc)!;
      list.live--;
      const stale = list.entries.length - list.head - list.live;
      if (list.entries.length - list.head > WAIT_LIST_COMPACT_MIN && stale > list.live) {
        list.entries = list.entries.slice(list.head).filter(isCurrent);
        list.head = 0;
      }
    }
  }

  /** Attempts the location's waiters in arrival order while it has a free process. */
  #serveWaitList(loc: FleetLocation): void {
    this.#wakeScheduled.delete(loc);
    const list = this.#waitLists.get(loc);
    if (list === undefined) return;
    while (list.head < list.entries.length && loc.available.size > 0) {
      const waiter = list.entries[list.head++]!;
      // An attempt takes the placement off this list (live goes down) whether it is placed here, elsewhere or waits
      // again at the tail, so only the head moves past it here.
      if (isCurrent(waiter)) this.#attempt(waiter.placement);
    }
    if (list.live === 0) this.#waitLists.delete(loc);
    else if (list.head * 2 > list.entries.length) {
      list.entries = list.entries.slice(list.head);
      list.head = 0;
    }
  }

  // ---------------------------------------------------------------- settling

  /** Moves a PENDING placement to a terminal status, once and for all (PL-7), and emits its event (PL-10). */
  #settle(placement: Placement, status: Terminal): void {
    if (placement.status !== 'PENDING') throw new Error(`placement ${placement.placementId} is already ${placement.status} (PL-7)`);
    placement.status = status;
    placement.endTimeMs = this.world.nowMs;
    this.#stopWaiting(placement);
    // Only ranking reads it, and a settled placement is ranked no more (PL-7); kept, it would be most of its memory.
    placement.latencyByLocation = undefined;
    // Seated by now if ever (PL-4), and no answer shows them: a settled placement keeps its placed pairs alone.
    placement.desiredPlayerSessions = [];
    this.world.changeOf(CHANGES.placementStatus, placement.placementId, status);
    // PL-5: no game session outlives a placement that was not FULFILLED. Settled first, so that the attempt's end
    // is no news to it.
    const session = placement.gameSession;
    if (status !== 'FULFILLED' && session?.status === 'ACTIVATING') this.world.endAttempt(session);
    if (this.#settled.push(placement, this.world.nowMs + this.#retentionMs)) {
      this.world.engine.after(this.#retentionMs, { kind: 'placementsExpired' });
    }
    const { accountId, homeRegion } = this.world.config;
    const event = placementEvent(placement, this.world.ids.eventId(), accountId, homeRegion);
    this.#events.push(event);
    // The event's other members follow from the changes recorded before it; the trace names it and its kind.
    this.world.engine.trace.recordShaped(this.world.nowMs, 'event', PLACEMENT_EVENT_RECORD, event.id, event.detail.type, placement.placementId);
    for (const listener of this.#listeners) this.world.deliverLater(listener, event);
  }

  /** Settled placements whose retention is over leave every lookup; their ids stay used (PL-2). */
  #expire(): void {
    this.#settled.takeDue(this.world.nowMs, (placement) => {
      this.placements.delete(placement.placementId);
      this.#expiredIds.add(placement.placementId);
      this.world.changeOf(CHANGES.placementExpired, placement.placementId);
    });
    const next = this.#settled.nextDueMs();
    if (next !== undefined) this.world.engine.after(next - this.world.nowMs, { kind: 'placementsExpired' });
  }
}
