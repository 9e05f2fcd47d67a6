import type { GameSessionStatus, GameSessionStatusReason, PlayerSessionStatus } from '@aws-sdk/client-gamelift';
import { Engine, type EngineState } from '../engine/engine.ts';
import type { RandomStream } from '../engine/random.ts';
import { CallerShaped, type PairsShape, type RecordScalar, type RecordShape } from '../engine/record-codec.ts';
import {
  PLAYER_RESERVATION_TIMEOUT_MS,
  SPOT_RECLAIM_NOTICE_MS,
  type DurationRange,
  type SimConfig,
  type Timings,
} from './config.ts';
import { gameSessionArn } from './arn.ts';
import { CHANGES, PLAYER_SESSION_CHANGES } from './changes.ts';
import { instanceDnsName } from './dns.ts';
import { playerSessionStatus, type Alias, type EndedPlayerSessionStatus, type Fleet, type FleetLocation, type GameSession, type Instance, type PlayerSession } from './entities.ts';
import { ExpiryQueue, type ExpiryQueueState } from './expiry-queue.ts';
import { IdSource } from './ids.ts';
import type { Placement } from './placement/entities.ts';
import { PlayerSessionStore } from './player-session-store.ts';
import { SessionIndex } from './session-index.ts';

/**
 * A player and the id of the player session made for them, in the order the trace records them; never changed once
 * made, so that the record's pairs can be kept (a placement's PlacedPlayerSessions) rather than copied.
 */
export interface SeatedPlayer {
  readonly playerSessionId: string;
  readonly playerId: string;
}

/**
 * What changed in a game session, as its observers hear it: its status; its CurrentPlayerSessionCount; or what
 * UpdateGameSession sets (name, MaximumPlayerSessionCount, game properties).
 */
export type GameSessionChange = 'status' | 'players' | 'attributes';

/** What the creator of a game session chooses: CreateGameSession's request, or a placement's. */
export type GameSessionFields = Pick<GameSession, 'name' | 'creatorId' | 'gameProperties' | 'gameSessionData' | 'maximumPlayerSessionCount' | 'placementId'>;

/** Everything that can happen later in the model, as data (STYLE: effects as data). */
export type ModelEvent =
  | { readonly kind: 'locationActivating'; readonly location: FleetLocation }
  | { readonly kind: 'locationActive'; readonly location: FleetLocation }
  | { readonly kind: 'instanceReady'; readonly instance: Instance }
  | { readonly kind: 'spotReclaimed'; readonly instance: Instance }
  | { readonly kind: 'gameSessionActivated'; readonly session: GameSession }
  | { readonly kind: 'activationTimedOut'; readonly session: GameSession }
  | { readonly kind: 'gameSessionEnding'; readonly session: GameSession }
  | { readonly kind: 'processEnded'; readonly session: GameSession }
  | { readonly kind: 'gameSessionsExpired' }
  | { readonly kind: 'reservationTimedOut'; readonly playerSession: PlayerSession }
  | { readonly kind: 'playerLeft'; readonly playerSession: PlayerSession }
  | PlacementStep;

/**
 * A step of the placement layer, scheduled through the same queue and handed back to it: first attempt, timeout,
 * a retry of a waiting placement (valid while its wait generation is current), serving a location's wait list, and
 * the end of settled placements' retention. A step names its placement by reference, as the world's events name
 * their entities: found by id, each of a placement's two or three steps cost a lookup in a map of every retained
 * placement.
 */
export type PlacementStep =
  | { readonly kind: 'placementAttempt'; readonly placement: Placement }
  | { readonly kind: 'placementTimeout'; readonly placement: Placement }
  | { readonly kind: 'placementRetry'; readonly placement: Placement; readonly generation: number }
  | { readonly kind: 'waitListServe'; readonly location: FleetLocation }
  | { readonly kind: 'placementsExpired' };

/** What the placement layer wants to hear about; the model calls these after its own state is consistent. */
export interface PlacementHooks {
  /** A location gained a server process that can take a game session now. */
  capacityFreed(location: FleetLocation): void;
  /** A game session created by a placement's attempt became ACTIVE. */
  gameSessionActivated(session: GameSession): void;
  /**
   * A game session created by a placement's attempt ended before it became ACTIVE: its activation timed out (the
   * placement tries again, PL-4), or it was ended from outside (PL-6).
   */
  attemptEnded(session: GameSession, activationTimedOut: boolean): void;
  /** Runs a step the placement layer scheduled. */
  runStep(step: PlacementStep): void;
}

/**
 * The world as plain data, for a snapshot (DT-3): the entities as they are, referring to each other as in memory,
 * and the engine with its pending events, which refer to the same entities.
 */
