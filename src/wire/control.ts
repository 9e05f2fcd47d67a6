import type { ActivationFaultSpec, CapacityLoss, FaultSelector } from '../api/faults.ts';
import { isOperationName } from '../api/operations.ts';
import type { Simulation } from '../api/simulation.ts';
import { TransportFaultPlan, type TransportFaults } from '../client/transport-faults.ts';
import type { DurationRange, Timings } from '../model/config.ts';
import { bodyBytes, pathOf, quote, type WireRequest, type WireResponse } from './messages.ts';
import { ADVANCE_SECONDS_MAX, type ServerClock } from './server-clock.ts';

/** Where the simulator's own endpoints live, beside GameLift's `POST /`. */
export const CONTROL_PREFIX = '/_sim/';
/** The events one page of `GET /_sim/events?after=…` holds unless `limit` says fewer. */
export const EVENTS_PAGE_DEFAULT = 100;
/** The most events one page of `GET /_sim/events?after=…` holds. */
export const EVENTS_PAGE_MAX = 1_000;
/**
 * The events one chunk of the full `GET /_sim/events` dump holds: the dump is written a chunk at a time, so no
 * string is ever larger than a chunk (one string for every event once passed V8's 512 MiB limit, "Invalid string
 * length", when CustomEventData's control characters grew six-fold as `\u00XX` escapes) and the server answers other
 * requests between chunks.
 */
export const EVENTS_CHUNK = 500;
/** The longest a fault may set a timing to: 30 days, DG-9's retention. */
export const TIMING_SECONDS_MAX = 30 * 24 * 3600;

/** An answer written a chunk at a time, with the server free to serve other requests between two chunks. */
export interface StreamedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly chunks: Iterable<string>;
}

/** What a control endpoint answers: a whole body, or a stream. */
export type ControlResponse = WireResponse | StreamedResponse;

/** Whether `request` is for the simulator's own endpoints rather than for GameLift. */
export function isControlRequest(request: WireRequest): boolean {
  return pathOf(request).startsWith(CONTROL_PREFIX);
}

interface Endpoint {
  readonly methods: readonly ('GET' | 'POST' | 'DELETE')[];
  /** Answers a request whose method matched; `query` is the request's query string. */
  serve(sim: Simulation, clock: ServerClock, request: WireRequest, query: URLSearchParams): ControlResponse;
}

/**
 * A fault as the control plane injects it: reads the JSON body, then calls the simulation's fault; answers why the
 * body does not fit instead. Built by {@link fault}; adding a fault endpoint is adding one entry to {@link FAULTS}.
 */
interface Fault {
  /** What the fault struck (JSON, `undefined` for nothing to tell), or why the body does not fit. */
  inject(sim: Simulation, body: Record<string, unknown>): { readonly struck: unknown } | Refusal;
}

/** A fault from `read`, which checks the body (answering a {@link Refusal} when it does not fit), and `apply`. */
function fault<T>(read: (body: Record<string, unknown>) => T | Refusal, apply: (sim: Simulation, input: T) => unknown): Fault {
  return {
    inject(sim, body) {
      const input = read(body);
      if (input instanceof Refusal) return input;
      return { struck: apply(sim, input) };
    },
  };
}

/** Why a body does not fit. */
class Refusal {
  constructor(readonly message: string) {}
}

/** A fault named by the id of the entity it strikes: `{"<member>": "<id>"}`. */
function byId(member: string, apply: (sim: Simulation, id: string) => void): Fault {
  return fault((body) => {
    const id = body[member];
    return typeof id === 'string' && id !== '' ? id : new Refusal(`the body must be {"${member}": "<id>"}, got ${describe(id)} for ${member}`);
  }, apply);
}

/** The most instances or game sessions one selector fault may name by `count`. */
export const FAULT_COUNT_MAX = 100_000;
/** The most capacity losses one `recover-capacity` body may list. */
export const CAPACITY_LOSSES_MAX = 1_000;

const SELECTOR_MEMBERS = ['fleet', 'location', 'count', 'fraction'] as const;

