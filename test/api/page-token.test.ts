import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAGE_TOKEN_CHARS_MAX, PageTokens, type PagePosition } from '../../src/api/page-token.ts';

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

  it('DG-7: the tokens a PageTokens remembers sealing are those a fresh one seals, and altered they are still refused', () => {
    const tokens = new PageTokens('1');
    // More positions than the memory holds, sealed twice over, so that some are remembered and some forgotten.
    const positions = Array.from({ length: 5000 }, (_, i) => [1_767_229_200_000 + i, `gsess-${i}`] as const);
    const first = positions.map((p) => tokens.seal('q', p));
    const again = positions.map((p) => tokens.seal('q', p));
    const fresh = new PageTokens('1');
    expect(again).toEqual(first);
    expect(again).toEqual(positions.map((p) => fresh.seal('q', p)));
    const remembered = tokens.seal('q', positions[4999]!);
    expect(tokens.open('q', remembered)).toEqual(positions[4999]);
    const altered = `${remembered.slice(0, -1)}${remembered.endsWith('A') ? 'B' : 'A'}`;
    expect(refusal(() => tokens.open('q', altered))).toMatch(/^InvalidRequestException: NextToken must be a token this service issued/);
    expect(refusal(() => tokens.open('other query', remembered))).toMatch(/^InvalidRequestException: NextToken must be used with the query it was issued for/);
  });
});
