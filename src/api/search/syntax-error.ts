/**
 * A malformed filter or sort expression (SG-2, SG-3): what is wrong and the index of the character where it was
 * found. The operation turns it into InvalidRequestException naming the member, the position and the expression.
 */
export class SearchSyntaxError extends Error {
  /** Index of the offending character in the expression, from 0; the expression's length at its end. */
  readonly at: number;

  constructor(problem: string, at: number) {
    super(problem);
    this.name = 'SearchSyntaxError';
    this.at = at;
  }
}
