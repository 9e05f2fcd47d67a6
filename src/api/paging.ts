import { canonicalJson } from '../engine/canonical.ts';
import { PageTokens, type PagePosition } from './page-token.ts';

/** One page read from a listing: its items, and the position after the last of them when more follow. */
export interface PageRead<T> {
  readonly items: T[];
  /** Where the next page resumes (the last item's key in the listing's order); undefined when nothing follows. */
  readonly next: PagePosition | undefined;
}

/**
 * Keyset paging, the one way every listing pages (DG-6, DG-7): a listing has a stable total order, and a NextToken
 * is a signed position in it. Each page is read from the current state after that position, so it shows items as
 * they are now and only items that match now; an item that matched from the first page to the last is returned
 * exactly once. The service remembers nothing per listing, and a token never expires.
 */
export class Paging {
  readonly tokens: PageTokens;

  /** Paging whose tokens are signed with a key derived from the run's seed. */
  constructor(seed: string) {
    this.tokens = new PageTokens(seed);
  }

  /**
   * Serves one page of `operation`'s listing selected by `query` (every member that selects or orders items, not
   * Limit or NextToken): opens `token` (InvalidRequestException when this service did not issue it for this query),
   * lets `read` read from its position (undefined: the beginning), and seals the position after the page.
   */
  page<T>(
    operation: string,
    query: Record<string, unknown>,
    token: string | undefined,
    read: (after: PagePosition | undefined) => PageRead<T>,
  ): { items: T[]; NextToken: string | undefined } {
    // The query's canonical text only fingerprints a token: a single page with no token in or out needs none, and a
    // page with both needs it once.
    const key = token === undefined ? undefined : queryKey(operation, query);
    const { items, next } = read(key === undefined ? undefined : this.tokens.open(key, token!));
    return { items, NextToken: next === undefined ? undefined : this.tokens.seal(key ?? queryKey(operation, query), next) };
  }
}

/** A listing's query as canonical text: what a token's fingerprint is taken over. */
function queryKey(operation: string, query: Record<string, unknown>): string {
  return canonicalJson({ operation, ...query });
}
