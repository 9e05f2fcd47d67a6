import * as sdk from '@aws-sdk/client-gamelift';
import { isGameLiftError } from '../api/errors.ts';
import { isOperationName } from '../api/operations.ts';
import type { Simulation } from '../api/simulation.ts';
import { uuidFrom } from '../engine/random.ts';
import { dateOfEpochSeconds, type Dialect } from '../wire/dialect.ts';
import { INTERNAL_SERVICE, defectFault } from '../wire/handle.ts';
import type { WireFault } from '../wire/messages.ts';
import { operationShapes } from '../wire/operation-schemas.ts';
import { SERIALIZATION, UNKNOWN_OPERATION } from '../wire/protocol.ts';
import { CountedIds } from '../wire/request-id.ts';
import { inputReader, type ReadResult } from '../wire/read-input.ts';
import { THROTTLING, THROTTLING_MESSAGE, type Throttle } from '../wire/throttle.ts';
import { outputWriter } from '../wire/write-output.ts';
import { virtualDelay } from './run-client.ts';
import { LostResponseError, type TransportFaultPlan } from './transport-faults.ts';

/**
 * Input and output as the SDK's serializer and deserializer see them in-process: timestamps are Dates (or epoch
 * seconds, which the SDK's JSON serializer passes through and the wire reads as such), blobs are bytes (or text,
 * which the SDK encodes), null items of dense lists and maps are left out as the SDK's serializer leaves them out,
 * and the caller and the simulation never share a mutable object: a request's Dates and bytes are copied; an
 * answer's Dates are the caller's already, since the simulation keeps times as numbers and its views make a Date for
 * each answer (src/api/views.ts), so a second copy (a Date costs as much to make as the rest of a small answer's
 * members) would guard nothing.
 */
const IN_PROCESS_DIALECT: Dialect = {
  readTimestamp: (value) => {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : new Date(value.getTime());
    return typeof value === 'number' ? dateOfEpochSeconds(value) : undefined;
  },
  writeTimestamp: (date) => date,
  readBlob: (value) => {
    if (value instanceof Uint8Array) return new Uint8Array(value);
    return typeof value === 'string' ? new TextEncoder().encode(value) : undefined;
  },
  writeBlob: (bytes) => new Uint8Array(bytes),
  dropsNullItems: true,
};

/** Smithy's static-schema tag for an operation: `[9, namespace, name, traits, input, output]`. */
const OPERATION_SCHEMA_TAG = 9;

/** The part of an SDK command the fast path reads: its operation schema and its input. */
interface CommandLike {
  readonly schema?: unknown;
  readonly input?: unknown;
}

/** What `send` resolves with: the operation's output and the SDK's `$metadata`. */
type SendOutput = Record<string, unknown> & { $metadata: sdk.GameLiftServiceException['$metadata'] };

/** The exception classes the SDK deserializes by name: GameLift's modelled exceptions. */
const MODELLED: ReadonlyMap<string, new (options: never) => sdk.GameLiftServiceException> = new Map(
  Object.entries(sdk).filter(([name, value]) =>
    name.endsWith('Exception') && typeof value === 'function' && value.prototype instanceof sdk.GameLiftServiceException) as
    [string, new (options: never) => sdk.GameLiftServiceException][],
);

/**
 * Per simulation, its request ids: a UUID drawn once from a seed-derived stream (kept out of the simulation's state,
 * as a server's request ids are), with its last 12 hex digits counting the requests (see {@link CountedIds}).
 */
function requestIdsOf(sim: Simulation): CountedIds {
  return new CountedIds(uuidFrom(sim.world.engine.random.once('transport/request-ids')).slice(0, -12));
}

const requestIds = new WeakMap<Simulation, CountedIds>();

/**
 * The fast path: answers a `GameLiftClient`'s `send` in-process, without the SDK's middleware, serializer, signer or
 * deserializer, as `aws-sdk-client-mock` swaps `send` and nothing else — but with the simulator's real semantics,
 * the same as the wire's (WR-1..WR-5):
 *
 * - the input is checked member by member against the SDK's schema (a wrong type is SerializationException, as the
 *   wire answers it), then by the operation (InvalidRequestException and friends);
 * - WR-5's throttle counts the call as the wire's does; transport faults strike as on the wire;
 * - the output has only modelled members, fresh Dates, and `$metadata` with `httpStatusCode` 200, `attempts` 1 and
 *   a request id drawn from the seed; errors are the SDK's exception classes with `$metadata.httpStatusCode` and
 *   `$fault`, built from name and message as the SDK's deserializer builds them;
 * - paginators work, as they call `send`.
 *
 * The simulation records the same call with the same input on either path, so one client and seed give the same
 * trace hash through the fast path and through the wire.
 */
export class FastSend {
  readonly #sim: Simulation;
  readonly #throttle: Throttle | false;
  readonly #faults: TransportFaultPlan | undefined;
  readonly #requestIds: CountedIds;

  constructor(sim: Simulation, throttle: Throttle | false, faults: TransportFaultPlan | undefined) {
    this.#sim = sim;
    this.#throttle = throttle;
    this.#faults = faults;
    let ids = requestIds.get(sim);
    if (ids === undefined) {
      ids = requestIdsOf(sim);
      requestIds.set(sim, ids);
    }
    this.#requestIds = ids;
  }