/**
 * A {@link FaultSelector} from the body's `fleet`, `location`, `count` and `fraction` (only `fleet` and `location`
 * when `amounts` is false), refusing a member of the wrong type or out of range by name. Other members are left to
 * the caller (`extra`); any member neither knows is refused. Whether the fleet and location exist is the
 * simulation's to say (404).
 */
function readSelector(body: Record<string, unknown>, amounts: boolean, extra: readonly string[] = []): FaultSelector | Refusal {
  const members: readonly string[] = amounts ? SELECTOR_MEMBERS : SELECTOR_MEMBERS.slice(0, 2);
  const unknown = Object.keys(body).find((key) => !members.includes(key) && !extra.includes(key));
  if (unknown !== undefined) return new Refusal(`the body takes ${[...members, ...extra].join(', ')}; got ${JSON.stringify(quote(unknown))}`);
  const { fleet, location, count, fraction } = body;
  if (typeof fleet !== 'string' || fleet === '') return new Refusal(`fleet must be a FleetId, ARN or name, got ${describe(fleet)}`);
  if (location !== undefined && (typeof location !== 'string' || location === '')) return new Refusal(`location must be a location name, got ${describe(location)}`);
  if (count !== undefined && !(Number.isInteger(count) && (count as number) >= 0 && (count as number) <= FAULT_COUNT_MAX)) {
    return new Refusal(`count must be a whole number in 0–${FAULT_COUNT_MAX}, got ${describe(count)}`);
  }
  if (fraction !== undefined && !(typeof fraction === 'number' && fraction >= 0 && fraction <= 1)) return new Refusal(`fraction must be a number in 0–1, got ${describe(fraction)}`);
  if (count !== undefined && fraction !== undefined) return new Refusal('the body takes count or fraction, not both');
  return { fleet, location: location as string | undefined, count: count as number | undefined, fraction: fraction as number | undefined };
}

function readLoseCapacity(body: Record<string, unknown>): { selector: FaultSelector; abrupt: boolean } | Refusal {
  const { abrupt, ...rest } = body;
  if (abrupt !== undefined && typeof abrupt !== 'boolean') return new Refusal(`abrupt must be true or false, got ${describe(abrupt)}`);
  const selector = readSelector(rest, true);
  return selector instanceof Refusal ? selector : { selector, abrupt: abrupt ?? false };
}

function readLosses(body: Record<string, unknown>): CapacityLoss[] | Refusal {
  const { losses, ...rest } = body;
  const shape = 'losses must be the list lose-capacity answered, [{"fleetId", "location", "instances"}, …]';
  if (Object.keys(rest).length > 0) return new Refusal(`the body takes losses; got ${JSON.stringify(quote(Object.keys(rest)[0]!))}`);
  if (!Array.isArray(losses) || losses.length > CAPACITY_LOSSES_MAX) return new Refusal(`${shape}, at most ${CAPACITY_LOSSES_MAX}; got ${describe(losses)}`);
  for (const [i, loss] of losses.entries()) {
    const { fleetId, location, instances } = (typeof loss === 'object' && loss !== null ? loss : {}) as Record<string, unknown>;
    if (typeof fleetId !== 'string' || typeof location !== 'string' || !(Number.isInteger(instances) && (instances as number) >= 0 && (instances as number) <= FAULT_COUNT_MAX)) {
      return new Refusal(`${shape}; losses[${i}] is ${describe(loss)}`);
    }
  }
  return losses as CapacityLoss[];
}

function readActivationFault(body: Record<string, unknown>): { selector: FaultSelector; fault: ActivationFaultSpec | undefined } | Refusal {
  const { failFraction, delay, clear, ...rest } = body;
  const selector = readSelector(rest, false);
  if (selector instanceof Refusal) return selector;
  if (clear !== undefined && clear !== true) return new Refusal(`clear must be true when given, got ${describe(clear)}`);
  if (clear === true) {
    return failFraction === undefined && delay === undefined ? { selector, fault: undefined } : new Refusal('clear takes no failFraction or delay');
  }
  if (failFraction !== undefined && !(typeof failFraction === 'number' && failFraction >= 0 && failFraction <= 1)) {
    return new Refusal(`failFraction must be a number in 0–1, got ${describe(failFraction)}`);
  }
  const range = delay === undefined ? undefined : durationOf(delay);
  if (delay !== undefined && range === undefined) {
    return new Refusal(`delay must be {"minSeconds": a, "maxSeconds": b} with 0 ≤ a ≤ b ≤ ${TIMING_SECONDS_MAX}, got ${describe(delay)}`);
  }
  if (failFraction === undefined && range === undefined) return new Refusal('the body needs failFraction, delay, or "clear": true');
  return { selector, fault: { failFraction: failFraction as number | undefined, delay: range } };
}

