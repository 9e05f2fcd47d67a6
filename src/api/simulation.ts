import { createHash } from 'node:crypto';
import { canonicalJson } from '../engine/canonical.ts';
import { VIRTUAL_TIME_MS_MAX } from '../engine/clock.ts';
import { CallerShaped, ShapeWritten, type ValueWriter } from '../engine/record-codec.ts';
import type { TraceSink } from '../engine/trace.ts';
import { makeConfig, type ConfigOverrides, type Timings } from '../model/config.ts';
import { dumpWorld } from '../model/dump.ts';
import { dumpPlacements } from '../model/placement/dump.ts';
import type { PlacementEvent } from '../model/placement/events.ts';
import { PlacementService, type PlacementState } from '../model/placement/service.ts';
import { World, type WorldState } from '../model/world.ts';
import type { ApiContext } from './context.ts';
import { fail, isGameLiftError } from './errors.ts';
import * as faults from './faults.ts';
import type { ActivationFaultSpec, CapacityLoss, FaultSelector } from './faults.ts';
import { OPERATIONS, isOperationName, isReadOperation, type InputOf, type OperationName, type OutputOf, type ReadOperationName } from './operations.ts';
import { Paging } from './paging.ts';
import { SearchIndex } from './search/search-index.ts';
import { readSnapshot, writeSnapshot } from './snapshot.ts';

export interface SimulationOptions {
  /** The run's seed: every random draw derives from it (DT-1). */
  readonly seed?: number | string;
  /**
   * Account, home Region, start time, timings and retention (`retention: { gameSessionsDays, placementsHours }`, for
   * load tests that need not keep 30 days of history); defaults look like GameLift.
   */
  readonly config?: ConfigOverrides;
  /** Trace entries kept in memory; the trace hash always covers every entry. */
  readonly traceEntriesKept?: number;
  /** Placement events kept for `placementEvents()`; listeners see every one. Default PLACEMENT_EVENTS_KEPT_DEFAULT. */
  readonly placementEventsKept?: number;
  /** Receives every trace line as JSON as it is recorded (a `--trace FILE` writes them); none by default. */
  readonly traceSink?: TraceSink;
  /** Told of every call as the trace records it: the operation, and the error's name if it was refused. */
  readonly onCall?: CallListener;
}

/** What a restored simulation is given besides its state: how it keeps and streams its trace from now on. */
export type RestoreOptions = Pick<SimulationOptions, 'traceEntriesKept' | 'placementEventsKept' | 'traceSink' | 'onCall'>;

/** What a snapshot holds: the world and placement layer as plain data, and the data a driver attached. */
interface SimulationState {
  readonly world: WorldState;
  readonly placements: PlacementState;
  readonly attached: unknown;
}

/**
 * Hears of each API call once it is recorded: its operation, the exception's name when it was refused, and the
 * input as the caller sent it (to be read, not kept or changed).
 */
export type CallListener = (operation: string, error: string | undefined, input: unknown) => void;

/**
 * A simulated GameLift service: call operations with the SDK's input shapes, move virtual time, inject faults.
 *
 * Every call and its outcome goes into the trace. A refused call throws the SDK's exception class and changes no
 * state (the state hash is the same before and after). Nothing here reads the wall clock or an unseeded random
 * source: the same options and the same calls give the same trace hash (DT-1, DT-2).
 */
export class Simulation {
  readonly world: World;
  readonly placements: PlacementService;
  readonly paging: Paging;
  readonly #ctx: ApiContext;
  readonly #onCall: CallListener | undefined;

