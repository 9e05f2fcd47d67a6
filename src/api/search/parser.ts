import { operandNamed, operandText, type Filter, type Operand, type Sort, type Value } from './ast.ts';
import { tokenize, type Comparator, type Token } from './lexer.ts';
import { SearchSyntaxError } from './syntax-error.ts';

/**
 * How deeply parentheses and NOTs may nest in a filter expression [C]. The parser recurses once per level, so this
 * bound, not the expression's length, keeps `((((…` from exhausting the stack; no real filter comes close.
 */
export const FILTER_NESTING_DEPTH_MAX = 32;

/** Comparators that booleans and strings allow (SG-2). */
const EQUALITY: readonly Comparator[] = ['=', '<>'];

/**
 * Parses a FilterExpression (SG-2). Precedence, tightest first: comparisons, parentheses, NOT, AND, OR; AND and OR
 * group left to right. Keywords (AND, OR, NOT, true, false) are read in any case [C]; operand names are exact.
 * Each comparison must suit its operand: numbers with any comparator, strings and booleans with `=` and `<>` only.
 * A malformed expression throws SearchSyntaxError at the offending token.
 */
export function parseFilter(text: string): Filter {
  const parser = new Parser(tokenize(text));
  const filter = parser.or(0);
  parser.expectEnd('AND, OR or the end of the expression');
  return filter;
}

/** Parses a SortExpression (SG-3): one operand, then ASC or DESC (in any case [C]). */
export function parseSort(text: string): Sort {
  const parser = new Parser(tokenize(text));
  const operand = parser.operand();
  const order = parser.next();
  const word = order.kind === 'name' ? order.text.toUpperCase() : undefined;
  if (word !== 'ASC' && word !== 'DESC') throw new SearchSyntaxError(`expected ASC or DESC after ${operandText(operand)}`, order.at);
  parser.expectEnd('the end of the expression after ASC or DESC');
  return { operand, order: word };
}

/** A recursive-descent parser over a token list; one method per precedence level. */
class Parser {
  readonly #tokens: Token[];
  #at = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  next(): Token {
    const token = this.#tokens[this.#at]!;
    if (token.kind !== 'end') this.#at++;
    return token;
  }

  #peek(): Token {
    return this.#tokens[this.#at]!;
  }

  #keyword(word: string): boolean {
    const token = this.#peek();
    if (token.kind !== 'name' || token.text.toUpperCase() !== word) return false;
    this.#at++;
    return true;
  }

  expectEnd(expected: string): void {
    const token = this.#peek();
    if (token.kind !== 'end') throw new SearchSyntaxError(`expected ${expected}, found ${describe(token)}`, token.at);
  }

  or(depth: number): Filter {
    const operands = [this.#and(depth)];
    while (this.#keyword('OR')) operands.push(this.#and(depth));
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  }

  #and(depth: number): Filter {
    const operands = [this.#not(depth)];
    while (this.#keyword('AND')) operands.push(this.#not(depth));
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  }

  #not(depth: number): Filter {
    const token = this.#peek();
    if (token.kind === 'name' && token.text.toUpperCase() === 'NOT') {
      this.#deeper(depth, token);
      this.#at++;
      return { kind: 'not', operand: this.#not(depth + 1) };
    }
    return this.#primary(depth);
  }

  #primary(depth: number): Filter {
    const token = this.#peek();
    if (token.kind === '(') {
      this.#deeper(depth, token);
      this.#at++;
      const inner = this.or(depth + 1);
      const close = this.next();
      if (close.kind !== ')') throw new SearchSyntaxError(`expected ) to close the ( at character ${token.at + 1}, found ${describe(close)}`, close.at);
      return inner;
    }
    return this.#comparison();
  }

  #deeper(depth: number, token: Token): void {
    if (depth >= FILTER_NESTING_DEPTH_MAX) {
      throw new SearchSyntaxError(`parentheses and NOT nest deeper than ${FILTER_NESTING_DEPTH_MAX} levels`, token.at);
    }
  }

  operand(): Operand {
    const token = this.next();
    const operand = token.kind === 'name' ? operandNamed(token.text) : undefined;
    if (operand === undefined) {
      throw new SearchSyntaxError(
        `expected an operand (gameSessionName, gameSessionId, gameSessionProperties.<key>, maximumSessions, creationTimeMillis, playerSessionCount, hasAvailablePlayerSessions), found ${describe(token)}`,
        token.at,
      );
    }
    return operand;
  }

  #comparison(): Filter {
    const operand = this.operand();
    const name = operandText(operand);
    const comparatorToken = this.next();
    if (comparatorToken.kind !== 'comparator') throw new SearchSyntaxError(`expected a comparator after ${name}, found ${describe(comparatorToken)}`, comparatorToken.at);
    const comparator = comparatorToken.text;
    const literal = this.next();
    const value = literalValue(literal);
    const wanted = operand.kind === 'property' ? 'string' : operand.kind;
    if (value === undefined || typeof value !== wanted) {
      throw new SearchSyntaxError(`${name} compares with a ${wanted}${wanted === 'string' ? " in single quotes" : ''}, found ${describe(literal)}`, literal.at);
    }
    if (wanted !== 'number' && !EQUALITY.includes(comparator)) {
      throw new SearchSyntaxError(`${name} is a ${wanted}: only = and <> compare it, found ${comparator}`, comparatorToken.at);
    }
    return { kind: 'compare', operand, comparator, value };
  }
}

/** The value a literal token stands for: a string, a number, true or false (in any case [C]). */
function literalValue(token: Token): Value | undefined {
  if (token.kind === 'string' || token.kind === 'number') return token.value;
  if (token.kind === 'name' && token.text.toLowerCase() === 'true') return true;
  if (token.kind === 'name' && token.text.toLowerCase() === 'false') return false;
  return undefined;
}

/** A token as an error message names it. */
function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the expression';
    case 'name':
    case 'comparator':
      return `"${token.text}"`;
    case 'string':
      return 'a string';
    case 'number':
      return `the number ${token.value}`;
    default:
      return `"${token.kind}"`;
  }
}