/**
 * The faults `POST /_sim/faults/<name>` injects, as the in-process {@link Simulation} has them:
 * - `reclaim-spot-instance` `{"instanceId"}`: EC2 reclaims a spot instance with two minutes' notice (GS-3);
 * - `crash-game-session-process` `{"gameSessionId"}`: the server process hosting a game session crashes;
 * - `fail-placement` `{"placementId"}`: the service fails a PENDING placement (PL-6);
 * - `set-timings` `{"<timing>": {"minSeconds", "maxSeconds"}, "playerNoShowProbability": p, …}`: replaces timings
 *   from now on;
 * - `reclaim-spot` `{"fleet", "location"?, "count"? | "fraction"?}`: a spot reclaim storm by selector, answering
 *   the instance ids struck;
 * - `crash-processes` `{selector}`: the processes of the selected ACTIVATING or ACTIVE game sessions crash,
 *   answering their ids;
 * - `lose-capacity` `{selector, "abrupt"?}`: capacity loss, answering the losses `recover-capacity` takes back;
 * - `recover-capacity` `{"losses": [...]}`: gives back what `lose-capacity` took;
 * - `activation-fault` `{"fleet", "location"?, "failFraction"?, "delay"?}` or `{"fleet", "location"?, "clear": true}`:
 *   activation failures and slow activations for new game sessions there, or their end.
 */
const FAULTS: Readonly<Record<string, Fault>> = {
  'reclaim-spot-instance': byId('instanceId', (sim, id) => sim.reclaimSpotInstance(id)),
  'crash-game-session-process': byId('gameSessionId', (sim, id) => sim.crashGameSessionProcess(id)),
  'fail-placement': byId('placementId', (sim, id) => sim.failPlacement(id)),
  'set-timings': fault(readTimings, (sim, timings) => sim.setTimings(timings)),
  'reclaim-spot': fault((body) => readSelector(body, true), (sim, selector) => sim.reclaimSpot(selector)),
  'crash-processes': fault((body) => readSelector(body, true), (sim, selector) => sim.crashProcesses(selector)),
  'lose-capacity': fault(readLoseCapacity, (sim, { selector, abrupt }) => sim.loseCapacity(selector, { abrupt })),
  'recover-capacity': fault(readLosses, (sim, losses) => sim.recoverCapacity(losses)),
  'activation-fault': fault(readActivationFault, (sim, { selector, fault }) => sim.setActivationFault(selector, fault)),
};

const FAULTS_PREFIX = `${CONTROL_PREFIX}faults/`;

const ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  [`${CONTROL_PREFIX}advance`]: { methods: ['POST'], serve: advance },
  [`${CONTROL_PREFIX}state`]: { methods: ['GET'], serve: state },
  [`${CONTROL_PREFIX}events`]: { methods: ['GET'], serve: events },
  [`${CONTROL_PREFIX}snapshot`]: { methods: ['POST'], serve: snapshot },
  [`${CONTROL_PREFIX}transport-faults`]: { methods: ['POST', 'DELETE'], serve: setTransportFaults },
  ...Object.fromEntries(Object.entries(FAULTS).map(([name, fault]) => [`${FAULTS_PREFIX}${name}`, faultEndpoint(name, fault)])),
};

