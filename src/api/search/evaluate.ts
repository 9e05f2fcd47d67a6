import type { GameSession } from '../../model/entities.ts';
import type { Filter, Operand, Value } from './ast.ts';
import type { Comparator } from './lexer.ts';

/**
 * The value of `operand` for a game session (SG-2), or undefined when it has none (a session without a name, or
 * without that game property). playerSessionCount is CurrentPlayerSessionCount (RESERVED and ACTIVE players, PS-3),
 * and hasAvailablePlayerSessions says whether it is below MaximumPlayerSessionCount [I].
 */
export function operandValue(session: GameSession, operand: Operand): Value | undefined {
  switch (operand.kind) {
    case 'number':
      return operand.name === 'maximumSessions'
        ? session.maximumPlayerSessionCount
        : operand.name === 'creationTimeMillis' ? session.creationTimeMs : session.currentPlayerSessionCount;
    case 'string':
      return operand.name === 'gameSessionName' ? session.name : session.gameSessionId;
    case 'boolean':
      return session.currentPlayerSessionCount < session.maximumPlayerSessionCount;
    case 'property':
      return session.gameProperties.find((p) => p.Key === operand.key)?.Value;
  }
}

/**
 * Total order of values of one operand: numbers by size, strings by UTF-16 code units (case sensitive, SG-2),
 * false before true.
 */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a game session matches a filter (SG-2). A comparison with an operand the session has no value for is
 * false, whatever the comparator [C] (as SQL compares with NULL); NOT simply negates. AND and OR stop at the first
 * operand that decides them.
 */
export function matches(session: GameSession, filter: Filter): boolean {
  switch (filter.kind) {
    case 'compare': {
      const value = operandValue(session, filter.operand);
      return value !== undefined && holds(compareValues(value, filter.value), filter.comparator);
    }
    case 'not':
      return !matches(session, filter.operand);
    case 'and':
      return filter.operands.every((f) => matches(session, f));
    case 'or':
      return filter.operands.some((f) => matches(session, f));
  }
}

/** Whether a comparison whose sign is `order` satisfies `comparator`. */
function holds(order: number, comparator: Comparator): boolean {
  switch (comparator) {
    case '=':
      return order === 0;
    case '<>':
      return order !== 0;
    case '<':
      return order < 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '>=':
      return order >= 0;
  }
}
