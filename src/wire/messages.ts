/**
 * An HTTP exchange as the codec sees it: no sockets, streams or clocks, so that the in-process SDK handler and the
 * HTTP server share one codec (WR-1..WR-5) and a test can drive it with plain values.
 */

/** One HTTP request, fully read. */
export interface WireRequest {
  readonly method: string;
  /** The request target as sent: the path, possibly followed by `?query`. */
  readonly path: string;
  /** Header names in any case; a repeated header as a list or already joined. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Every header name is lower case, as node hands them over: a header absent under that name is absent. */
  readonly headersLowerCase?: boolean;
  /** The body's bytes, or its text when a transport already holds it as a string. */
  readonly body: Uint8Array | string;
}

/** One HTTP response; header names are lower case. */
export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/**
 * A response as the codec builds it, before a transport sends it: a JSON body may still be text. The HTTP server
 * writes text as it is (node sends it in one piece with the head, where bytes would cost a buffer of their own and a
 * two-part write); {@link bytesOf} makes it a {@link WireResponse} for everyone else.
 */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | string;
}

/** `answer` with its body as bytes (UTF-8 for text). */
export function bytesOf(answer: WireAnswer): WireResponse {
  return typeof answer.body === 'string' ? { status: answer.status, headers: answer.headers, body: Buffer.from(answer.body) } : answer as WireResponse;
}

/** A refusal before, instead of, or after the operation: how a protocol frames an error (WR-2). */
export interface WireFault {
  readonly status: number;
  /** The exception's name, as `__type` and `x-amzn-ErrorType` carry it. */
  readonly type: string;
  readonly message: string;
}

/** How much of a client's own text (a path, a header, a parser's complaint) an error message quotes back. */
export const QUOTED_CHARS_MAX = 100;

/** `text` cut to {@link QUOTED_CHARS_MAX} characters, so that a client cannot make the answer as large as its request. */
export function quote(text: string): string {
  return text.length > QUOTED_CHARS_MAX ? `${text.slice(0, QUOTED_CHARS_MAX)}…` : text;
}

/** The value of header `name` (case-insensitive); repeated headers joined with ", " as HTTP allows. */
export function headerOf(request: WireRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  // Node hands headers over with lower-case names: look there first, and scan only for other transports' spellings.
  const direct = request.headers[wanted];
  if (direct !== undefined) return typeof direct === 'string' ? direct : direct.join(', ');
  if (request.headersLowerCase === true) return undefined;
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value.join(', ');
  }
  return undefined;
}

/** The body's bytes, whichever form the transport handed over. */
export function bodyBytes(request: WireRequest): Uint8Array {
  return typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body;
}

/** The path without its query string. */
export function pathOf(request: WireRequest): string {
  const query = request.path.indexOf('?');
  return query === -1 ? request.path : request.path.slice(0, query);
}