export interface WorldState {
  readonly config: SimConfig;
  readonly engine: EngineState<ModelEvent>;
  readonly timings: Timings;
  readonly ordinalsIssued: number;
  readonly fleets: ReadonlyMap<string, Fleet>;
  readonly aliases: ReadonlyMap<string, Alias>;
  /**
   * Retained game sessions in the map's order; the map's keys are their ids. They hold the player sessions (objects
   * while they run, packed once ended), which the store counts and finds from them again.
   */
  readonly gameSessions: readonly GameSession[];
  /** Ended game sessions awaiting expiry, at their positions (the handles of their player sessions). */
  readonly ended: ExpiryQueueState<GameSession>;
  /** The session index's keys in the order its trees were made; its content is rebuilt from the game sessions. */
  readonly sessionIndexKeys: readonly string[];
  readonly activationFaults: readonly ActivationFault[];
}

/** The transitions of GS-1, and the crash into ERROR that our fault injection adds (see SEMANTICS.md). */
const GAME_SESSION_TRANSITIONS: Readonly<Record<GameSessionStatus, readonly GameSessionStatus[]>> = {
  ACTIVATING: ['ACTIVE', 'TERMINATED', 'ERROR'],
  ACTIVE: ['TERMINATING'],
  TERMINATING: ['TERMINATED'],
  TERMINATED: [],
  ERROR: [],
};

/** Game sessions created in a fleet (one location, or all when undefined) fail to activate or activate late. */
export interface ActivationFault {
  readonly fleetId: string;
  readonly location: string | undefined;
  /** The probability that a new game session's process never activates it. */
  readonly failFraction: number;
  /** Extra time before an activation that does happen; undefined: none. */
  readonly delay: DurationRange | undefined;
}

/**
 * The simulated GameLift world: fleets with their locations and instances, aliases, game sessions and player
 * sessions, and the transitions between their states in virtual time. It validates nothing a caller sends (the api
 * layer does); it asserts what must hold.
 */
export class World {
  readonly config: SimConfig;
  readonly engine: Engine<ModelEvent>;
  readonly ids: IdSource;
  timings: Timings;

  readonly fleets = new Map<string, Fleet>();
  readonly aliases = new Map<string, Alias>();
  /** Retained game sessions by GameSessionId (their ARN). */
  readonly gameSessions = new Map<string, GameSession>();
  readonly sessionIndex = new SessionIndex(() => this.gameSessions.values());
  /**
   * Ended game sessions in the order they ended, each until its retention ends (DG-9); one pending event expires
   * them all in turn, rather than one per session. A session's position here is its handle in `playerSessions`.
   */
  readonly ended = new ExpiryQueue<GameSession>();
  /** Retained player sessions: objects while their game session runs, packed once it has ended. */
  readonly playerSessions = new PlayerSessionStore({
    retained: () => this.gameSessions.values(),
    ended: () => this.ended.withPositions(),
    endedAt: (handle) => this.ended.at(handle),
  });
  /** How long an ended game session stays visible: the run's retention (DG-9: 30 days). */
  readonly gameSessionRetentionMs: number;
  /** Activation faults in force, in the order they were set (`setActivationFault`). */
  readonly activationFaults: ActivationFault[] = [];
  #placementHooks: PlacementHooks | undefined;
  #ordinal = 0;
  /**
   * Calls into user code (event listeners), run only between steps so they never see a half-made change: each listener
   * and then what it is called with, a pair of entries rather than a closure per call.
   */
  readonly #deliveries: unknown[] = [];
  /** Where the next call stands in `#deliveries` while they run. */
  #deliveryAt = 0;
  #delivered = 0;
  readonly #sessionObservers: ((session: GameSession, change: GameSessionChange) => void)[] = [];

  /** A new world; `engineState` is for `restore`, which gives the engine a snapshot saved. */
  constructor(config: SimConfig, seed: number | string, traceEntriesKept?: number, engineState?: EngineState<ModelEvent>) {
    this.config = config;
    this.timings = config.timings;
    this.gameSessionRetentionMs = Math.round(config.retention.gameSessionsDays * 24 * 3600_000);
    this.engine = new Engine<ModelEvent>({ seed, startMs: config.startMs, traceEntriesKept, state: engineState });
    this.ids = new IdSource(this.engine.random);
  }

  /**
   * The world whose `state()` was `state`, going on exactly where it stood (DT-3). Listeners and the placement layer
   * are not state: they attach again, as to a new world.
   */
  static restore(state: WorldState, traceEntriesKept?: number): World {
    const world = new World(state.config, state.engine.seed, traceEntriesKept, state.engine);
    world.timings = state.timings;
    world.#ordinal = state.ordinalsIssued;
    for (const [id, fleet] of state.fleets) world.fleets.set(id, fleet);
    for (const [id, alias] of state.aliases) world.aliases.set(id, alias);
    for (const session of state.gameSessions) world.gameSessions.set(session.gameSessionId, session);
    world.ended.resume(state.ended);
    world.playerSessions.resume();
    world.sessionIndex.rebuild(state.sessionIndexKeys, state.gameSessions);
    world.activationFaults.push(...state.activationFaults);
    return world;
  }