/**
 * The simulator's own HTTP endpoints, which no GameLift client sends, JSON in and out:
 * - `POST /_sim/advance` `{"seconds": N}` jumps virtual time forward (with either clock) and answers
 *   `{"nowMs", "now"}`; a jump past VIRTUAL_TIME_MS_MAX is refused with 400 naming the limit;
 * - `GET /_sim/state` answers virtual time, seed, clock, trace hash and how many entities exist;
 * - `GET /_sim/events?after=CURSOR&limit=N` answers the placement events (PL-10) after a cursor, each with its own
 *   cursor; without a query, `GET /_sim/events` streams every kept event as one JSON array;
 * - `POST /_sim/faults/<name>` injects one of {@link FAULTS} and answers `{"fault", "struck"?, "nowMs", "traceHash"}`;
 * - `POST /_sim/transport-faults` {@link TransportFaults} sets the faults of the network in front of GameLift's
 *   operations (replacing any before; `{}` or `DELETE` clears them) and answers `{"transportFaults"}`;
 * - `POST /_sim/snapshot` answers the whole simulation as snapshot bytes (DT-3), which `serve --from` serves again.
 * Errors answer `{"__type", "message"}` like GameLift's, with 400, 404 or 405.
 */
export function controlResponse(sim: Simulation, clock: ServerClock, request: WireRequest): ControlResponse {
  const path = pathOf(request);
  const endpoint = Object.hasOwn(ENDPOINTS, path) ? ENDPOINTS[path] : undefined;
  if (endpoint === undefined) {
    return error(404, 'NotFound', `the simulator's endpoints are ${Object.entries(ENDPOINTS).map(([p, e]) => `${e.methods.join('|')} ${p}`).join(', ')}; got ${quote(path)}`);
  }
  if (!(endpoint.methods as readonly string[]).includes(request.method)) {
    return error(405, 'MethodNotAllowed', `${path} takes ${endpoint.methods.join(' or ')}, got ${quote(request.method)}`);
  }
  const query = new URLSearchParams(request.path.slice(path.length + 1));
  return endpoint.serve(sim, clock, request, query);
}

function advance(sim: Simulation, clock: ServerClock, request: WireRequest): ControlResponse {
  const body = jsonObjectOf(request);
  if (body instanceof Refusal) return invalid(body.message);
  const seconds = body.seconds;
  if (typeof seconds !== 'number') return invalid(`the body must be {"seconds": N} with 0 ≤ N ≤ ${ADVANCE_SECONDS_MAX}, got ${describe(seconds)}`);
  const refusal = clock.refusalOf(seconds);
  if (refusal !== undefined) return invalid(`the body must be {"seconds": N} with 0 ≤ N ≤ ${ADVANCE_SECONDS_MAX}: ${refusal}`);
  clock.advanceBy(seconds);
  return json(200, { nowMs: sim.nowMs, now: sim.now.toISOString() });
}

function state(sim: Simulation, clock: ServerClock): ControlResponse {
  const { world, placements } = sim;
  return json(200, {
    nowMs: sim.nowMs,
    now: sim.now.toISOString(),
    seed: sim.seed,
    clock: clock.mode,
    speed: clock.speed,
    traceHash: sim.traceHash(),
    counts: {
      fleets: world.fleets.size,
      aliases: world.aliases.size,
      gameSessions: world.gameSessions.size,
      playerSessions: world.playerSessions.size,
      gameSessionQueues: placements.queues.size,
      placements: placements.placements.size,
      placementEvents: placements.eventCount,
    },
  });
}

/** The simulation's snapshot; the server's own state (throttling, request ids, connections) is not in it. */
function snapshot(sim: Simulation): ControlResponse {
  return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: sim.snapshot() };
}

function events(sim: Simulation, _clock: ServerClock, _request: WireRequest, query: URLSearchParams): ControlResponse {
  if (query.size === 0) return { status: 200, headers: { 'content-type': 'application/json' }, chunks: allEvents(sim) };
  const unknown = [...query.keys()].find((key) => key !== 'after' && key !== 'limit');
  if (unknown !== undefined) return invalid(`GET /_sim/events takes after and limit, got ${quote(unknown)}`);
  const after = integerOf(query.get('after'), -1);
  if (after === undefined || after < -1) return invalid(`after must be a cursor from an earlier page (an integer ≥ -1), got ${quote(query.get('after') ?? '')}`);
  const limit = integerOf(query.get('limit'), EVENTS_PAGE_DEFAULT);
  if (limit === undefined || limit < 1 || limit > EVENTS_PAGE_MAX) return invalid(`limit must be an integer in 1–${EVENTS_PAGE_MAX}, got ${quote(query.get('limit') ?? '')}`);
  const page = sim.placements.eventsFrom(after + 1, limit);
  const items = page.events.map((event, i) => ({ cursor: page.first + i, event }));
  return json(200, { events: items, cursor: items.length === 0 ? after : page.first + items.length - 1 });
}

