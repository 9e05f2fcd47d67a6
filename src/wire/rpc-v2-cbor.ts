import { cbor, tag } from '@smithy/core/cbor';
import { decodeCbor } from './cbor-decode.ts';
import { dateOfEpochSeconds, epochSecondsOf, type Dialect } from './dialect.ts';
import { headerOf, pathOf, quote, type WireFault, type WireRequest, type WireResponse } from './messages.ts';
import { unknownOperation, type Protocol, type Target } from './protocol.ts';
import { writeOutput } from './write-output.ts';

/** The `smithy-protocol` header's value on RPC v2 CBOR requests and answers (WR-4). */
export const RPC_V2_CBOR = 'rpc-v2-cbor';
/** The Content-Type of RPC v2 CBOR bodies (WR-4). */
export const CBOR_CONTENT_TYPE = 'application/cbor';
/** The service's shape name, as RPC v2 paths carry it: `/service/GameLift/operation/<Operation>`. */
const SERVICE_PATH = '/service/GameLift/operation/';
/** The namespace that qualifies `__type`, which RPC v2 sends as a full shape id. */
const SHAPE_NAMESPACE = 'com.amazonaws.gamelift';
/** CBOR's tag for epoch-based date/time (RFC 8949 §3.4.2). */
const EPOCH_TIME_TAG = 1;

/** CBOR carries timestamps as tag 1 around epoch seconds, and blobs as byte strings. */
export const CBOR_DIALECT: Dialect = {
  readTimestamp(value) {
    if (typeof value !== 'object' || value === null || !('tag' in value) || !('value' in value)) return undefined;
    if (Number(value.tag) !== EPOCH_TIME_TAG) return undefined;
    const seconds = typeof value.value === 'bigint' ? Number(value.value) : value.value;
    return typeof seconds === 'number' ? dateOfEpochSeconds(seconds) : undefined;
  },
  writeTimestamp: (date) => tag({ tag: EPOCH_TIME_TAG, value: epochSecondsOf(date) }),
  readBlob: (value) => (value instanceof Uint8Array ? value : undefined),
  writeBlob: (bytes) => bytes,
};

/** Whether a request is framed for Smithy RPC v2 CBOR rather than AWS JSON 1.1 (WR-4). */
export function isRpcV2Cbor(request: WireRequest): boolean {
  return pathOf(request).startsWith('/service/') || headerOf(request, 'smithy-protocol') !== undefined;
}

/**
 * Smithy RPC v2 CBOR (WR-4), which the C++, Go v2, Java 2.x, .NET v4, Swift and Kotlin SDKs send since April 2026:
 * `POST /service/GameLift/operation/<Operation>` with `smithy-protocol: rpc-v2-cbor` and a CBOR body; answers carry
 * the same header, and errors a CBOR map `{__type: "com.amazonaws.gamelift#<Name>", message}` with the status codes
 * of JSON 1.1.
 */
export const RPC_V2_CBOR_PROTOCOL: Protocol = {
  encoding: 'CBOR',
  dialect: CBOR_DIALECT,

  targetOf(request: WireRequest): Target {
    const path = pathOf(request);
    if (request.method !== 'POST' || !path.startsWith(SERVICE_PATH)) {
      return unknownOperation(`RPC v2 CBOR requests must be POST ${SERVICE_PATH}<Operation>, got ${request.method} ${quote(path)}`);
    }
    const protocol = headerOf(request, 'smithy-protocol');
    if (protocol !== RPC_V2_CBOR) {
      return unknownOperation(`smithy-protocol must be ${RPC_V2_CBOR}, got ${protocol === undefined ? 'nothing' : JSON.stringify(quote(protocol))}`);
    }
    return { operation: path.slice(SERVICE_PATH.length) };
  },

  decodeBody(body: Uint8Array): unknown {
    return body.length === 0 ? {} : decodeCbor(body);
  },

  success(schema, output) {
    return response(200, writeOutput(schema, output, CBOR_DIALECT));
  },

  failure(fault: WireFault): WireResponse {
    return response(fault.status, { __type: `${SHAPE_NAMESPACE}#${fault.type}`, message: fault.message });
  },
};

function response(status: number, value: unknown): WireResponse {
  return {
    status,
    headers: { 'content-type': CBOR_CONTENT_TYPE, 'smithy-protocol': RPC_V2_CBOR },
    body: cbor.serialize(value),
  };
}