  /** A new simulation; `state` is for `restore`, which gives it the state a snapshot saved. */
  constructor(options: SimulationOptions = {}, state?: SimulationState) {
    this.#onCall = options.onCall;
    this.world = state === undefined
      ? new World(makeConfig(options.config), options.seed ?? 0, options.traceEntriesKept)
      : World.restore(state.world, options.traceEntriesKept);
    this.world.engine.trace.streamTo(options.traceSink);
    this.placements = new PlacementService(this.world, options.placementEventsKept, state?.placements);
    this.paging = new Paging(this.world.engine.random.seed);
    const world = this.world;
    let search: SearchIndex | undefined;
    this.#ctx = {
      world, placements: this.placements, paging: this.paging,
      // Built at the first search, from the sessions there are then: a run that never searches never pays for it.
      get search() { return search ??= new SearchIndex(world); },
    };
  }

  /**
   * The whole state as bytes (DT-3): fleets, locations, instances, game and player sessions, aliases, queues,
   * placements and their wait lists, the pending events, the random streams, the id counters, where the trace stands
   * (its line count and running hash), the placement events kept, the timings and the config; with `attached`, plain
   * data of the caller's kept alongside (a load driver's agenda), which may refer to the simulation's own entities.
   * The same state gives the same bytes. Listeners and the trace sink are not state: whoever restores attaches them
   * again. The trace lines kept in memory are not either: the restored trace goes on numbering and hashing from where
   * it stood, and keeps the lines recorded after the restore.
   */
  snapshot(attached?: unknown): Uint8Array {
    const state: SimulationState = { world: this.world.state(), placements: this.placements.state(), attached };
    return writeSnapshot(state);
  }

  /**
   * The simulation a snapshot saved, going on exactly as the original would: the same calls give the same trace
   * hash and state hash as running straight through (DT-3). A snapshot of another format version, or bytes that are
   * not a snapshot, are refused with a SnapshotError saying why.
   */
  static restore(bytes: Uint8Array, options: RestoreOptions = {}): Simulation {
    return Simulation.restoreWith(bytes, options).sim;
  }

  /** As `restore`, also handing back the data attached to the snapshot (undefined when none was). */
  static restoreWith(bytes: Uint8Array, options: RestoreOptions = {}): { sim: Simulation; attached: unknown } {
    const state = readSnapshot(bytes) as SimulationState;
    return { sim: new Simulation(options, state), attached: state.attached };
  }

  /** The run's seed, as the random streams derive from it. */
  get seed(): string {
    return this.world.engine.random.seed;
  }

  /** Current virtual time. */
  get now(): Date {
    return new Date(this.world.nowMs);
  }

  get nowMs(): number {
    return this.world.nowMs;
  }

  /** Calls an operation with the SDK's input shape; returns its output or throws the SDK's exception class. */
  call<Op extends OperationName>(operation: Op, input: InputOf<Op>): OutputOf<Op> {
    return this.execute(operation, input) as OutputOf<Op>;
  }

  /**
   * Calls an operation by name with any input, as the wire layer does: an unknown name is refused like any other
   * bad request. Records the call and its outcome in the trace.
   *
   * `canonical` is for the codec (the wire and the fast path), whose input checked against the SDK's schema is
   * already as the trace records a request: fresh plain data, the members of every object in code-unit order (no map,
   * whose keys are the caller's), valid Dates, no cycle, nested less than INPUT_DEPTH_MAX deep. The trace then
   * records it as it stands, where any other input is first checked for what could not be recorded and recorded
   * with its keys sorted at every depth: the record is the same either way (DT-1), and the canonical one costs neither
   * the walk nor the sort. The codec may pass, instead of `true`, the writer it compiled for the input's shape
   * (`ReadResult.recordedBy`), which writes that same record without walking the input.
   */
  execute(operation: string, input: unknown, canonical: boolean | ValueWriter = false): unknown {
    const trace = this.world.engine.trace;
    let output: unknown;
    let recordable = canonical !== false;
    try {
      if (!isOperationName(operation)) fail('InvalidRequestException', `operation must be one the simulator implements, got "${operation}"`);
      // Whatever could keep the call's trace entry from being written is found before the operation changes
      // anything: an entry that failed once the operation had run would leave the call applied yet refused.
      recordable ||= isRecordable(input);
      if (!recordable) fail('InvalidRequestException', `the input of ${operation} must be plain data (no invalid Date, no cycle, nested at most ${INPUT_DEPTH_MAX} deep)`);
      output = OPERATIONS[operation](this.#ctx, input);
    } catch (error) {
      if (isGameLiftError(error)) {
        trace.record(this.world.nowMs, 'call', { operation, ...(recordable && { input: recordedInput(input, canonical) }), error: error.name, message: error.message });
        this.#onCall?.(operation, error.name, input);
      }
      throw error;
    }
    trace.record(this.world.nowMs, 'call', { operation, input: recordedInput(input, canonical), output: traceable(output) });
    this.#onCall?.(operation, undefined, input);
    // Outside the try: an error in a listener is the listener's, not a refusal of this call, which has happened.
    this.world.flushDeliveries();
    return output;
  }

  /**
   * Reads state through a read-only operation (Describe…, ResolveAlias, SearchGameSessions), answered as `call`
   * answers it, without recording the call: for checks and tools that watch a run, so that watching does not change
   * its trace (DT-1). An operation that changes state is refused.
   */
  observe<Op extends ReadOperationName>(operation: Op, input: InputOf<Op>): OutputOf<Op> {
    if (!isReadOperation(operation)) throw new TypeError(`observe only reads state; ${String(operation)} changes it: use call`);
    return OPERATIONS[operation](this.#ctx, input) as OutputOf<Op>;
  }

  /** The placement events emitted so far, shaped like GameLift's EventBridge events (PL-10). */
  placementEvents(): readonly PlacementEvent[] {
    return this.placements.events();
  }

  /**
   * Calls `listener` with each placement event as it happens in virtual time, once the step that emitted it is
   * complete, so the listener may call operations. Returns a function that unsubscribes.
   */
  onPlacementEvent(listener: (event: PlacementEvent) => void): () => void {
    return this.placements.subscribe(listener);
  }

  /** Runs virtual time forward by `seconds`, event by event. Returns how many events ran. */
  advanceBy(seconds: number): number {
    if (!(seconds >= 0)) throw new RangeError(`seconds must be ≥ 0, got ${seconds}`);
    return this.advanceTo(this.world.nowMs + Math.round(seconds * 1000));
  }

  /** Runs virtual time forward to `targetMs` (epoch milliseconds), event by event. Returns how many events ran. */
  advanceTo(targetMs: number): number {
    if (!(targetMs <= VIRTUAL_TIME_MS_MAX)) {
      throw new RangeError(`virtual time cannot pass ${new Date(VIRTUAL_TIME_MS_MAX).toISOString()} (VIRTUAL_TIME_MS_MAX), asked for ${targetMs} ms`);
    }
    return this.world.advanceTo(targetMs);
  }

  /** Running SHA-256 over the whole trace so far (DT-1). */
  traceHash(): string {
    return this.world.engine.trace.digest();
  }

  /** SHA-256 of the whole state: world, placements, pending events and random streams. */
  stateHash(): string {
    const state = { world: dumpWorld(this.world), placements: dumpPlacements(this.placements) };
    return createHash('sha256').update(canonicalJson(state)).digest('hex');
  }

  /**
   * Replaces some timings from now on (slow activations, slow instance starts, …): for what is drawn from now on. A
   * player's connection and stay are drawn as the place is reserved, so a player session made before keeps its own.
   */
  setTimings(timings: Partial<Timings>): void {
    this.world.timings = { ...this.world.timings, ...timings };
    this.world.change('timingsSet', { timings: new CallerShaped(timings) });
  }

  /** Fault: EC2 reclaims a spot instance, with two minutes' notice (GS-3). */
  reclaimSpotInstance(instanceId: string): void {
    for (const fleet of this.world.fleets.values()) {
      for (const loc of fleet.locations.values()) {
        for (const instance of loc.instances) {
          if (instance.instanceId === instanceId) return this.world.reclaimSpotInstance(instance);
        }
      }
    }
    throw new RangeError(`no instance ${instanceId}`);
  }

  /** Fault: the service fails a PENDING placement with an internal error (PL-6). */
  failPlacement(placementId: string): void {
    const placement = this.placements.placements.get(placementId);
    if (placement === undefined) throw new RangeError(`no placement ${placementId}`);
    this.placements.failPlacement(placement);
    this.world.flushDeliveries();
  }

  /** Fault: the server process hosting a game session crashes. */
  crashGameSessionProcess(gameSessionId: string): void {
    const session = this.world.gameSessions.get(gameSessionId);
    if (session === undefined) throw new RangeError(`no game session ${gameSessionId}`);
    this.world.crashProcess(session);
    this.world.flushDeliveries();
  }

  /**
   * Fault: a spot reclaim storm (GS-3) — the selected count or fraction of the fleet's live instances, drawn from a
   * seeded stream, get their two minutes' notice. Returns their instance ids. An unknown fleet or location, or a
   * fleet that is not SPOT, is refused with a FaultSelectorError and changes nothing.
   */
  reclaimSpot(selector: FaultSelector): string[] {
    return this.#fault(() => faults.reclaimSpot(this.world, selector).map((i) => i.instanceId));
  }

  /** Fault: the server processes of the selected share of ACTIVATING or ACTIVE game sessions crash. Returns their ids. */
  crashProcesses(selector: FaultSelector): string[] {
    return this.#fault(() => faults.crashProcesses(this.world, selector).map((s) => s.gameSessionId));
  }

  /**
   * Fault: capacity loss — the selected share of live instances go and are not replaced until `recoverCapacity`
   * with the returned losses; `abrupt` ends their game sessions at once, otherwise busy instances drain.
   */
  loseCapacity(selector: FaultSelector, options: { abrupt?: boolean } = {}): CapacityLoss[] {
    return this.#fault(() => faults.loseCapacity(this.world, selector, options.abrupt ?? false));
  }

  /** Recovery from `loseCapacity`: each location scales back up by what it lost, within its MaxSize. */
  recoverCapacity(losses: readonly CapacityLoss[]): void {
    this.#fault(() => faults.recoverCapacity(this.world, losses));
  }

  /**
   * Fault: activation failures and slow activations for game sessions created from now on in the selected fleet
   * (and location); `undefined` ends the fault there.
   */
  setActivationFault(selector: Pick<FaultSelector, 'fleet' | 'location'>, fault: ActivationFaultSpec | undefined): void {
    this.#fault(() => faults.setActivationFault(this.world, selector, fault));
  }

  /** Runs a fault, then the listeners of the placement events it caused. */
  #fault<T>(inject: () => T): T {
    const out = inject();
    this.world.flushDeliveries();
    return out;
  }
}