/** Every kept event as one JSON array, {@link EVENTS_CHUNK} events per chunk, up to the last event when it began. */
function* allEvents(sim: Simulation): Generator<string> {
  const end = sim.placements.eventCount;
  let next = 0;
  let first = true;
  yield '[';
  while (next < end) {
    const page = sim.placements.eventsFrom(next, Math.min(EVENTS_CHUNK, end - next));
    if (page.events.length === 0) break;
    yield `${first ? '' : ','}${page.events.map((event) => JSON.stringify(event)).join(',')}`;
    first = false;
    next = page.first + page.events.length;
  }
  yield ']';
}

const transportFaultPlans = new WeakMap<Simulation, TransportFaultPlan>();

/** The transport faults `POST /_sim/transport-faults` set on `sim`'s server, drawn as the in-process client's are. */
export function transportFaultsOf(sim: Simulation): TransportFaultPlan | undefined {
  return transportFaultPlans.get(sim);
}

const FAULT_KINDS = ['throttle', 'internalError', 'loseResponse', 'delay'] as const;
const RULE_NUMBERS = ['rate', 'fromSeconds', 'toSeconds'] as const;

/**
 * Sets (or with `{}` or DELETE clears) the transport faults. A delay cannot pass by itself under a manual clock, so
 * delay rules are refused there; a refused body changes nothing.
 */
function setTransportFaults(sim: Simulation, clock: ServerClock, request: WireRequest): ControlResponse {
  let body: Record<string, unknown> | Refusal = {};
  if (request.method === 'POST') body = jsonObjectOf(request);
  const faults = body instanceof Refusal ? body : readTransportFaults(body);
  if (faults instanceof Refusal) return invalid(faults.message);
  if (clock.mode === 'manual' && (faults.delay?.length ?? 0) > 0) {
    return invalid('transport faults: delay rules need --clock realtime: under a manual clock no virtual time passes while an answer is held');
  }
  let plan: TransportFaultPlan;
  try {
    plan = new TransportFaultPlan(sim, faults);
  } catch (thrown) {
    if (!(thrown instanceof RangeError)) throw thrown;
    return invalid(quote(thrown.message));
  }
  if (Object.keys(faults).length === 0) transportFaultPlans.delete(sim);
  else transportFaultPlans.set(sim, plan);
  return json(200, { transportFaults: faults, nowMs: sim.nowMs });
}

/** The JSON types of a {@link TransportFaults} body, named by path; its ranges are the fault plan's to check. */
function readTransportFaults(body: Record<string, unknown>): TransportFaults | Refusal {
  for (const [kind, rules] of Object.entries(body)) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) return new Refusal(`transport faults: the body takes ${FAULT_KINDS.join(', ')}; got ${JSON.stringify(quote(kind))}`);
    if (!Array.isArray(rules)) return new Refusal(`transport faults: ${kind} must be a list of rules, got ${describe(rules)}`);
    for (const [i, rule] of rules.entries()) {
      const at = `${kind}[${i}]`;
      if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return new Refusal(`transport faults: ${at} must be an object, got ${describe(rule)}`);
      const numbers: readonly string[] = kind === 'delay' ? [...RULE_NUMBERS, 'minMs', 'maxMs'] : RULE_NUMBERS;
      for (const [member, value] of Object.entries(rule as Record<string, unknown>)) {
        if (member === 'operations') {
          if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && isOperationName(name))) {
            return new Refusal(`transport faults: ${at}.operations must be a list of GameLift operation names, got ${describe(value)}`);
          }
        } else if (!numbers.includes(member)) {
          return new Refusal(`transport faults: ${at} takes operations, ${numbers.join(', ')}; got ${JSON.stringify(quote(member))}`);
        } else if (typeof value !== 'number') {
          return new Refusal(`transport faults: ${at}.${member} must be a number, got ${describe(value)}`);
        }
      }
    }
  }
  return body as TransportFaults;
}

