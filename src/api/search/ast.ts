import type { Comparator } from './lexer.ts';

/**
 * The parsed forms of SearchGameSessions' expressions (SG-2, SG-3) and the operands they name. An expression is
 * plain data, so that it can be evaluated, compared and printed without the text it came from.
 */

/** The operands whose values are numbers: every comparator applies (SG-2). */
export const NUMBER_OPERANDS = ['maximumSessions', 'creationTimeMillis', 'playerSessionCount'] as const;
/** The operands whose values are strings: only `=` and `<>` apply (SG-2). */
export const STRING_OPERANDS = ['gameSessionName', 'gameSessionId'] as const;
/** The operand whose value is a boolean: only `=` and `<>` apply (SG-2). */
export const BOOLEAN_OPERAND = 'hasAvailablePlayerSessions';
/** The prefix of a game property operand, `gameSessionProperties.<key>`, whose value is a string (SG-2). */
export const PROPERTY_PREFIX = 'gameSessionProperties.';

/** A game session attribute that expressions read. */
export type Operand =
  | { readonly kind: 'number'; readonly name: (typeof NUMBER_OPERANDS)[number] }
  | { readonly kind: 'string'; readonly name: (typeof STRING_OPERANDS)[number] }
  | { readonly kind: 'boolean'; readonly name: typeof BOOLEAN_OPERAND }
  | { readonly kind: 'property'; readonly key: string };

/** A value an operand can hold, and a literal in an expression. */
export type Value = number | string | boolean;

/** A filter expression (SG-2): conditions joined by AND, OR and NOT. AND and OR hold two or more operands. */
export type Filter =
  | { readonly kind: 'compare'; readonly operand: Operand; readonly comparator: Comparator; readonly value: Value }
  | { readonly kind: 'not'; readonly operand: Filter }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly Filter[] };

/** A sort expression (SG-3): one operand, ascending or descending. */
export interface Sort {
  readonly operand: Operand;
  readonly order: 'ASC' | 'DESC';
}

/** The operand a name stands for, or undefined when it names none. */
export function operandNamed(name: string): Operand | undefined {
  if ((NUMBER_OPERANDS as readonly string[]).includes(name)) return { kind: 'number', name: name as (typeof NUMBER_OPERANDS)[number] };
  if ((STRING_OPERANDS as readonly string[]).includes(name)) return { kind: 'string', name: name as (typeof STRING_OPERANDS)[number] };
  if (name === BOOLEAN_OPERAND) return { kind: 'boolean', name };
  if (name.startsWith(PROPERTY_PREFIX) && name.length > PROPERTY_PREFIX.length) return { kind: 'property', key: name.slice(PROPERTY_PREFIX.length) };
  return undefined;
}

/** How an operand is written in an expression. */
export function operandText(operand: Operand): string {
  return operand.kind === 'property' ? `${PROPERTY_PREFIX}${operand.key}` : operand.name;
}
