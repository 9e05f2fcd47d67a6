import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILTER_NESTING_DEPTH_MAX, parseFilter, parseSort } from '../../../src/api/search/parser.ts';
import { SearchSyntaxError } from '../../../src/api/search/syntax-error.ts';
import { filterArb, noiseFrom, printFilter, printSort, sortArb } from '../../support/search-arbitraries.ts';

const IDS = ['arn:aws:gamelift:us-west-2::gamesession/fleet-1/a', "arn:aws:gamelift:us-west-2::gamesession/fleet-1/it's"];
const TIMES = [1_700_000_000_000, 1_700_000_005_000];

/** The position (from 0) and problem of a refused expression. */
function refusal(parse: () => unknown): { at: number; message: string } {
  try {
    parse();
  } catch (error) {
    if (error instanceof SearchSyntaxError) return { at: error.at, message: error.message };
    throw error;
  }
  throw new Error('expected a SearchSyntaxError');
}

describe('SearchGameSessions expressions: parsing', () => {
  it('SG-2: any filter tree, printed with any keyword case, spacing and spare parentheses, parses back to the same tree', () => {
    fc.assert(
      fc.property(filterArb(IDS, TIMES), fc.integer(), (filter, seed) => {
        expect(parseFilter(printFilter(filter, noiseFrom(seed)))).toEqual(filter);
      }),
      { numRuns: 500 },
    );
  });

  it('SG-3: any sort expression parses back to the same operand and order', () => {
    fc.assert(fc.property(sortArb, (sort) => {
      expect(parseSort(printSort(sort))).toEqual(sort);
    }));
    expect(parseSort('  creationTimeMillis   desc ')).toEqual({ operand: { kind: 'number', name: 'creationTimeMillis' }, order: 'DESC' });
  });

  it('SG-2: precedence is comparison, parentheses, NOT, AND, OR; AND and OR group left to right', () => {
    const a = "gameSessionName = 'a'";
    const b = 'maximumSessions >= 10';
    const c = 'hasAvailablePlayerSessions = true';
    const leaf = (text: string) => parseFilter(text);
    expect(parseFilter(`${a} OR ${b} AND ${c}`)).toEqual({ kind: 'or', operands: [leaf(a), { kind: 'and', operands: [leaf(b), leaf(c)] }] });
    expect(parseFilter(`(${a} OR ${b}) AND ${c}`)).toEqual({ kind: 'and', operands: [{ kind: 'or', operands: [leaf(a), leaf(b)] }, leaf(c)] });
    expect(parseFilter(`NOT ${a} AND ${b}`)).toEqual({ kind: 'and', operands: [{ kind: 'not', operand: leaf(a) }, leaf(b)] });
    expect(parseFilter(`NOT (${a} AND ${b})`)).toEqual({ kind: 'not', operand: { kind: 'and', operands: [leaf(a), leaf(b)] } });
    expect(parseFilter('maximumSessions>=10 AND hasAvailablePlayerSessions=true')).toEqual({
      kind: 'and',
      operands: [
        { kind: 'compare', operand: { kind: 'number', name: 'maximumSessions' }, comparator: '>=', value: 10 },
        { kind: 'compare', operand: { kind: 'boolean', name: 'hasAvailablePlayerSessions' }, comparator: '=', value: true },
      ],
    });
  });

  it("SG-2: strings are in single quotes, case sensitive, with \\' for a quote and \\\\ for a backslash", () => {
    const value = (text: string) => (parseFilter(text) as { value: unknown }).value;
    expect(value("gameSessionName = 'Matt\\'s Awesome Game 1'")).toBe("Matt's Awesome Game 1");
    expect(value("gameSessionProperties.gameMode = 'a\\\\b'")).toBe('a\\b');
    expect(value("gameSessionName = ''")).toBe('');
    expect(value("gameSessionName = 'AND OR NOT ( )'")).toBe('AND OR NOT ( )');
    expect(value('playerSessionCount > -1')).toBe(-1);
    expect(value('creationTimeMillis <= 1700000000000.5')).toBe(1700000000000.5);
  });

  it('SG-2: a malformed filter is refused at the position of the offending token', () => {
    const cases: [string, number, string][] = [
      ['', 0, 'expected an operand'],
      ['gameSessionName', 15, 'expected a comparator after gameSessionName'],
      ["gameSessionName = 'x", 18, 'unterminated string'],
      ["gameSessionName = 'x\\'", 18, 'unterminated string'],
      ['gameSessionName == 1', 17, 'expected a string'.replace('expected a string', 'compares with a string')],
      ["gameSessionName < 'x'", 16, 'only = and <> compare it'],
      ['hasAvailablePlayerSessions >= true', 27, 'only = and <> compare it'],
      ["maximumSessions = '10'", 18, 'compares with a number'],
      ['hasAvailablePlayerSessions = yes', 29, 'compares with a boolean'],
      ['gameSessionProperties.mode = 5', 29, 'compares with a string'],
      ['playerCount > 1', 0, 'expected an operand'],
      ['gameSessionProperties. = 1', 21, 'unexpected character "."'],
      ['gameSessionProperties = 1', 0, 'expected an operand'],
      ["gameSessionName = 'x' AND", 25, 'expected an operand'],
      ["gameSessionName = 'x' gameSessionId = 'y'", 22, 'expected AND, OR or the end'],
      ["(gameSessionName = 'x'", 22, 'expected ) to close the ( at character 1'],
      ["gameSessionName = 'x')", 21, 'expected AND, OR or the end'],
      ["gameSessionName = 'x' & maximumSessions > 1", 22, 'unexpected character "&"'],
      ['maximumSessions > 12abc', 18, 'unexpected character "1"'],
      ['NOT', 3, 'expected an operand'],
    ];
    for (const [text, at, problem] of cases) {
      const found = refusal(() => parseFilter(text));
      expect({ text, at: found.at }).toEqual({ text, at });
      expect(found.message).toContain(problem);
    }
  });

  it('SG-3: a sort expression is one operand and ASC or DESC, else refused at the offending token', () => {
    expect(refusal(() => parseSort('creationTimeMillis')).at).toBe(18);
    expect(refusal(() => parseSort('creationTimeMillis UP')).at).toBe(19);
    expect(refusal(() => parseSort('creationTimeMillis ASC, playerSessionCount DESC')).at).toBe(22);
    expect(refusal(() => parseSort('ASC')).message).toContain('expected an operand');
  });

  it(`SG-2: parentheses and NOT nest at most ${FILTER_NESTING_DEPTH_MAX} deep; deeper is refused where it goes too deep, with no stack overflow`, () => {
    const leaf = 'playerSessionCount = 1';
    const nested = (depth: number) => `${'('.repeat(depth)}${leaf}${')'.repeat(depth)}`;
    expect(parseFilter(nested(FILTER_NESTING_DEPTH_MAX))).toEqual(parseFilter(leaf));
    expect(refusal(() => parseFilter(nested(FILTER_NESTING_DEPTH_MAX + 1))).at).toBe(FILTER_NESTING_DEPTH_MAX);
    expect(refusal(() => parseFilter(`${'NOT '.repeat(FILTER_NESTING_DEPTH_MAX + 1)}${leaf}`)).message).toContain('nest deeper');
    // Far past any length the service accepts: still a clean refusal, not a RangeError from the stack.
    expect(refusal(() => parseFilter('('.repeat(200_000))).at).toBe(FILTER_NESTING_DEPTH_MAX);
    // Long flat chains are not nesting: AND and OR are read in a loop.
    const chain = Array.from({ length: 40 }, () => leaf).join(' AND ');
    expect(parseFilter(chain)).toMatchObject({ kind: 'and' });
  });
});
