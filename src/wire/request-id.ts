import { createHash } from 'node:crypto';
import type { Simulation } from '../api/simulation.ts';

/** The header that carries a request's id, which the SDKs read into `$metadata.requestId`. */
export const REQUEST_ID_HEADER = 'x-amzn-requestid';

/** Ids per block of {@link CountedIds}: the last three hex digits of the count. */
const BLOCK_IDS = 0x1000;
const LAST_DIGITS: readonly string[] = Array.from({ length: BLOCK_IDS }, (_, i) => i.toString(16).padStart(3, '0'));

/**
 * Ids shaped like a UUID whose last group counts: `prefix` (the first four groups and their dashes), then the count
 * in hexadecimal, padded to 12 digits. Every id is unique and costs no draw. The count's digits are made once per
 * block of 4,096 ids, and the last three taken from a table: formatting the whole count on each call cost more than
 * the rest of answering a small request.
 */
export class CountedIds {
  readonly #prefix: string;
  #count = 0;
  /** The prefix and the count's digits but the last three, for the current block. */
  #block = '';

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  next(): string {
    const count = this.#count++;
    const inBlock = count % BLOCK_IDS;
    if (inBlock === 0) this.#block = this.#prefix + Math.floor(count / BLOCK_IDS).toString(16).padStart(9, '0');
    return this.#block + LAST_DIGITS[inBlock]!;
  }
}

/**
 * Request ids shaped like GameLift's (a UUID), the same in every run with the same seed: the first four groups
 * come from the seed, the last counts the simulation's answers in hexadecimal, so that `x-amzn-RequestId` never
 * differs between two runs that a byte-for-byte comparison should find equal (DT-1).
 */
function requestIdsOf(seed: string): CountedIds {
  const hex = createHash('sha256').update(`request-ids:${seed}`).digest('hex');
  return new CountedIds(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-`);
}

const idsOf = new WeakMap<Simulation, CountedIds>();

/** `response` (whole or streamed) with the next request id of `sim` in {@link REQUEST_ID_HEADER}. */
export function withRequestId<R extends { readonly headers: Readonly<Record<string, string>> }>(sim: Simulation, response: R): R {
  let ids = idsOf.get(sim);
  if (ids === undefined) idsOf.set(sim, (ids = requestIdsOf(sim.seed)));
  // Copied name by name: a spread with a computed name after it takes V8's slow path, on every answer.
  const headers: Record<string, string> = {};
  for (const name in response.headers) headers[name] = response.headers[name]!;
  headers[REQUEST_ID_HEADER] = ids.next();
  return { ...response, headers };
}
