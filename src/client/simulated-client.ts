import { DescribeGameSessionQueuesCommand, type GameLiftClient, type GameLiftClientConfig } from '@aws-sdk/client-gamelift';
import { HttpResponse, type HttpHandler, type HttpHandlerOptions, type HttpRequest } from '@smithy/core/protocols';
import { Simulation } from '../api/simulation.ts';
import { AWS_JSON_1_1 } from '../wire/aws-json.ts';
import { gameLiftClientFor } from '../wire/client.ts';
import { refuse } from '../wire/handle.ts';
import type { WireRequest } from '../wire/messages.ts';
import { RPC_V2_CBOR_PROTOCOL, isRpcV2Cbor } from '../wire/rpc-v2-cbor.ts';
import { SimulatorHttpHandler } from '../wire/sdk-handler.ts';
import { throttleOf } from '../wire/throttle.ts';
import { FastSend } from './fast-send.ts';
import { virtualDelay } from './run-client.ts';
import { LostResponseError, TransportFaultPlan, type TransportFaults } from './transport-faults.ts';

/** How the `GameLiftClient` a client under test gets reaches the simulation. */
export interface SimulatedClientOptions {
  /**
   * Route every call through the SDK's full pipeline (middleware, serializer, signer, deserializer) and the
   * in-process {@link SimulatorHttpHandler}, as `--wire` does, instead of answering at `send`. Same answers, same
   * trace; slower.
   */
  readonly wire?: boolean;
  /** WR-5's request rates, counted per simulation across its clients; `false` lifts them. Default true. */
  readonly throttle?: boolean;
  /** Faults of the network between this client and the simulation, drawn from the seed. */
  readonly faults?: TransportFaults;
  /** More client configuration (for the wire path, for example `protocol`); the request handler is the simulation's. */
  readonly config?: GameLiftClientConfig;
}

/**
 * A real `GameLiftClient` for client code under test, answered by `sim` in-process: by default at `send` (the fast
 * path, see {@link FastSend}), or with `wire: true` through the SDK's whole pipeline. Either way the same calls give
 * the same answers, errors, throttles, transport faults and trace hash; `instanceof GameLiftClient` holds, paginators
 * work, and `client.send(new Command(...))` is all the code needs.
 */
export function simulatedClient(sim: Simulation, options: SimulatedClientOptions = {}): GameLiftClient {
  const faults = options.faults === undefined ? undefined : new TransportFaultPlan(sim, options.faults);
  const throttle = options.throttle === false ? false : throttleOf(sim);
  const handler = new SimulatorHttpHandler(sim, { throttle });
  const client = gameLiftClientFor(sim, {
    ...options.config,
    requestHandler: faults === undefined ? handler : new FaultyHttpHandler(handler, faults),
  });
  if (options.wire === true) return client;
  // As aws-sdk-client-mock does: swap `send` and nothing else, so the client keeps its class, config and paginators.
  Object.defineProperty(client, 'send', { value: new FastSend(sim, throttle, faults).send, writable: true, configurable: true });
  return client;
}

let wireLoaded: Promise<void> | undefined;

/**
 * Loads the parts of the SDK's pipeline that it imports lazily on a client's first call, by one call on a throwaway
 * simulation; once per process. Why: a dynamic import completes on real I/O, after more than the one macrotask
 * `runClient` lets pass before moving the clock, so a run whose first wire call loaded them would see that answer
 * arrive at a later virtual instant than a run in a warm process (DT-1). Await it before a `runClient` with a
 * `wire: true` client; `runScenario` does.
 */
export function loadWirePipeline(): Promise<void> {
  wireLoaded ??= simulatedClient(new Simulation({ seed: 'wire-pipeline' }), { wire: true })
    .send(new DescribeGameSessionQueuesCommand({}))
    .then(() => undefined);
  return wireLoaded;
}

/**
 * The wire path's transport faults: wraps the simulator's request handler and asks the fault plan the same questions,
 * in the same order, as the fast path does, so that the same calls draw the same faults on either path.
 */
class FaultyHttpHandler implements HttpHandler {
  constructor(private readonly inner: SimulatorHttpHandler, private readonly faults: TransportFaultPlan) {}

  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const wire: WireRequest = { method: request.method, path: request.path, headers: request.headers, body: '' };
    const target = (isRpcV2Cbor(wire) ? RPC_V2_CBOR_PROTOCOL : AWS_JSON_1_1).targetOf(wire);
    if (!('operation' in target)) return this.inner.handle(request, options);
    const { operation } = target;
    const refusal = this.faults.refusal(operation);
    let answer: Promise<{ response: HttpResponse }>;
    if (refusal !== undefined) {
      const refused = refuse(wire, refusal);
      answer = Promise.resolve({ response: new HttpResponse({ statusCode: refused.status, headers: { ...refused.headers }, body: refused.body }) });
    } else {
      answer = this.inner.handle(request, options);
      if (this.faults.loses(operation)) answer = answer.then(() => Promise.reject(new LostResponseError(operation)));
    }
    const delayMs = this.faults.delayMs(operation);
    if (delayMs === 0) return answer;
    // Settled into a value while the delay runs: a rejected promise nobody awaits yet is unhandled.
    const settled = answer.then((value) => ({ value }), (error: unknown) => ({ error }));
    return virtualDelay(delayMs).then(() => settled).then((s) => ('value' in s ? s.value : Promise.reject(s.error)));
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}
