import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { invalid } from './validate.ts';

/**
 * A position in a listing's order, as the plain values of the last item served (its sort key, then its id): what a
 * NextToken carries so that the next page resumes after it (DG-6, keyset paging).
 */
export type PagePosition = readonly (string | number | boolean | null)[];

/** The longest NextToken the service model allows (NonZeroAndMaxString); a position must fit in it. */
export const PAGE_TOKEN_CHARS_MAX = 1024;
/** Bytes of HMAC-SHA-256 a token keeps: 128 bits, far beyond guessing, and a shorter token. */
const MAC_BYTES = 16;
/** Bytes of SHA-256 of the query a token carries, to tell a token moved to another query from a forged one. */
const FINGERPRINT_BYTES = 9;
/**
 * Queries a {@link PageTokens} remembers: each one's fingerprint, so that the pages of a listing hash its query once,
 * and the last position sealed for it with its token, so that a client polling a listing (its first page, again and
 * again) costs no HMAC per call, which would cost more than the rest of a page of ten. Beyond it the memory starts
 * over; a fingerprint and a token are pure functions of the query and position, so the memory never changes one.
 */
const QUERIES_KEPT_MAX = 1024;

/** What a {@link PageTokens} remembers of one query. */
interface QueryMemory {
  readonly fingerprint: string;
  /** The last position sealed for the query, and its token. */
  last: { readonly position: PagePosition; readonly token: string } | undefined;
}

/**
 * NextToken values that carry their own position, signed (DG-7 [C]). A token is `<payload>.<mac>`, both base64url:
 * the payload is the JSON of [query fingerprint, ...position], the MAC an HMAC-SHA-256 of the payload under a key
 * derived from the run's seed. So the service keeps nothing per listing, a token never expires, the same run issues
 * the same tokens (DT-1), and a token that was altered, made up, or issued for another query is refused.
 *
 * The key protects against clients that do not know the seed; it is a simulator's key, not a secret.
 */
export class PageTokens {
  readonly #key: Buffer;
  readonly #queries = new Map<string, QueryMemory>();

  /** Tokens signed with a key derived from `seed` alone: another seed's tokens are refused. */
  constructor(seed: string) {
    this.#key = createHash('sha256').update(`gamelift-sim/page-tokens\0${seed}`).digest();
  }

  /**
   * The token that resumes `query` after `position`. `query` identifies the listing: the operation and every
   * member that selects or orders its items (not Limit, not NextToken), in a canonical text.
   */
  seal(query: string, position: PagePosition): string {
    const memory = this.#memoryOf(query);
    if (memory.last !== undefined && samePosition(memory.last.position, position)) return memory.last.token;
    const payload = Buffer.from(JSON.stringify([memory.fingerprint, ...position])).toString('base64url');
    const token = `${payload}.${this.#mac(payload)}`;
    // A programmer error: positions hold sort keys and ids, which are short by the service model's limits.
    if (token.length > PAGE_TOKEN_CHARS_MAX) throw new RangeError(`page token of ${token.length} chars exceeds ${PAGE_TOKEN_CHARS_MAX}`);
    memory.last = { position: [...position], token };
    return token;
  }

  /**
   * The position `token` resumes from, for `query`. A token this service did not sign, or signed for another query,
   * is InvalidRequestException naming NextToken (DG-7). Reads nothing and changes nothing.
   */
  open(query: string, token: string): PagePosition {
    const dot = token.indexOf('.');
    const payload = token.slice(0, dot);
    // Compared as text, not decoded bytes: base64url decoding is lenient, and only the very token issued is valid.
    const mac = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.#mac(payload));
    if (dot < 0 || mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
      invalid('NextToken', 'must be a token this service issued (DG-7)', token);
    }
    // Signed by us, so it is the JSON we wrote.
    const [carried, ...position] = JSON.parse(Buffer.from(payload, 'base64url').toString()) as [string, ...PagePosition];
    if (carried !== this.#memoryOf(query).fingerprint) {
      invalid('NextToken', 'must be used with the query it was issued for (DG-7)', token);
    }
    return position;
  }

  #mac(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest().subarray(0, MAC_BYTES).toString('base64url');
  }

  /** What is remembered of `query`: from the first time, its fingerprint (the first bytes of its SHA-256, base64url). */
  #memoryOf(query: string): QueryMemory {
    let memory = this.#queries.get(query);
    if (memory === undefined) {
      if (this.#queries.size >= QUERIES_KEPT_MAX) this.#queries.clear();
      const fingerprint = createHash('sha256').update(query).digest().subarray(0, FINGERPRINT_BYTES).toString('base64url');
      this.#queries.set(query, (memory = { fingerprint, last: undefined }));
    }
    return memory;
  }
}

/** Whether two positions hold the same values (=== item by item: they seal to the same JSON). */
function samePosition(a: PagePosition, b: PagePosition): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