/** Nesting deeper than any operation's input shape: past it, an input is taken for a cycle. */
export const INPUT_DEPTH_MAX = 64;

/** An input as a call's trace entry holds it: a canonical one as it stands, any other with its keys sorted. */
function recordedInput(input: unknown, canonical: boolean | ValueWriter): unknown {
  if (canonical === false) return new CallerShaped(input);
  return canonical === true ? input : new ShapeWritten(input, canonical);
}

/**
 * Whether the trace can record `input`: its encoding throws on an invalid Date and never ends on a cycle. A walk
 * rather than a trial encoding, since every call pays for it.
 */
function isRecordable(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (depth >= INPUT_DEPTH_MAX || value instanceof Uint8Array) return depth < INPUT_DEPTH_MAX;
  for (const member of Array.isArray(value) ? value : Object.values(value)) {
    if (!isRecordable(member, depth + 1)) return false;
  }
  return true;
}

/** Members that identify an entity in an answer, in the order they are looked for. */
const ID_MEMBERS = ['GameSessionId', 'PlayerSessionId', 'PlacementId', 'FleetId', 'AliasId', 'Name'] as const;

/**
 * An output as the trace records it: each entity (alone or in a listing) by its id and status, everything else
 * whole. An answer is a view of state the trace already holds change by change, for a request it holds whole;
 * serializing every field (a placement echoes its players' latencies) would cost more than the call itself, while
 * the ids, statuses and order still pin the answer down (DT-1).
 */
function traceable(output: unknown): unknown {
  if (output === null || typeof output !== 'object') return output;
  const out: Record<string, unknown> = {};
  for (const key in output) {
    const value = (output as Record<string, unknown>)[key];
    out[key] = Array.isArray(value) ? value.map((item) => idOf(item) ?? item) : idOf(value) ?? value;
  }
  return out;
}

function idOf(item: unknown): unknown {
  if (item === null || typeof item !== 'object') return undefined;
  const record = item as Record<string, unknown>;
  // A GameSessionDetail is its game session's id, status and protection.
  if (record.GameSession !== undefined) return `${String(idOf(record.GameSession))}:${String(record.ProtectionPolicy)}`;
  // A loop, not `find`: a closure per answer, for the one lookup every recorded call makes.
  for (const key of ID_MEMBERS) {
    const id = record[key];
    if (id !== undefined) return `${String(id)}:${String(record.Status ?? '')}`;
  }
  return undefined;
}
