import fc from 'fast-check';
import type { GameSession as SdkGameSession } from '@aws-sdk/client-gamelift';
import {
  BOOLEAN_OPERAND,
  NUMBER_OPERANDS,
  STRING_OPERANDS,
  operandText,
  type Filter,
  type Operand,
  type Sort,
  type Value,
} from '../../src/api/search/ast.ts';
import type { Comparator } from '../../src/api/search/lexer.ts';

/**
 * Random filter and sort expressions for SearchGameSessions (SG-2, SG-3) as syntax trees, a printer that writes
 * them as text the way a user might (any keyword case, spare spaces and parentheses), and a plain reference that
 * evaluates them over DescribeGameSessions' output, written apart from src/api/search so that the tests do not take
 * their expected answers from the code under test.
 */

/** Game property keys and values the test worlds use; values include a quote and a backslash to exercise escapes. */
export const PROPERTY_KEYS = ['mode', 'map', 'tier'] as const;
export const PROPERTY_VALUES = ['ffa', 'team', "it's", 'a\\b', 'Ffa', ''] as const;
/** Game session names the test worlds use (some sessions have none). */
export const NAMES = ['alpha', 'Alpha', "Matt's game", 'beta\\2', 'gamma'] as const;

const ALL_COMPARATORS: readonly Comparator[] = ['=', '<>', '<', '>', '<=', '>='];

/** An operand: any of the seven, properties by one of the test keys or a key no session has. */
export const operandArb: fc.Arbitrary<Operand> = fc.oneof(
  fc.constantFrom(...NUMBER_OPERANDS).map((name): Operand => ({ kind: 'number', name })),
  fc.constantFrom(...STRING_OPERANDS).map((name): Operand => ({ kind: 'string', name })),
  fc.constant<Operand>({ kind: 'boolean', name: BOOLEAN_OPERAND }),
  fc.constantFrom(...PROPERTY_KEYS, 'absent').map((key): Operand => ({ kind: 'property', key })),
);

/** A comparison that type-checks: numbers with any comparator, strings and booleans with = and <>. */
function comparisonArb(ids: readonly string[], creationTimesMs: readonly number[]): fc.Arbitrary<Filter> {
  return operandArb.chain((operand): fc.Arbitrary<Filter> => {
    let value: fc.Arbitrary<Value>;
    if (operand.kind === 'number') {
      value = operand.name === 'creationTimeMillis'
        ? fc.oneof(fc.constantFrom(...creationTimesMs), fc.integer({ min: Math.min(...creationTimesMs) - 1000, max: Math.max(...creationTimesMs) + 1000 }))
        : fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: -1, max: 12 }));
    } else if (operand.kind === 'boolean') {
      value = fc.boolean();
    } else if (operand.kind === 'property') {
      value = fc.constantFrom<string>(...PROPERTY_VALUES, 'zzz');
    } else {
      value = operand.name === 'gameSessionId' ? fc.constantFrom(...ids, 'arn:none') : fc.constantFrom<string>(...NAMES, 'nobody');
    }
    const comparator = fc.constantFrom(...(operand.kind === 'number' ? ALL_COMPARATORS : (['=', '<>'] as const)));
    return fc.record({ kind: fc.constant('compare' as const), operand: fc.constant(operand), comparator, value });
  });
}

/**
 * A filter tree of bounded depth over the given sessions' ids and creation times. AND and OR never hold a node of
 * their own kind directly, which is the form the parser produces, so that print-then-parse gives the tree back.
 */
export function filterArb(ids: readonly string[], creationTimesMs: readonly number[]): fc.Arbitrary<Filter> {
  const leaf = comparisonArb(ids, creationTimesMs);
  const tree = fc.letrec<{ node: Filter }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      tie('node').map((operand): Filter => ({ kind: 'not', operand })),
      fc.tuple(fc.constantFrom('and' as const, 'or' as const), fc.array(tie('node'), { minLength: 2, maxLength: 3 }))
        .map(([kind, operands]): Filter => ({ kind, operands: operands.flatMap((o) => (o.kind === kind ? o.operands : [o])) })),
    ),
  }));
  return fc.oneof(leaf, tree.node.filter((f) => depthOf(f) <= 8));
}

/** Nesting of NOTs and of AND/OR under one another, an upper bound on the parentheses the printer writes. */
function depthOf(filter: Filter): number {
  if (filter.kind === 'compare') return 0;
  if (filter.kind === 'not') return 1 + depthOf(filter.operand);
  return 1 + Math.max(...filter.operands.map(depthOf));
}

/** A sort expression over any operand. */
export const sortArb: fc.Arbitrary<Sort> = fc.record({ operand: operandArb, order: fc.constantFrom('ASC' as const, 'DESC' as const) });