  /**
   * The world as plain data, for a snapshot: its own maps and entities, not copies, so that what the pending events
   * and the placement layer share with it stays shared. Only between steps: no call into user code is waiting.
   */
  state(): WorldState {
    if (this.#deliveries.length > 0) throw new Error('a snapshot is taken between steps, not while events are being delivered');
    return {
      config: this.config,
      engine: this.engine.state(),
      timings: this.timings,
      ordinalsIssued: this.#ordinal,
      fleets: this.fleets,
      aliases: this.aliases,
      // Values only: the keys are the entities' own ids, and a hundred thousand ARNs written twice cost.
      gameSessions: [...this.gameSessions.values()],
      ended: this.ended.state(),
      sessionIndexKeys: this.sessionIndex.keys(),
      activationFaults: this.activationFaults,
    };
  }

  get nowMs(): number {
    return this.engine.nowMs;
  }

  /** Next value of the world's creation counter: positions in listings that must survive removals. */
  nextOrdinal(): number {
    return this.#ordinal++;
  }

  /** How many ordinals were handed out, for the state dump. */
  get ordinalsIssued(): number {
    return this.#ordinal;
  }

  setPlacementHooks(hooks: PlacementHooks): void {
    this.#placementHooks = hooks;
  }

  /**
   * Calls `observer` right after a game session's status, CurrentPlayerSessionCount, MaximumPlayerSessionCount,
   * name or game properties changed, with what changed, inside the step that changed it: for indexes kept outside
   * the model (search). An observer must not change the world.
   */
  observeGameSessions(observer: (session: GameSession, change: GameSessionChange) => void): void {
    this.#sessionObservers.push(observer);
  }

  #observed(session: GameSession, change: GameSessionChange): void {
    for (const observer of this.#sessionObservers) observer(session, change);
  }

  /** Records a state change in the trace. */
  change(what: string, data: Record<string, unknown>): void {
    this.engine.trace.recordChange(this.nowMs, what, data);
  }

  /**
   * Records a state change of a frequent kind from its members' values, one per member: the same record, made without
   * an object.
   */
  changeOf(shape: RecordShape<1>, a: RecordScalar): void;
  changeOf(shape: RecordShape<2>, a: RecordScalar, b: RecordScalar): void;
  changeOf(shape: RecordShape<3>, a: RecordScalar, b: RecordScalar, c: RecordScalar): void;
  changeOf(shape: RecordShape, a: RecordScalar, b?: RecordScalar, c?: RecordScalar): void {
    this.engine.trace.recordShaped(this.nowMs, 'change', shape as RecordShape<3>, a, b, c);
  }

  /** Records a state change that lists pairs from its values (see {@link PairsShape}): the same record, without walking it. */
  changePairs<A extends string, B extends string>(
    shape: PairsShape<A, B>,
    value: string,
    items: readonly Readonly<Record<A | B, string>>[],
    numbers?: readonly (number | undefined)[],
  ): void {
    this.engine.trace.recordPairs(this.nowMs, shape, value, items, numbers);
  }

  /** A duration in ms drawn from `range` on the stream `streamName`. */
  draw(range: DurationRange, streamName: string): number {
    return drawMs(this.engine.random.stream(streamName), range);
  }

  /** Runs every event due up to `targetMs`. */
  advanceTo(targetMs: number): number {
    return this.engine.advanceTo(targetMs, this.#step);
  }

  /** One event and the calls into user code it queued; made once, as the driver advances many times a placement. */
  readonly #step = (event: ModelEvent): void => {
    this.#run(event);
    this.flushDeliveries();
  };

  /** How many calls into user code (listeners) have run: unchanged across a step, the step ran none. */
  get deliveredCount(): number {
    return this.#delivered;
  }

  /** Queues a call of `listener` (user code) with `value` until the current step is complete. */
  deliverLater<T>(listener: (value: T) => void, value: T): void {
    this.#deliveries.push(listener, value);
  }

  /**
   * Runs the queued calls into user code, including any they queue in turn. One that throws does not keep the
   * others from running; the first error is rethrown once the queue is empty, so it surfaces where the user's code
   * was called (the operation or the advance that emitted the event), with the simulation's state complete.
   */
  flushDeliveries(): void {
    // Most steps queue none: asked after every event, an empty queue is answered before anything is set up.
    const deliveries = this.#deliveries;
    if (deliveries.length === 0) return;
    let failure: { error: unknown } | undefined;
    // A listener that calls an operation flushes the rest in that call, from the same position: this loop then ends.
    while (this.#deliveryAt < deliveries.length) {
      const listener = deliveries[this.#deliveryAt] as (value: unknown) => void;
      const value = deliveries[this.#deliveryAt + 1];
      this.#deliveryAt += 2;
      this.#delivered++;
      try {
        listener(value);
      } catch (error) {
        failure ??= { error };
      }
    }
    deliveries.length = 0;
    this.#deliveryAt = 0;
    if (failure !== undefined) throw failure.error;
  }

  // ---------------------------------------------------------------- fleets, locations and instances

  /** Adds a location to a fleet with one desired instance, activating in virtual time. */
  addLocation(fleet: Fleet, location: string, isHome: boolean): FleetLocation {
    const loc: FleetLocation = {
      fleet, location, isHome, status: 'NEW', desired: 1, min: 0, max: 1,
      instances: new Set(), available: new Set(), pendingCount: 0, activeCount: 0,
    };
    fleet.locations.set(location, loc);
    const activationMs = this.draw(this.timings.fleetActivation, 'timing/fleetActivation');
    this.engine.after(Math.floor(activationMs / 3), { kind: 'locationActivating', location: loc });
    this.engine.after(activationMs, { kind: 'locationActive', location: loc });
    this.change('locationAdded', { fleetId: fleet.fleetId, location });
    return loc;
  }

  /** Sets a location's capacity limits and desired count, then launches or retires instances to match. */
  setCapacity(loc: FleetLocation, desired: number, min: number, max: number): void {
    if (!(min <= desired && desired <= max)) throw new Error(`capacity ${min} <= ${desired} <= ${max} does not hold`);
    loc.desired = desired;
    loc.min = min;
    loc.max = max;
    this.change('capacitySet', { fleetId: loc.fleet.fleetId, location: loc.location, desired, min, max });
    this.#reconcile(loc);
  }

  /**
   * Spot reclaim (GS-3): the instance takes no new game sessions from now, a replacement is launched, and after two
   * minutes' notice the instance goes with its game sessions, which end TERMINATED with reason INTERRUPTED.
   */
  reclaimSpotInstance(instance: Instance): void {
    if (instance.location.fleet.fleetType !== 'SPOT') throw new Error(`${instance.instanceId} is not a spot instance`);
    if (instance.reclaimed) return;
    instance.reclaimed = true;
    this.change('spotReclaimNotice', { instanceId: instance.instanceId });
    this.#retire(instance);
    this.engine.after(SPOT_RECLAIM_NOTICE_MS, { kind: 'spotReclaimed', instance });
    this.#reconcile(instance.location);
  }

  /**
   * Fault: from now on, game sessions created in `fleet` (in `location`, or in every location when undefined) fail to
   * activate with probability `failFraction`, and the others activate `delay` later than usual; undefined ends the
   * fault there. Draws come from streams of their own, taken only while a fault applies, so that a run without
   * activation faults draws exactly as before.
   */
  setActivationFault(fleet: Fleet, location: string | undefined, fault: { failFraction: number; delay: DurationRange | undefined } | undefined): void {
    const at = this.activationFaults.findIndex((f) => f.fleetId === fleet.fleetId && f.location === location);
    if (at >= 0) this.activationFaults.splice(at, 1);
    if (fault !== undefined) this.activationFaults.push({ fleetId: fleet.fleetId, location, ...fault });
    this.change('activationFaultSet', { fleetId: fleet.fleetId, location, fault: new CallerShaped(fault) });
  }

  /** The activation fault for a location: the one set for it, else the one set for its whole fleet. */
  #activationFaultFor(loc: FleetLocation): ActivationFault | undefined {
    if (this.activationFaults.length === 0) return undefined;
    const mine = this.activationFaults.filter((f) => f.fleetId === loc.fleet.fleetId);
    return mine.find((f) => f.location === loc.location) ?? mine.find((f) => f.location === undefined);
  }

  /** Launches or retires instances until the location's live instances match its desired count. */
  #reconcile(loc: FleetLocation): void {
    if (loc.status !== 'ACTIVE') return;
    let live = loc.pendingCount + loc.activeCount;
    while (live < loc.desired) {
      this.#launch(loc, this.draw(this.timings.instanceStart, 'timing/instanceStart'));
      live++;
    }
    if (live <= loc.desired) return;
    // Scale-down retires the newest instances first, those without game sessions before the others; an instance
    // that still hosts game sessions drains: it takes no new ones and goes when its last one ends [C].
    const candidates = [...loc.instances].filter((i) => i.status !== 'TERMINATING').reverse();
    candidates.sort((a, b) => rank(a) - rank(b));
    for (const instance of candidates.slice(0, live - loc.desired)) this.#retire(instance);
  }

  #launch(loc: FleetLocation, startMs: number): Instance {
    const instanceId = this.ids.instanceId();
    const ipAddress = this.ids.ipAddress();
    const fleet = loc.fleet;
    const dnsName = instanceDnsName(fleet.tls, instanceId, ipAddress, loc.location);
    const ports: number[] = [];
    for (let p = 0; p < fleet.runtime.processesPerInstance; p++) ports.push(FIRST_SERVER_PORT + p);
    const instance: Instance = {
      instanceId, location: loc, ipAddress, dnsName, creationTimeMs: this.nowMs, status: 'PENDING', sessions: new Set(), activatingCount: 0,
      reclaimed: false, freePorts: ports,
    };
    loc.instances.add(instance);
    loc.pendingCount++;
    this.changeOf(CHANGES.instanceLaunched, fleet.fleetId, loc.location, instanceId);
    this.engine.after(startMs, { kind: 'instanceReady', instance });
    return instance;
  }

