import type { NormalizedSchema } from '@smithy/core/schema';
import type { Dialect } from './dialect.ts';
import type { WireAnswer, WireFault, WireRequest } from './messages.ts';

/** The operation a request names, or the fault that says why it names none. */
export type Target = { readonly operation: string } | { readonly fault: WireFault };

/**
 * One wire protocol's framing: where the operation's name travels, how the body is encoded, how answers and errors
 * look. The codec's steps (throttle, shape check, execute, shape write) are the same for every protocol.
 */
export interface Protocol {
  /** How messages name the body's encoding: `JSON`, `CBOR`. */
  readonly encoding: string;
  readonly dialect: Dialect;
  /** Reads the operation's name from the request line and headers, refusing a request framed for no operation. */
  targetOf(request: WireRequest): Target;
  /** The body decoded to plain values; throws when it is not this protocol's encoding. */
  decodeBody(body: Uint8Array): unknown;
  /** The operation's output, written against its output shape (WR-2, WR-3). */
  success(schema: NormalizedSchema, output: unknown): WireAnswer;
  failure(fault: WireFault): WireAnswer;
}

/** The exception a client sees for a request the simulator cannot map to any operation (WR-1) [C]. */
export const UNKNOWN_OPERATION = 'UnknownOperationException';
/** The exception a client sees for a body that is not well formed or has a member of the wrong type [C]. */
export const SERIALIZATION = 'SerializationException';

/** The refusal of a request that names no operation the simulator runs: 400 UnknownOperationException (WR-1). */
export function unknownOperation(message: string): { readonly fault: WireFault } {
  return { fault: { status: 400, type: UNKNOWN_OPERATION, message } };
}