/** A value as an expression writes it: strings in single quotes with `\` before each quote and backslash. */
export function literalText(value: Value): string {
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  return String(value);
}

/**
 * `filter` as text. `noise` (0..1 draws) picks keyword case, spaces around comparators and spare parentheses;
 * parentheses are written where precedence needs them (OR inside AND, AND or OR under NOT).
 */
export function printFilter(filter: Filter, noise: () => number = () => 0): string {
  const kw = (word: string): string => (noise() < 0.8 ? word : word.toLowerCase());
  const space = (): string => (noise() < 0.7 ? ' ' : noise() < 0.5 ? '' : '  ');
  const print = (f: Filter, parentStrength: number): string => {
    let text: string;
    let strength: number;
    switch (f.kind) {
      case 'compare':
        text = `${operandText(f.operand)}${space()}${f.comparator}${space()}${literalText(f.value)}`;
        strength = 3;
        break;
      case 'not':
        text = `${kw('NOT')} ${print(f.operand, 2)}`;
        strength = 2;
        break;
      case 'and':
        text = f.operands.map((o) => print(o, 1.5)).join(` ${kw('AND')} `);
        strength = 1;
        break;
      case 'or':
        text = f.operands.map((o) => print(o, 0.5)).join(` ${kw('OR')} `);
        strength = 0;
        break;
    }
    const needed = strength < parentStrength;
    return needed || noise() < 0.1 ? `(${space()}${text}${space()})` : text;
  };
  return print(filter, -1);
}

/** `sort` as text. */
export function printSort(sort: Sort): string {
  return `${operandText(sort.operand)} ${sort.order}`;
}

/** A deterministic 0..1 source from a seed, for the printer's noise. */
export function noiseFrom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

// ---------------------------------------------------------------- the reference

/** An operand's value for a game session as DescribeGameSessions shows it; undefined when it has none. */
export function referenceValue(gs: SdkGameSession, operand: Operand): Value | undefined {
  if (operand.kind === 'property') return gs.GameProperties?.find((p) => p.Key === operand.key)?.Value;
  switch (operand.name) {
    case 'gameSessionName':
      return gs.Name;
    case 'gameSessionId':
      return gs.GameSessionId;
    case 'maximumSessions':
      return gs.MaximumPlayerSessionCount;
    case 'creationTimeMillis':
      return gs.CreationTime!.getTime();
    case 'playerSessionCount':
      return gs.CurrentPlayerSessionCount;
    case 'hasAvailablePlayerSessions':
      return gs.CurrentPlayerSessionCount! < gs.MaximumPlayerSessionCount!;
  }
}

function referenceCompare(a: Value, b: Value): number {
  if (typeof a === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'number') return a - (b as number);
  return a === b ? 0 : a < (b as string) ? -1 : 1;
}

/** Whether a session matches, as SG-2 reads: a missing value matches no comparison; NOT negates. */
export function referenceMatches(gs: SdkGameSession, filter: Filter): boolean {
  switch (filter.kind) {
    case 'compare': {
      const value = referenceValue(gs, filter.operand);
      if (value === undefined) return false;
      const c = referenceCompare(value, filter.value);
      return { '=': c === 0, '<>': c !== 0, '<': c < 0, '>': c > 0, '<=': c <= 0, '>=': c >= 0 }[filter.comparator];
    }
    case 'not':
      return !referenceMatches(gs, filter.operand);
    case 'and':
      return filter.operands.every((f) => referenceMatches(gs, f));
    case 'or':
      return filter.operands.some((f) => referenceMatches(gs, f));
  }
}

/** Where a session stands in SG-3's order by an operand, as the reference reads it: its value (if any) and its id. */
export interface ReferenceKey {
  readonly value: Value | undefined;
  readonly id: string;
}

/** A session's key in the order by `operand`, read from DescribeGameSessions' view of it. */
export function referenceKey(gs: SdkGameSession, operand: Operand): ReferenceKey {
  return { value: referenceValue(gs, operand), id: gs.GameSessionId! };
}

/** SG-3's order of keys: those with a value by it (then by id, in the same direction), those without last by id. */
export function referenceCompareKeys(a: ReferenceKey, b: ReferenceKey, order: Sort['order']): number {
  if ((a.value === undefined) !== (b.value === undefined)) return a.value === undefined ? 1 : -1;
  const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  if (a.value === undefined) return byId;
  return (order === 'ASC' ? 1 : -1) * (referenceCompare(a.value, b.value!) || byId);
}

/** Sessions in SG-3's order (see referenceCompareKeys). */
export function referenceSort(sessions: readonly SdkGameSession[], sort: Sort): SdkGameSession[] {
  return [...sessions].sort((a, b) => referenceCompareKeys(referenceKey(a, sort.operand), referenceKey(b, sort.operand), sort.order));
}
