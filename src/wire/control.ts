import type { Simulation } from '../api/simulation.ts';
import { bodyBytes, pathOf, quote, type WireRequest, type WireResponse } from './messages.ts';
import { ADVANCE_SECONDS_MAX, type ServerClock } from './server-clock.ts';

/** Where the simulator's own endpoints live, beside GameLift's `POST /`. */
export const CONTROL_PREFIX = '/_sim/';

/** Whether `request` is for the simulator's own endpoints rather than for GameLift. */
export function isControlRequest(request: WireRequest): boolean {
  return pathOf(request).startsWith(CONTROL_PREFIX);
}

/**
 * The simulator's own HTTP endpoints, which no GameLift client sends:
 * - `POST /_sim/advance` with `{"seconds": N}` jumps virtual time forward (with either clock) and answers
 *   `{"nowMs": …, "now": "<ISO-8601>"}`;
 * - `GET /_sim/events` answers the placement events emitted so far (PL-10), oldest first, as a JSON array.
 * Errors answer `{"__type", "message"}` like GameLift's, with 400, 404 or 405.
 */
export function controlResponse(sim: Simulation, clock: ServerClock, request: WireRequest): WireResponse {
  const path = pathOf(request);
  if (path === `${CONTROL_PREFIX}advance`) {
    if (request.method !== 'POST') return error(405, 'MethodNotAllowed', `${path} takes POST, got ${request.method}`);
    const seconds = secondsOf(bodyBytes(request));
    if (typeof seconds === 'string') return error(400, 'InvalidRequestException', seconds);
    clock.advanceBy(seconds);
    return json(200, { nowMs: sim.nowMs, now: sim.now.toISOString() });
  }
  if (path === `${CONTROL_PREFIX}events`) {
    if (request.method !== 'GET') return error(405, 'MethodNotAllowed', `${path} takes GET, got ${request.method}`);
    return json(200, sim.placementEvents());
  }
  return error(404, 'NotFound', `the simulator's endpoints are POST ${CONTROL_PREFIX}advance and GET ${CONTROL_PREFIX}events, got ${quote(path)}`);
}

/** The body's `seconds`, or the reason it has none that the clock accepts. */
function secondsOf(body: Uint8Array): number | string {
  const expected = `the body must be {"seconds": N} with 0 ≤ N ≤ ${ADVANCE_SECONDS_MAX}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return `${expected}, got a body that is not JSON`;
  }
  const seconds: unknown = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>).seconds : undefined;
  if (typeof seconds !== 'number' || !(seconds >= 0 && seconds <= ADVANCE_SECONDS_MAX)) {
    return `${expected}, got ${JSON.stringify(seconds) ?? 'no seconds'}`;
  }
  return seconds;
}

function error(status: number, type: string, message: string): WireResponse {
  return json(status, { __type: type, message });
}

function json(status: number, value: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: new TextEncoder().encode(JSON.stringify(value)) };
}