  /** Marks an instance to go: it takes no new game sessions and is removed once it hosts none. */
  #retire(instance: Instance): void {
    if (instance.status === 'TERMINATING') return;
    const loc = instance.location;
    if (instance.status === 'PENDING') loc.pendingCount--;
    else loc.activeCount--;
    instance.status = 'TERMINATING';
    loc.available.delete(instance);
    this.change('instanceRetiring', { instanceId: instance.instanceId });
    if (instance.sessions.size === 0) this.#removeInstance(instance);
  }

  #removeInstance(instance: Instance): void {
    const loc = instance.location;
    if (!loc.instances.delete(instance)) return;
    this.change('instanceTerminated', { instanceId: instance.instanceId });
  }

  /** Recomputes whether an instance can take a game session now, and tells the placement layer when it can. */
  #refreshAvailability(instance: Instance): void {
    const loc = instance.location;
    const can =
      instance.status === 'ACTIVE' &&
      instance.freePorts.length > 0 &&
      instance.activatingCount < loc.fleet.runtime.maxConcurrentGameSessionActivations;
    if (can === loc.available.has(instance)) return;
    if (!can) {
      loc.available.delete(instance);
      return;
    }
    loc.available.add(instance);
    this.#placementHooks?.capacityFreed(loc);
  }

  // ---------------------------------------------------------------- game sessions

  /** The GameSessionId of a game session in `loc` whose id ends in `idSuffix`: an ARN (DG-10). */
  gameSessionIdIn(loc: FleetLocation, idSuffix: string): string {
    return gameSessionArn(this.config.homeRegion, loc.fleet.fleetId, loc.location, idSuffix);
  }

  /** A GameSessionId in `loc` that ends in a new UUID (DG-10). */
  newGameSessionIdIn(loc: FleetLocation): string {
    return this.gameSessionIdIn(loc, this.ids.uuid('gsess'));
  }

  /**
   * Creates an ACTIVATING game session with id `gameSessionId`, which no retained game session has (the caller made
   * it with {@link gameSessionIdIn} and checked), on the first instance of `loc` that can take one (GS-2). The caller
   * has checked `loc.available` is not empty.
   */
  createGameSession(loc: FleetLocation, fields: GameSessionFields, gameSessionId: string): GameSession {
    const instance = loc.available.values().next().value;
    if (instance === undefined) throw new Error(`no server process available in ${loc.location}`);
    const port = instance.freePorts.shift()!;
    const fleet = loc.fleet;
    if (this.gameSessions.has(gameSessionId)) throw new Error(`game session ${gameSessionId} exists`);
    // Every member written out, none spread in: V8 then keeps them all inside the object, not in a separate array,
    // which matters for the hundreds of thousands of ended sessions a load test keeps (DG-9).
    const session: GameSession = {
      gameSessionId,
      fleet, location: loc, instance, port, creationTimeMs: this.nowMs,
      name: fields.name, creatorId: fields.creatorId, gameProperties: fields.gameProperties,
      gameSessionData: fields.gameSessionData, maximumPlayerSessionCount: fields.maximumPlayerSessionCount,
      playerSessionCreationPolicy: 'ACCEPT_ALL',
      protectionPolicy: fleet.newGameSessionProtectionPolicy,
      status: 'ACTIVATING', activated: false, statusReason: undefined, terminationTimeMs: undefined,
      currentPlayerSessionCount: 0, playerSessions: [], packedPlayerSessions: undefined, placementId: fields.placementId,
    };
    instance.sessions.add(session);
    instance.activatingCount++;
    this.#refreshAvailability(instance);
    this.gameSessions.set(session.gameSessionId, session);
    this.sessionIndex.insert(session);
    this.changeOf(CHANGES.gameSessionCreated, session.gameSessionId, instance.instanceId, port);
    const activationMs = this.draw(this.timings.gameSessionActivation, 'timing/gameSessionActivation');
    const timeoutMs = fleet.runtime.gameSessionActivationTimeoutSeconds * 1000;
    const fault = this.#activationFaultFor(loc);
    // A failed activation is a process that never calls ActivateGameSession: its timeout ends it (GS-1, PL-4).
    const fails = fault !== undefined && this.engine.random.stream('fault/activation').next() < fault.failFraction;
    const lateMs = fails || fault?.delay === undefined ? 0 : this.draw(fault.delay, 'fault/activationDelay');
    if (!fails) this.engine.after(activationMs + lateMs, { kind: 'gameSessionActivated', session });
    // A session that activates no later than its timeout (same millisecond: activation was scheduled first) never
    // times out, and one ended before either has nothing left to time out: no timer is needed, and a day of load
    // schedules millions fewer events.
    if (fails || activationMs + lateMs > timeoutMs) this.engine.after(timeoutMs, { kind: 'activationTimedOut', session });
    return session;
  }

  /**
   * TerminateGameSession (GS-1, GS-4): an ACTIVE session goes TERMINATING now, with the mode as its StatusReason, and
   * TERMINATED after the TERMINATING delay, in either mode. An ACTIVATING one ends TERMINATED at once [C]. A
   * TERMINATING or TERMINATED one is already ending or ended, and stays as it is [C]. The caller refuses ERROR.
   */
  terminateGameSession(session: GameSession, mode: 'FORCE_TERMINATE' | 'TRIGGER_ON_PROCESS_TERMINATE'): void {
    if (session.status === 'ERROR') throw new Error(`game session ${session.gameSessionId} is ERROR (GS-4)`);
    const reason = mode === 'FORCE_TERMINATE' ? 'FORCE_TERMINATED' : 'TRIGGERED_ON_PROCESS_TERMINATE';
    if (session.status === 'ACTIVE') this.#beginTermination(session, reason);
    // GS-1 has no ACTIVATING → TERMINATING, and a process that has not activated its session runs no game that
    // would need winding down: it ends at once [C].
    else if (session.status === 'ACTIVATING') this.#endGameSession(session, 'TERMINATED', reason);
  }

  /**
   * The placement service ends an attempt it no longer waits for (PL-5: its placement timed out): the ACTIVATING
   * session ends TERMINATED, without a StatusReason, as when its activation times out.
   */
  endAttempt(session: GameSession): void {
    if (session.status !== 'ACTIVATING') throw new Error(`game session ${session.gameSessionId} is ${session.status}, not ACTIVATING`);
    this.#endGameSession(session, 'TERMINATED', undefined);
  }

  /**
   * Fault: the server process hosting `session` crashes. A session it had not activated goes to ERROR, the only way
   * into that status [C]; an ACTIVE or TERMINATING one ends TERMINATED.
   */
  crashProcess(session: GameSession): void {
    if (session.status === 'ACTIVATING') this.#endGameSession(session, 'ERROR', undefined);
    else if (session.status === 'ACTIVE' || session.status === 'TERMINATING') {
      this.#endGameSession(session, 'TERMINATED', session.statusReason);
    }
  }

  /** Applies UpdateGameSession's changes. */
  updateGameSession(session: GameSession, changes: Partial<Pick<GameSession, 'name' | 'maximumPlayerSessionCount' | 'playerSessionCreationPolicy' | 'protectionPolicy' | 'gameProperties'>>): void {
    Object.assign(session, changes);
    this.change('gameSessionUpdated', { gameSessionId: session.gameSessionId, ...changes });
    this.#observed(session, 'attributes');
  }

  #setStatus(session: GameSession, to: GameSessionStatus): void {
    const from = session.status;
    if (!GAME_SESSION_TRANSITIONS[from].includes(to)) {
      throw new Error(`game session ${session.gameSessionId} cannot go from ${from} to ${to} (GS-1)`);
    }
    session.status = to;
    this.sessionIndex.changeStatus(session, from, to);
    this.#observed(session, 'status');
  }

  #activate(session: GameSession): void {
    if (session.status !== 'ACTIVATING') return;
    this.#setStatus(session, 'ACTIVE');
    session.activated = true;
    session.instance.activatingCount--;
    this.changeOf(CHANGES.gameSessionStatus, session.gameSessionId, 'ACTIVE', undefined);
    this.#refreshAvailability(session.instance);
    const lifetime = this.timings.gameSessionLifetime;
    if (lifetime !== undefined) {
      this.engine.after(this.draw(lifetime, 'timing/gameSessionLifetime'), { kind: 'gameSessionEnding', session });
    }
    if (session.placementId !== undefined) this.#placementHooks?.gameSessionActivated(session);
  }

  #beginTermination(session: GameSession, reason: GameSessionStatusReason | undefined): void {
    this.#setStatus(session, 'TERMINATING');
    session.statusReason = reason;
    this.changeOf(CHANGES.gameSessionStatus, session.gameSessionId, 'TERMINATING', reason);
    this.engine.after(this.draw(this.timings.gameSessionTermination, 'timing/gameSessionTermination'), {
      kind: 'processEnded', session,
    });
  }

  /**
   * Ends a game session for good (TERMINATED or ERROR): its process is freed and its players leave. A placement whose
   * attempt it was hears of it last, with whether the activation timed out.
   */
  #endGameSession(
    session: GameSession,
    to: 'TERMINATED' | 'ERROR',
    reason: GameSessionStatusReason | undefined,
    activationTimedOut = false,
  ): void {
    const wasActivating = session.status === 'ACTIVATING';
    // An ACTIVE session always passes through TERMINATING, even when it ends at once (GS-1), and the trace records
    // that step like any other, so that a reader of the trace sees no ACTIVE → TERMINATED.
    if (session.status === 'ACTIVE') {
      this.#setStatus(session, 'TERMINATING');
      this.changeOf(CHANGES.gameSessionStatus, session.gameSessionId, 'TERMINATING', reason);
    }
    this.#setStatus(session, to);
    session.statusReason = reason;
    if (to === 'TERMINATED') session.terminationTimeMs = this.nowMs;
    this.changeOf(CHANGES.gameSessionStatus, session.gameSessionId, to, reason);
    // A reserved player who never connected times out; a connected one completes [C]. One record for them all, which
    // lists the player sessions themselves (their id and new status are the record's pairs): the usual session, all of
    // whose players end now, makes no list, and no session makes an object per player.
    const list = session.playerSessions;
    /** The player sessions that end now, once one that ended before is met; until then, all of `list` so far. */
    let some: PlayerSession[] | undefined;
    const nowMs = this.nowMs;
    for (let i = 0; i < list.length; i++) {
      const ps = list[i]!;
      if (ps.endedAs !== undefined) {
        some ??= list.slice(0, i);
        continue;
      }
      ps.endedAs = playerSessionStatus(ps, nowMs) === 'RESERVED' ? 'TIMEDOUT' : 'COMPLETED';
      ps.terminationTimeMs = nowMs;
      some?.push(ps);
    }
    const ended = some ?? list;
    if (ended.length > 0) {
      // Observers hear of the count once, as it stands after them all.
      session.currentPlayerSessionCount -= ended.length;
      this.#observed(session, 'players');
      // Every one of them has ended now: each has its endedAs.
      this.changePairs(PLAYER_SESSION_CHANGES.ended, session.gameSessionId, ended as readonly { playerSessionId: string; endedAs: string }[]);
    }
    const handle = this.ended.nextPosition;
    if (this.ended.push(session, this.nowMs + this.gameSessionRetentionMs)) {
      this.engine.after(this.gameSessionRetentionMs, { kind: 'gameSessionsExpired' });
    }
    this.playerSessions.pack(session, handle);

    const instance = session.instance;
    instance.sessions.delete(session);
    if (wasActivating) instance.activatingCount--;
    insertSorted(instance.freePorts, session.port);
    if (instance.status === 'TERMINATING') {
      if (instance.sessions.size === 0) this.#removeInstance(instance);
    } else {
      this.#refreshAvailability(instance);
    }

    if (wasActivating && session.placementId !== undefined) this.#placementHooks?.attemptEnded(session, activationTimedOut);
  }

  // ---------------------------------------------------------------- player sessions

  /** Reserves a place for each player in an ACTIVE game session with room; the caller has checked PS-1. */
  createPlayerSessions(session: GameSession, players: readonly { playerId: string; playerData: string | undefined }[]): PlayerSession[] {
    const created: PlayerSession[] = [];
    this.#reserve(session, players, created);
    return created;
  }

  /**
   * Reserves a place for each player, as createPlayerSessions does, for a placement that seats them (PL-4): returns
   * just the players and their player sessions' ids, the pairs the trace recorded, which the placement keeps.
   */
  seatPlayers(session: GameSession, players: readonly { playerId: string; playerData: string | undefined }[]): readonly SeatedPlayer[] {
    return this.#reserve(session, players, undefined);
  }

  /** Makes the player sessions, adding each to `created` if given; returns the pairs recorded in the trace. */
  #reserve(
    session: GameSession,
    players: readonly { playerId: string; playerData: string | undefined }[],
    created: PlayerSession[] | undefined,
  ): SeatedPlayer[] {
    if (session.currentPlayerSessionCount + players.length > session.maximumPlayerSessionCount) {
      throw new Error(`game session ${session.gameSessionId} has no room for ${players.length} players (PS-3)`);
    }
    const noShow = this.engine.random.stream('players/noShow');
    const nowMs = this.nowMs;
    const { playerNoShowProbability, playerStay } = this.timings;
    // Made at its length: a placement keeps these pairs as long as it is retained, and an array grown by pushes keeps
    // room for 16 (a placement seats 2 to 10 players in a load test).
    const recorded = new Array<SeatedPlayer>(players.length);
    const connectInMs = new Array<number | undefined>(players.length);
    const list = session.playerSessions;
    for (let i = 0; i < players.length; i++) {
      const { playerId, playerData } = players[i]!;
      const playerSessionId = this.ids.uuid('psess');
      const drawnMs = noShow.next() >= playerNoShowProbability
        ? this.draw(this.timings.playerConnect, 'timing/playerConnect')
        : undefined;
      // A player who would connect after the reservation timed out never does (PS-2); one connects 1 ms after the
      // creation at the earliest, so that whoever creates a player session sees it RESERVED first [C].
      const connectMs = drawnMs !== undefined && drawnMs <= PLAYER_RESERVATION_TIMEOUT_MS ? Math.max(1, drawnMs) : undefined;
      const ps: PlayerSession = {
        playerSessionId, playerId, playerData, gameSession: session, creationTimeMs: nowMs, ordinal: this.#ordinal++,
        connectAtMs: connectMs === undefined ? undefined : nowMs + connectMs, endedAs: undefined, terminationTimeMs: undefined,
      };
      list.push(ps);
      this.playerSessions.add(ps);
      // The connection itself is no event: the status reads connectAtMs. Only what follows it needs a timer.
      if (connectMs === undefined) {
        this.engine.after(PLAYER_RESERVATION_TIMEOUT_MS, { kind: 'reservationTimedOut', playerSession: ps });
      } else if (playerStay !== undefined) {
        this.engine.after(connectMs + this.draw(playerStay, 'timing/playerStay'), { kind: 'playerLeft', playerSession: ps });
      }
      created?.push(ps);
      recorded[i] = { playerSessionId, playerId };
      connectInMs[i] = connectMs;
    }
    // Observers hear of the count once, as it stands after the whole batch: nothing reads it in between.
    session.currentPlayerSessionCount += players.length;
    if (players.length > 0) this.#observed(session, 'players');
    this.changePairs(PLAYER_SESSION_CHANGES.created, session.gameSessionId, recorded, connectInMs);
    return recorded;
  }

  /** A player session ends on its own (PS-2): a reservation that timed out, a player who left. */
  #endPlayerSession(ps: PlayerSession, to: EndedPlayerSessionStatus): void {
    ps.endedAs = to;
    ps.terminationTimeMs = this.nowMs;
    ps.gameSession.currentPlayerSessionCount--;
    this.changeOf(CHANGES.playerSessionStatus, ps.playerSessionId, to);
    this.#observed(ps.gameSession, 'players');
  }

  // ---------------------------------------------------------------- events

  #run(event: ModelEvent): void {
    switch (event.kind) {
      case 'locationActivating': {
        const loc = event.location;
        if (loc.status === 'NEW') this.#setLocationStatus(loc, 'ACTIVATING');
        return;
      }
      case 'locationActive':
        return this.#activateLocation(event.location);
      case 'instanceReady': {
        const instance = event.instance;
        if (instance.status !== 'PENDING') return;
        instance.status = 'ACTIVE';
        instance.location.pendingCount--;
        instance.location.activeCount++;
        this.changeOf(CHANGES.instanceActive, instance.instanceId);
        return this.#refreshAvailability(instance);
      }
      case 'spotReclaimed': {
        const instance = event.instance;
        for (const session of [...instance.sessions]) this.#endGameSession(session, 'TERMINATED', 'INTERRUPTED');
        return this.#removeInstance(instance);
      }
      case 'gameSessionActivated':
        return this.#activate(event.session);
      case 'activationTimedOut':
        if (event.session.status === 'ACTIVATING') this.#endGameSession(event.session, 'TERMINATED', undefined, true);
        return;
      case 'gameSessionEnding':
        if (event.session.status === 'ACTIVE') this.#beginTermination(event.session, undefined);
        return;
      case 'processEnded':
        if (event.session.status === 'TERMINATING') this.#endGameSession(event.session, 'TERMINATED', event.session.statusReason);
        return;
      case 'gameSessionsExpired': {
        this.ended.takeDue(this.nowMs, (session, handle) => this.#expire(session, handle));
        const next = this.ended.nextDueMs();
        if (next !== undefined) this.engine.after(next - this.nowMs, { kind: 'gameSessionsExpired' });
        return;
      }
      // reservationTimedOut is scheduled only for a player who never connects, playerLeft only for one who does;
      // either is void once the player session has ended with its game session.
      case 'reservationTimedOut':
        if (event.playerSession.endedAs === undefined) this.#endPlayerSession(event.playerSession, 'TIMEDOUT');
        return;
      case 'playerLeft':
        if (event.playerSession.endedAs === undefined) this.#endPlayerSession(event.playerSession, 'COMPLETED');
        return;
      case 'placementAttempt':
      case 'placementTimeout':
      case 'placementRetry':
      case 'waitListServe':
      case 'placementsExpired':
        return this.#placementHooks?.runStep(event);
    }
  }

  #setLocationStatus(loc: FleetLocation, status: FleetLocation['status']): void {
    loc.status = status;
    if (loc.isHome) loc.fleet.status = status;
    this.change('locationStatus', { fleetId: loc.fleet.fleetId, location: loc.location, status });
  }

  /** The location and the instances it was created with become ACTIVE together. */
  #activateLocation(loc: FleetLocation): void {
    this.#setLocationStatus(loc, 'ACTIVE');
    for (let i = 0; i < loc.desired; i++) this.#launch(loc, 0);
  }

  /** An ended game session's retention is over: it and its player sessions are gone from every lookup (DG-9). */
  #expire(session: GameSession, handle: number): void {
    this.gameSessions.delete(session.gameSessionId);
    this.sessionIndex.remove(session);
    this.playerSessions.forget(session, handle);
    this.changeOf(CHANGES.gameSessionExpired, session.gameSessionId);
  }
}

/** The port of a fleet instance's first server process; the others follow. */
export const FIRST_SERVER_PORT = 7777;

function drawMs(stream: RandomStream, range: DurationRange): number {
  const minMs = Math.round(range.minSeconds * 1000);
  const maxMs = Math.round(range.maxSeconds * 1000);
  return maxMs <= minMs ? minMs : stream.int(minMs, maxMs);
}

/** Scale-down order: pending instances first, then idle ones, then those hosting game sessions. */
function rank(instance: Instance): number {
  if (instance.status === 'PENDING') return 0;
  return instance.sessions.size === 0 ? 1 : 2;
}

/** Inserts `value` into ascending `values`, moving the larger ones up by hand: a splice costs more on a few ports. */
function insertSorted(values: number[], value: number): void {
  let i = values.length;
  values.push(value);
  for (; i > 0 && values[i - 1]! > value; i--) values[i] = values[i - 1]!;
  values[i] = value;
}