  /** `GameLiftClient.send`, in each of its forms: a promise, or a callback as the last argument. */
  readonly send = (command: CommandLike, optionsOrCallback?: unknown, callback?: unknown): Promise<SendOutput> | undefined => {
    const done = typeof optionsOrCallback === 'function' ? optionsOrCallback : callback;
    const options = typeof optionsOrCallback === 'object' ? optionsOrCallback as { abortSignal?: { aborted?: boolean } } | null : undefined;
    const answer = options?.abortSignal?.aborted === true
      ? Promise.reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }))
      : this.#answer(command);
    if (typeof done !== 'function') return answer;
    answer.then((output) => done(null, output), (error: unknown) => done(error));
    return undefined;
  };

  #answer(command: CommandLike): Promise<SendOutput> {
    const route = routeOf(command);
    if (route === undefined) {
      return Promise.reject(new TypeError(`the simulated GameLiftClient sends commands of @aws-sdk/client-gamelift, got ${Object.prototype.toString.call(command)}`));
    }
    const { operation } = route;
    // The SDK draws one UUID per request for its amz-sdk-invocation-id header; drawing it here too keeps a client's
    // own randomUUID draws the same on both paths during a run (DT-1). Deliberate, and seeded: inside runClient this is
    // the run's `client/randomUUID` stream (globals.ts); outside a run nothing of it reaches the simulation.
    globalThis.crypto.randomUUID();
    const refusal = this.#faults?.refusal(operation);
    let outcome: { output: SendOutput } | { error: unknown };
    if (refusal !== undefined) {
      outcome = { error: this.#error(refusal) };
    } else {
      outcome = this.#serve(route, command.input);
      if (this.#faults?.loses(operation) === true) outcome = { error: new LostResponseError(operation) };
    }
    const delayMs = this.#faults?.delayMs(operation) ?? 0;
    if (delayMs === 0) return settle(outcome);
    const settled = outcome;
    return virtualDelay(delayMs).then(() => settle(settled));
  }

  /** The steps of the wire's codec, in its order: operation, throttle, shape check, execute, shape write. */
  #serve({ operation, codec }: Route, input: unknown): { output: SendOutput } | { error: unknown } {
    try {
      if (codec === undefined) {
        return { error: this.#error({ status: 400, type: UNKNOWN_OPERATION, message: `the simulator does not implement GameLift operation "${operation}"` }) };
      }
      if (this.#throttle !== false && !this.#throttle.admit(operation, this.#sim.nowMs)) {
        return { error: this.#error({ status: 400, type: THROTTLING, message: THROTTLING_MESSAGE }) };
      }
      const read = codec.read(input ?? {});
      if (!read.ok) {
        const { path, expected, got } = read.problem;
        return { error: this.#error({ status: 400, type: SERIALIZATION, message: `${path} must be ${expected}, got ${got}` }) };
      }
      return { output: this.#output(codec.write(this.#sim.execute(operation, read.input, read.recordedBy ?? read.canonical))) };
    } catch (error) {
      if (!isGameLiftError(error)) return { error: this.#error(defectFault(error)) };
      const status = error.name === INTERNAL_SERVICE || error.$fault === 'server' ? 500 : 400;
      return { error: this.#error({ status, type: error.name, message: error.message }) };
    }
  }

  #output(written: Record<string, unknown>): SendOutput {
    written.$metadata = this.#metadata(200);
    return written as SendOutput;
  }

  /** The exception the SDK's deserializer makes of a fault: the modelled class by name, else the service's base class. */
  #error(fault: WireFault): sdk.GameLiftServiceException {
    const $metadata = this.#metadata(fault.status);
    const Modelled = MODELLED.get(fault.type);
    if (Modelled !== undefined) return new Modelled({ message: fault.message, $metadata } as never);
    return new sdk.GameLiftServiceException({ name: fault.type, $fault: fault.status >= 500 ? 'server' : 'client', message: fault.message, $metadata });
  }

  #metadata(httpStatusCode: number): SendOutput['$metadata'] {
    return { httpStatusCode, requestId: this.#requestIds.next(), extendedRequestId: undefined, cfId: undefined, attempts: 1, totalRetryDelay: 0 };
  }
}

/**
 * The promise a caller gets for an outcome. A rejection is made when the answer arrives, not before: a rejected
 * promise nobody awaits yet is unhandled. A function of the module, not a closure per call: tsx names each closure
 * it creates (`__name`), a property definition that cost more than the rest of the send.
 */
function settle(outcome: { output: SendOutput } | { error: unknown }): Promise<SendOutput> {
  return 'output' in outcome ? Promise.resolve(outcome.output) : Promise.reject(outcome.error);
}

/** How an operation's input is read and its output written in-process. */
interface Codec {
  readonly read: (input: unknown) => ReadResult;
  readonly write: (output: unknown) => Record<string, unknown>;
}

/** The GameLift operation an SDK command runs, and its codec when the simulator implements it. */
interface Route {
  readonly operation: string;
  readonly codec: Codec | undefined;
}

const routes = new WeakMap<object, Route>();

/**
 * The route of an SDK command, read from the operation schema every generated command carries: worked out once per
 * operation, so that a call costs one lookup, not one for its name, two for its shapes and four for their compiled
 * reader and writer.
 */
function routeOf(command: CommandLike): Route | undefined {
  const schema: unknown = command?.schema;
  if (typeof schema !== 'object' || schema === null) return undefined;
  let route = routes.get(schema);
  if (route === undefined) {
    if (!(Array.isArray(schema) && schema[0] === OPERATION_SCHEMA_TAG && typeof schema[2] === 'string')) return undefined;
    const operation: string = schema[2];
    const shapes = isOperationName(operation) ? operationShapes(operation) : undefined;
    route = {
      operation,
      codec: shapes === undefined ? undefined : {
        read: inputReader(shapes.input, IN_PROCESS_DIALECT),
        write: outputWriter(shapes.output, IN_PROCESS_DIALECT),
      },
    };
    routes.set(schema, route);
  }
  return route;
}
