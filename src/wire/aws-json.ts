import { dateOfEpochSeconds, epochSecondsOf, type Dialect } from './dialect.ts';
import { headerOf, pathOf, quote, type WireAnswer, type WireFault, type WireRequest } from './messages.ts';
import { unknownOperation, type Protocol, type Target } from './protocol.ts';
import { writeOutput } from './write-output.ts';

/** The `X-Amz-Target` prefix of every GameLift operation (WR-1). */
export const GAMELIFT_TARGET_PREFIX = 'GameLift.';
/** The Content-Type of every JSON 1.1 request the SDKs send and of every answer the codec gives them (WR-1). */
export const AWS_JSON_1_1_CONTENT_TYPE = 'application/x-amz-json-1.1';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** JSON carries timestamps as epoch seconds with a millisecond fraction (WR-3) and blobs as base64 text. */
export const JSON_DIALECT: Dialect = {
  readTimestamp: (value) => (typeof value === 'number' ? dateOfEpochSeconds(value) : undefined),
  writeTimestamp: epochSecondsOf,
  readBlob: (value) => (typeof value === 'string' && BASE64.test(value) ? new Uint8Array(Buffer.from(value, 'base64')) : undefined),
  writeBlob: (bytes) => Buffer.from(bytes).toString('base64'),
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * AWS JSON 1.1 (WR-1..WR-3): `POST /` with `X-Amz-Target: GameLift.<Operation>` and a JSON body of PascalCase
 * members; answers 200 with the output as JSON, or 400 (500 for a server fault) with
 * `{"__type": "<Name>", "message": "…"}` and the name again in `x-amzn-ErrorType`.
 *
 * [C] The body is read as JSON whatever its Content-Type says, so that `curl -d` works as well as the SDKs do.
 */
export const AWS_JSON_1_1: Protocol = {
  encoding: 'JSON',
  dialect: JSON_DIALECT,

  targetOf(request: WireRequest): Target {
    const path = pathOf(request);
    if (request.method !== 'POST' || path !== '/') {
      return unknownOperation(`GameLift answers POST / (AWS JSON 1.1) and POST /service/GameLift/operation/<Operation> (RPC v2 CBOR), got ${request.method} ${quote(path)}`);
    }
    const target = headerOf(request, 'x-amz-target');
    if (target === undefined) return unknownOperation(`X-Amz-Target must name the operation as ${GAMELIFT_TARGET_PREFIX}<Operation>, got nothing`);
    if (!target.startsWith(GAMELIFT_TARGET_PREFIX)) {
      return unknownOperation(`X-Amz-Target must name the operation as ${GAMELIFT_TARGET_PREFIX}<Operation>, got ${JSON.stringify(quote(target))}`);
    }
    return { operation: target.slice(GAMELIFT_TARGET_PREFIX.length) };
  },

  decodeBody(body: Uint8Array): unknown {
    const text = utf8.decode(body);
    // [C] An empty body is an empty input, as for an operation whose members are all optional.
    return text.trim() === '' ? {} : JSON.parse(text);
  },

  success(schema, output) {
    return { status: 200, headers: JSON_HEADERS, body: JSON.stringify(writeOutput(schema, output, JSON_DIALECT)) };
  },

  failure(fault: WireFault): WireAnswer {
    return json(fault.status, { 'x-amzn-errortype': fault.type }, { __type: fault.type, message: fault.message });
  },
};

const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': AWS_JSON_1_1_CONTENT_TYPE };

function json(status: number, headers: Record<string, string>, value: unknown): WireAnswer {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(value) };
}
