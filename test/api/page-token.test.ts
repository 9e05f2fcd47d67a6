import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAGE_TOKEN_CHARS_MAX, PageTokens, type PagePosition } from '../../src/api/page-token.ts';
import { Paging } from '../../src/api/paging.ts';
import { canonicalJson } from '../../src/engine/canonical.ts';

const position = fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)), { maxLength: 4 });
const query = fc.string({ maxLength: 60 });

function refusal(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('page tokens', () => {
  it('DG-7: a sealed position opens to itself for the same query, and the same seed seals it the same way', () => {
    fc.assert(
      fc.property(fc.string(), query, position, (seed, q, p) => {
        const token = new PageTokens(seed).seal(q, p);
        expect(token.length).toBeLessThanOrEqual(PAGE_TOKEN_CHARS_MAX);
        expect(new PageTokens(seed).seal(q, p)).toBe(token);
        expect(new PageTokens(seed).open(q, token)).toEqual(JSON.parse(JSON.stringify(p)) as PagePosition);
      }),
    );
  });

  it('DG-7: a token opened with another query is InvalidRequestException naming the query', () => {
    fc.assert(
      fc.property(query, query, position, (a, b, p) => {
        fc.pre(a !== b);
        const tokens = new PageTokens('1');
        expect(refusal(() => tokens.open(b, tokens.seal(a, p)))).toMatch(/^InvalidRequestException: NextToken must be used with the query it was issued for/);
      }),
    );
  });

  it('DG-7: an altered token, a made-up one, or one of another seed is InvalidRequestException', () => {
    const tokens = new PageTokens('1');
    fc.assert(
      fc.property(query, position, fc.nat(), fc.integer({ min: 1, max: 127 }), (q, p, at, delta) => {
        const token = tokens.seal(q, p);
        const i = at % token.length;
        const altered = token.slice(0, i) + String.fromCharCode((token.charCodeAt(i) + delta) % 128) + token.slice(i + 1);
        expect(refusal(() => tokens.open(q, altered))).toMatch(/^InvalidRequestException: NextToken must be a token this service issued/);
        expect(refusal(() => tokens.open(q, new PageTokens('2').seal(q, p)))).toMatch(/^InvalidRequestException: NextToken must be a token this service issued/);
      }),
    );
    fc.assert(
      fc.property(query, fc.string({ minLength: 1, maxLength: 200 }), (q, made) => {
        expect(refusal(() => tokens.open(q, made))).toMatch(/^InvalidRequestException: NextToken must be a token this service issued/);
      }),
    );
  });

  it('DG-7: what a PageTokens remembers (per query, its fingerprint and the last token sealed) changes no token', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), position), { maxLength: 30 }), (seals) => {
        const tokens = new PageTokens('1');
        // Each seal twice in a row (the second from memory), queries interleaved, against a PageTokens that never saw any.
        for (const [q, p] of seals) {
          const expected = new PageTokens('1').seal(`q${q}`, p);
          expect(tokens.seal(`q${q}`, p)).toBe(expected);
          expect(tokens.seal(`q${q}`, p)).toBe(expected);
        }
      }),
    );
    const tokens = new PageTokens('1');
    // More queries than are remembered: the memory starts over and the tokens stay the same.
    const first = Array.from({ length: 2500 }, (_, i) => tokens.seal(`query ${i}`, [i, `gsess-${i}`]));
    expect(Array.from({ length: 2500 }, (_, i) => tokens.seal(`query ${i}`, [i, `gsess-${i}`]))).toEqual(first);
    const remembered = tokens.seal('query 2499', [2499, 'gsess-2499']);
    expect(tokens.open('query 2499', remembered)).toEqual([2499, 'gsess-2499']);
    const altered = `${remembered.slice(0, -1)}${remembered.endsWith('A') ? 'B' : 'A'}`;
    expect(refusal(() => tokens.open('query 2499', altered))).toMatch(/^InvalidRequestException: NextToken must be a token this service issued/);
    expect(refusal(() => tokens.open('query 1', remembered))).toMatch(/^InvalidRequestException: NextToken must be used with the query it was issued for/);
  });

  it('DG-7: a page\'s token is sealed over the canonical text of its query, in whatever order its members come', () => {
    const member = fc.option(fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null)), { nil: undefined });
    const queryArb = fc.dictionary(fc.constantFrom('fleet', 'location', 'status', 'name', 'operation'), member, { maxKeys: 5 });
    const paging = new Paging('1');
    fc.assert(
      fc.property(fc.constantFrom('DescribeGameSessions', 'DescribeInstances'), queryArb, position, (operation, query, next) => {
        fc.pre(next.length > 0);
        const expected = new PageTokens('1').seal(canonicalJson({ operation, ...query }), next);
        // Twice (the second time from memory), and with the members in reverse order.
        for (const asked of [query, query, Object.fromEntries(Object.entries(query).reverse())]) {
          expect(paging.page(operation, asked, undefined, () => ({ items: [], next })).NextToken).toBe(expected);
        }
        expect(paging.page(operation, query, expected, (after) => ({ items: [after], next: undefined })).items).toEqual([JSON.parse(JSON.stringify(next))]);
      }),
    );
  });
});