function faultEndpoint(name: string, fault: Fault): Endpoint {
  return {
    methods: ['POST'],
    serve(sim, _clock, request) {
      const body = jsonObjectOf(request);
      if (body instanceof Refusal) return invalid(body.message);
      let outcome: { readonly struck: unknown } | Refusal;
      try {
        outcome = fault.inject(sim, body);
      } catch (thrown) {
        // The simulation's faults check their target before changing anything: a missing one is a RangeError, one of
        // the wrong kind (a spot reclaim of an on-demand instance) another Error.
        if (!(thrown instanceof Error)) throw thrown;
        return thrown instanceof RangeError ? error(404, 'NotFound', quote(thrown.message)) : invalid(quote(thrown.message));
      }
      if (outcome instanceof Refusal) return invalid(outcome.message);
      return json(200, { fault: name, ...(outcome.struck === undefined ? {} : { struck: outcome.struck }), nowMs: sim.nowMs, traceHash: sim.traceHash() });
    },
  };
}

const DURATION_TIMINGS = ['fleetActivation', 'instanceStart', 'gameSessionActivation', 'gameSessionTermination', 'playerConnect', 'placementProcessing'] as const;
/** Timings that may also be null: "never" (a game session runs until terminated, a player stays until it ends). */
const OPEN_TIMINGS = ['gameSessionLifetime', 'playerStay'] as const;

function readTimings(body: Record<string, unknown>): Partial<Timings> | Refusal {
  const timings: Record<string, DurationRange | number | undefined> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'playerNoShowProbability') {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) return new Refusal(`playerNoShowProbability must be a number in 0–1, got ${describe(value)}`);
      timings[key] = value;
    } else if ((DURATION_TIMINGS as readonly string[]).includes(key) || (OPEN_TIMINGS as readonly string[]).includes(key)) {
      if (value === null && (OPEN_TIMINGS as readonly string[]).includes(key)) {
        timings[key] = undefined;
        continue;
      }
      const range = durationOf(value);
      if (range === undefined) {
        return new Refusal(`${key} must be {"minSeconds": a, "maxSeconds": b} with 0 ≤ a ≤ b ≤ ${TIMING_SECONDS_MAX}, got ${describe(value)}`);
      }
      timings[key] = range;
    } else {
      return new Refusal(`set-timings takes ${[...DURATION_TIMINGS, ...OPEN_TIMINGS, 'playerNoShowProbability'].join(', ')}; got ${JSON.stringify(quote(key))}`);
    }
  }
  if (Object.keys(timings).length === 0) return new Refusal('set-timings needs at least one timing');
  return timings as Partial<Timings>;
}

function durationOf(value: unknown): DurationRange | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { minSeconds, maxSeconds } = value as Record<string, unknown>;
  if (typeof minSeconds !== 'number' || typeof maxSeconds !== 'number') return undefined;
  return minSeconds >= 0 && minSeconds <= maxSeconds && maxSeconds <= TIMING_SECONDS_MAX ? { minSeconds, maxSeconds } : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as a JSON object, or why it is not one. */
function jsonObjectOf(request: WireRequest): Record<string, unknown> | Refusal {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(bodyBytes(request)));
  } catch {
    return new Refusal('the body must be a JSON object, got a body that is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return new Refusal(`the body must be a JSON object, got ${describe(parsed)}`);
  return parsed as Record<string, unknown>;
}

/** A whole number from a query parameter, `fallback` when absent, undefined when not a whole number. */
function integerOf(text: string | null, fallback: number): number | undefined {
  if (text === null) return fallback;
  return /^-?\d{1,15}$/.test(text) ? Number(text) : undefined;
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : quote(JSON.stringify(value));
}

function invalid(message: string): WireResponse {
  return error(400, 'InvalidRequestException', message);
}

function error(status: number, type: string, message: string): WireResponse {
  return json(status, { __type: type, message });
}

function json(status: number, value: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) };
}
