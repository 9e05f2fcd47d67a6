import { createHash } from 'node:crypto';
import type { Simulation } from '../api/simulation.ts';

/** The header that carries a request's id, which the SDKs read into `$metadata.requestId`. */
export const REQUEST_ID_HEADER = 'x-amzn-requestid';

/**
 * Request ids shaped like GameLift's (a UUID), the same in every run with the same seed: the first four groups
 * come from the seed, the last counts the simulation's answers in hexadecimal, so that `x-amzn-RequestId` never
 * differs between two runs that a byte-for-byte comparison should find equal (DT-1).
 */
class RequestIds {
  readonly #prefix: string;
  #served = 0;

  constructor(seed: string) {
    const hex = createHash('sha256').update(`request-ids:${seed}`).digest('hex');
    this.#prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-`;
  }

  next(): string {
    return this.#prefix + (this.#served++).toString(16).padStart(12, '0');
  }
}

const idsOf = new WeakMap<Simulation, RequestIds>();

/** `response` (whole or streamed) with the next request id of `sim` in {@link REQUEST_ID_HEADER}. */
export function withRequestId<R extends { readonly headers: Readonly<Record<string, string>> }>(sim: Simulation, response: R): R {
  let ids = idsOf.get(sim);
  if (ids === undefined) idsOf.set(sim, (ids = new RequestIds(sim.seed)));
  // Copied name by name: a spread with a computed name after it takes V8's slow path, on every answer.
  const headers: Record<string, string> = {};
  for (const name in response.headers) headers[name] = response.headers[name]!;
  headers[REQUEST_ID_HEADER] = ids.next();
  return { ...response, headers };
}
