import { SearchSyntaxError } from './syntax-error.ts';

/**
 * The words of SearchGameSessions' filter and sort expressions (SG-2, SG-3): operand names, comparators, string,
 * number and boolean literals, parentheses, and the keywords AND, OR, NOT, ASC, DESC.
 */
export type Token =
  | { readonly kind: 'name'; readonly text: string; readonly at: number }
  | { readonly kind: 'comparator'; readonly text: Comparator; readonly at: number }
  | { readonly kind: 'string'; readonly value: string; readonly at: number }
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: '(' | ')' | 'end'; readonly at: number };

/** The comparators of SG-2, each as it is written. */
export type Comparator = '=' | '<>' | '<' | '>' | '<=' | '>=';

/**
 * A name: an operand (`gameSessionProperties.<key>` included), a keyword or a boolean. Property keys are what
 * GameProperty allows in practice; the dot only separates `gameSessionProperties` from the key, as AWS documents
 * that keys with periods cannot be searched.
 */
const NAME = /[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)?/y;
/** A number: digits with an optional sign and fraction. */
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?/y;
const COMPARATOR = /<>|<=|>=|=|<|>/y;

/**
 * The tokens of `text`, each with the index of its first character, ending with an `end` token. Strings are in
 * single quotes and case sensitive; a backslash escapes the character after it (`\'` is a quote, `\\` a
 * backslash) [D: "special characters must be escaped"]. Whitespace separates tokens. Anything else is a
 * SearchSyntaxError at its position. Linear in the length of `text`, which the caller has bounded.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const c = text[at]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      at++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, at });
      at++;
    } else if (c === "'") {
      const { value, end } = readString(text, at);
      tokens.push({ kind: 'string', value, at });
      at = end;
    } else {
      const token = match(COMPARATOR, 'comparator', text, at) ?? match(NUMBER, 'number', text, at) ?? match(NAME, 'name', text, at);
      if (token === undefined) throw new SearchSyntaxError(`unexpected character ${JSON.stringify(c)}`, at);
      tokens.push(token.token);
      at = token.end;
    }
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

function match(pattern: RegExp, kind: 'comparator' | 'number' | 'name', text: string, at: number): { token: Token; end: number } | undefined {
  pattern.lastIndex = at;
  const found = pattern.exec(text);
  if (found === null) return undefined;
  const word = found[0];
  const end = at + word.length;
  // `12abc` is neither a number nor a name: a number must end where a name could not go on.
  if (kind === 'number' && end < text.length && /[A-Za-z_.]/.test(text[end]!)) return undefined;
  if (kind === 'comparator') return { token: { kind, text: word as Comparator, at }, end };
  if (kind === 'number') return { token: { kind, value: Number(word), at }, end };
  return { token: { kind, text: word, at }, end };
}

/** The string literal opening at `start` (a quote): its value with escapes resolved, and the index after it. */
function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  let at = start + 1;
  while (at < text.length) {
    const c = text[at]!;
    if (c === "'") return { value, end: at + 1 };
    if (c === '\\') {
      if (at + 1 >= text.length) break;
      value += text[at + 1];
      at += 2;
    } else {
      value += c;
      at++;
    }
  }
  throw new SearchSyntaxError('unterminated string (a quote inside a string is written \\\')', start);
}
