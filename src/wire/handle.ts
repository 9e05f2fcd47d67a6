import { isGameLiftError } from '../api/errors.ts';
import { isOperationName } from '../api/operations.ts';
import type { Simulation } from '../api/simulation.ts';
import { thrownMessage } from '../api/thrown.ts';
import { AWS_JSON_1_1 } from './aws-json.ts';
import { bodyBytes, bytesOf, quote, type WireAnswer, type WireFault, type WireRequest, type WireResponse } from './messages.ts';
import { operationShapes } from './operation-schemas.ts';
import { SERIALIZATION, UNKNOWN_OPERATION, type Protocol } from './protocol.ts';
import { readInput } from './read-input.ts';
import { withRequestId } from './request-id.ts';
import { RPC_V2_CBOR_PROTOCOL, isRpcV2Cbor } from './rpc-v2-cbor.ts';
import { THROTTLING, THROTTLING_MESSAGE, throttleOf, type Throttle } from './throttle.ts';

/** How {@link handle} treats one simulation's requests; transports pass the same options on every request. */
export interface HandleOptions {
  /** WR-5's rates: by default the simulation's account-wide {@link throttleOf}; `false` admits every request. */
  readonly throttle?: Throttle | false;
  /** Told of each simulator defect that was answered with InternalServiceException, so a transport can log it. */
  readonly onDefect?: (error: unknown) => void;
}

/** The exception answered with 500 (WR-2): a server fault the simulator reports, or a simulator defect. */
export const INTERNAL_SERVICE = 'InternalServiceException';

/**
 * Serves one GameLift request against `sim`: the wire codec both transports share, with no I/O of its own.
 *
 * Reads AWS JSON 1.1 (WR-1) or, when the request is framed for it, Smithy RPC v2 CBOR (WR-4); throttles at
 * GameLift's rates (WR-5); checks the body against the operation's input shape in the SDK's schemas, turning wire
 * timestamps into Dates (WR-3); runs `sim.execute`; and writes the output or the exception (WR-2). It always
 * answers, with an `x-amzn-RequestId` drawn from the seed ({@link withRequestId}), and never with 5xx except InternalServiceException: for a fault the simulator reports, or for any other
 * error thrown inside, which is a simulator defect.
 */
export function handle(sim: Simulation, request: WireRequest, options: HandleOptions = {}): WireResponse {
  return bytesOf(answer(sim, request, options));
}

/** {@link handle}'s answer before its body is bytes, for the HTTP server, which writes a JSON body as text. */
export function answer(sim: Simulation, request: WireRequest, options: HandleOptions = {}): WireAnswer {
  const protocol = protocolOf(request);
  let response: WireAnswer;
  try {
    response = serve(sim, protocol, request, options);
  } catch (error) {
    options.onDefect?.(error);
    response = protocol.failure(defectFault(error));
  }
  return withRequestId(sim, response);
}

/** A fault framed in the protocol `request` speaks, for a transport that refuses it before {@link handle} runs. */
export function refuse(request: WireRequest, fault: WireFault): WireResponse {
  return bytesOf(protocolOf(request).failure(fault));
}

/** A simulator defect as the protocol `request` speaks answers it: 500 InternalServiceException. */
export function refuseDefect(request: WireRequest, error: unknown): WireResponse {
  return refuse(request, defectFault(error));
}

/** The GameLift operation a request names, when it names one the simulator implements. */
export function operationOf(request: WireRequest): string | undefined {
  const target = protocolOf(request).targetOf(request);
  return 'operation' in target && isOperationName(target.operation) ? target.operation : undefined;
}

function protocolOf(request: WireRequest): Protocol {
  return isRpcV2Cbor(request) ? RPC_V2_CBOR_PROTOCOL : AWS_JSON_1_1;
}

function serve(sim: Simulation, protocol: Protocol, request: WireRequest, options: HandleOptions): WireAnswer {
  const target = protocol.targetOf(request);
  if ('fault' in target) return protocol.failure(target.fault);
  const { operation } = target;
  if (!isOperationName(operation)) {
    return protocol.failure(fault(UNKNOWN_OPERATION, `the simulator does not implement GameLift operation ${JSON.stringify(quote(operation))}`));
  }
  const shapes = operationShapes(operation);
  if (shapes === undefined) throw new Error(`@aws-sdk/client-gamelift has no schema for implemented operation ${operation}`);

  const throttle = options.throttle ?? throttleOf(sim);
  if (throttle !== false && !throttle.admit(operation, sim.nowMs)) return protocol.failure(fault(THROTTLING, THROTTLING_MESSAGE));

  let body: unknown;
  try {
    body = protocol.decodeBody(bodyBytes(request));
  } catch (error) {
    return protocol.failure(fault(SERIALIZATION, `the body must be well-formed ${protocol.encoding}: ${messageOf(error)}`));
  }
  const read = readInput(shapes.input, body, protocol.dialect);
  if (!read.ok) {
    const { path, expected, got } = read.problem;
    return protocol.failure(fault(SERIALIZATION, `${path} must be ${expected}, got ${got}`));
  }

  let output: unknown;
  try {
    output = sim.execute(operation, read.input, read.recordedBy ?? read.canonical);
  } catch (error) {
    if (!isGameLiftError(error)) throw error;
    const status = error.name === INTERNAL_SERVICE || error.$fault === 'server' ? 500 : 400;
    return protocol.failure({ status, type: error.name, message: error.message });
  }
  return protocol.success(shapes.output, output);
}

function fault(type: string, message: string): WireFault {
  return { status: 400, type, message };
}

/** How a simulator defect is answered: 500 InternalServiceException naming what went wrong. */
export function defectFault(error: unknown): WireFault {
  return { status: 500, type: INTERNAL_SERVICE, message: `the simulator failed to serve the request (a defect): ${messageOf(error)}` };
}

function messageOf(error: unknown): string {
  return quote(thrownMessage(error));
}
