import { HttpResponse, type HttpHandler, type HttpHandlerOptions, type HttpRequest } from '@smithy/core/protocols';
import type { Simulation } from '../api/simulation.ts';
import { handle, type HandleOptions } from './handle.ts';

/**
 * A Smithy `HttpHandler` that answers `@aws-sdk/client-gamelift`'s requests from a simulation in the same process,
 * through the same codec as the HTTP server (WR-1..WR-5). Requests still pass through the SDK's own serializer and
 * deserializer, so callers get the SDK's exception classes, Dates and paginators exactly as against GameLift.
 *
 * Nothing here touches the network, a timer or the wall clock: a call completes as soon as the SDK's middleware lets
 * it, and answers at the simulation's current virtual time.
 */
export class SimulatorHttpHandler implements HttpHandler {
  readonly #sim: Simulation;
  readonly #options: HandleOptions;

  constructor(sim: Simulation, options: HandleOptions = {}) {
    this.#sim = sim;
    this.#options = options;
  }

  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    if (options?.abortSignal?.aborted === true) {
      return Promise.reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
    }
    const answer = handle(this.#sim, {
      method: request.method,
      path: request.path,
      headers: request.headers,
      body: bodyOf(request.body),
    }, this.#options);
    return Promise.resolve({ response: new HttpResponse({ statusCode: answer.status, headers: { ...answer.headers }, body: answer.body }) });
  }

  /** The handler has no HTTP client to configure. */
  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  /** Nothing to release: the handler holds no sockets. */
  destroy(): void {}
}

/** GameLift's operations take no streaming input, so the SDK hands over the body as a string or bytes. */
function bodyOf(body: unknown): string | Uint8Array {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  throw new TypeError(`the simulator's request handler takes string or Uint8Array bodies, got ${Object.prototype.toString.call(body)}`);
}
