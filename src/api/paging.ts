import { canonicalJson } from '../engine/canonical.ts';
import { fail } from './errors.ts';

/** Paging chains kept open at once; opening one more closes the least recently used [C]. */
export const OPEN_PAGINGS_MAX = 10_000;
/** A paging chain not used for this long in virtual time is closed and its tokens refused [C]. */
export const PAGING_IDLE_EXPIRY_MS = 3_600_000;

/** One listing being paged: the query it answers, what it reads (a snapshot, say), and what to do when it ends. */
interface Chain<S = unknown> {
  readonly queryKey: string;
  readonly state: S;
  readonly close: () => void;
  /**
   * The token issued for each position reached, by the position's canonical text: sending a token again gets the
   * same page and the same next token, so a listing holds one token per page however often pages are re-read.
   */
  readonly tokens: Map<string, string>;
  lastUsedMs: number;
}

interface TokenRecord {
  readonly chain: Chain;
  readonly position: unknown;
}

/**
 * NextToken values, issued and remembered by the service (DG-6, DG-7). A token is valid only for the query it was
 * issued for, until its listing has been read to the end or has been idle for PAGING_IDLE_EXPIRY_MS; any other
 * string is refused with InvalidRequestException. A token can be sent again (as an SDK retry does) while valid.
 */
export class Paging {
  /** Open chains, least recently used first (a Map keeps insertion order; use re-inserts). */
  readonly #chains = new Map<Chain, true>();
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #newToken: () => string;

  constructor(newToken: () => string) {
    this.#newToken = newToken;
  }

  /** The key of a query: every member but Limit and NextToken, in canonical form. */
  static queryKey(operation: string, query: Record<string, unknown>): string {
    return canonicalJson({ operation, ...query, Limit: undefined, NextToken: undefined });
  }

  /**
   * The position a token resumes from, checked against the query; throws InvalidRequestException for a token this
   * service did not issue for this query or that has expired. Reading does not change anything.
   */
  #resume<P, S>(token: string, queryKey: string, nowMs: number): { position: P; chain: Chain<S> } {
    const record = this.#tokens.get(token);
    if (record === undefined || this.#expired(record.chain, nowMs)) {
      fail('InvalidRequestException', `NextToken must be a token this service issued and that has not expired, got "${token}"`);
    }
    if (record.chain.queryKey !== queryKey) {
      fail('InvalidRequestException', `NextToken must be used with the query it was issued for, got "${token}"`);
    }
    return { position: record.position as P, chain: record.chain as Chain<S> };
  }

  /** Opens a chain for a new listing over `state`; `close` runs when it ends, is evicted or expires. */
  #open<S>(queryKey: string, nowMs: number, state: S, close: () => void = () => {}): Chain<S> {
    this.#sweep(nowMs);
    while (this.#chains.size >= OPEN_PAGINGS_MAX) this.#close(this.#chains.keys().next().value!);
    const chain: Chain<S> = { queryKey, state, close, tokens: new Map(), lastUsedMs: nowMs };
    this.#chains.set(chain, true);
    return chain;
  }

  /**
   * Serves one page of a listing: resumes the listing `token` belongs to (checked against `queryKey`), or starts a
   * new one over the state `start` makes; `read` returns the page from a position (undefined: the beginning) and the
   * position after it (undefined: nothing follows). The one way operations page (DG-6, DG-7).
   */
  page<P, S, T>(
    queryKey: string,
    token: string | undefined,
    nowMs: number,
    start: () => { state: S; close?: () => void },
    read: (state: S, position: P | undefined) => { items: T[]; next: P | undefined },
  ): { items: T[]; NextToken: string | undefined } {
    const resumed = token === undefined ? undefined : this.#resume<P, S>(token, queryKey, nowMs);
    let chain = resumed?.chain;
    if (chain === undefined) {
      const { state, close } = start();
      chain = this.#open(queryKey, nowMs, state, close);
    }
    const { items, next } = read(chain.state, resumed?.position);
    return { items, NextToken: this.#served(chain, nowMs, next) };
  }

  /** Records that a page was served: issues the token for the next page, or ends the listing when none follows. */
  #served(chain: Chain<unknown>, nowMs: number, next: unknown | undefined): string | undefined {
    this.#sweep(nowMs);
    if (next === undefined) {
      this.#close(chain);
      return undefined;
    }
    chain.lastUsedMs = nowMs;
    this.#chains.delete(chain);
    this.#chains.set(chain, true);
    const key = canonicalJson(next);
    let token = chain.tokens.get(key);
    if (token === undefined) {
      token = this.#newToken();
      chain.tokens.set(key, token);
      this.#tokens.set(token, { chain, position: next });
    }
    return token;
  }

  /** Number of open listings. */
  get openCount(): number {
    return this.#chains.size;
  }

  /** Closes every listing idle past its expiry, as virtual time passes. */
  expire(nowMs: number): void {
    this.#sweep(nowMs);
  }

  /** The open listings and their live tokens as plain data, for the state hash. */
  dump(): unknown[] {
    return [...this.#chains.keys()].map((chain) => ({
      queryKey: chain.queryKey,
      lastUsedMs: chain.lastUsedMs,
      tokens: [...chain.tokens],
    }));
  }

  /** Closes every chain idle past its expiry; they are the oldest, so they are first in the map. */
  #sweep(nowMs: number): void {
    for (const chain of this.#chains.keys()) {
      if (!this.#expired(chain, nowMs)) break;
      this.#close(chain);
    }
  }

  #expired(chain: Chain, nowMs: number): boolean {
    return nowMs - chain.lastUsedMs > PAGING_IDLE_EXPIRY_MS;
  }

  #close(chain: Chain): void {
    if (!this.#chains.delete(chain)) return;
    for (const token of chain.tokens.values()) this.#tokens.delete(token);
    chain.close();
  }
}
