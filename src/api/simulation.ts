import { createHash } from 'node:crypto';
import { canonicalJson } from '../engine/canonical.ts';
import { makeConfig, type SimConfig, type Timings } from '../model/config.ts';
import { dumpWorld } from '../model/dump.ts';
import { dumpPlacements } from '../model/placement/dump.ts';
import type { PlacementEvent } from '../model/placement/events.ts';
import { PlacementService } from '../model/placement/service.ts';
import { World } from '../model/world.ts';
import type { ApiContext } from './context.ts';
import { fail, isGameLiftError } from './errors.ts';
import { OPERATIONS, isOperationName, type InputOf, type OperationName, type OutputOf } from './operations.ts';
import { Paging } from './paging.ts';
import { SearchIndex } from './search/search-index.ts';

export interface SimulationOptions {
  /** The run's seed: every random draw derives from it (DT-1). */
  readonly seed?: number | string;
  /** Account, home Region, start time and timings; defaults look like GameLift. */
  readonly config?: Partial<Omit<SimConfig, 'timings'>> & { timings?: Partial<Timings> };
  /** Trace entries kept in memory; the trace hash always covers every entry. */
  readonly traceEntriesKept?: number;
}

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

  constructor(options: SimulationOptions = {}) {
    this.world = new World(makeConfig(options.config), options.seed ?? 0, options.traceEntriesKept);
    this.placements = new PlacementService(this.world);
    this.paging = new Paging(this.world.engine.random.seed);
    this.#ctx = { world: this.world, placements: this.placements, paging: this.paging, search: new SearchIndex(this.world) };
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
   */
  execute(operation: string, input: unknown): unknown {
    const trace = this.world.engine.trace;
    let output: unknown;
    try {
      if (!isOperationName(operation)) fail('InvalidRequestException', `operation must be one the simulator implements, got "${operation}"`);
      output = OPERATIONS[operation](this.#ctx, input);
    } catch (error) {
      if (isGameLiftError(error)) trace.record(this.world.nowMs, 'call', { operation, input, error: error.name, message: error.message });
      throw error;
    }
    trace.record(this.world.nowMs, 'call', { operation, input, output: traceable(output) });
    // Outside the try: an error in a listener is the listener's, not a refusal of this call, which has happened.
    this.world.flushDeliveries();
    return output;
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

  /** Replaces some timings from now on (slow activations, slow instance starts, …). */
  setTimings(timings: Partial<Timings>): void {
    this.world.timings = { ...this.world.timings, ...timings };
    this.world.change('timingsSet', { ...timings });
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
}

/** Members that identify an entity in a listing, in the order they are looked for. */
const ID_MEMBERS = ['GameSessionId', 'PlayerSessionId', 'PlacementId', 'FleetId', 'AliasId', 'Name'] as const;

/**
 * An output as the trace records it: listings (arrays of entities) by their ids, in order, everything else whole.
 * A listing is read from state the trace already holds change by change; serializing every field of every page
 * would cost more than the call itself, while the ids and their order still pin the answer down (DT-1).
 */
function traceable(output: unknown): unknown {
  if (output === null || typeof output !== 'object') return output;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(output)) {
    out[key] = Array.isArray(value) ? value.map((item) => idOf(item) ?? item) : value;
  }
  return out;
}

function idOf(item: unknown): unknown {
  if (item === null || typeof item !== 'object') return undefined;
  const record = item as Record<string, unknown>;
  // A GameSessionDetail is its game session's id, status and protection.
  if (record.GameSession !== undefined) return `${String(idOf(record.GameSession))}:${String(record.ProtectionPolicy)}`;
  const key = ID_MEMBERS.find((k) => record[k] !== undefined);
  return key === undefined ? undefined : `${record[key]}:${String(record.Status ?? '')}`;
}
