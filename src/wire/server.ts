import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Simulation } from '../api/simulation.ts';
import { controlResponse, isControlRequest, transportFaultsOf, type ControlResponse, type StreamedResponse } from './control.ts';
import { answer, operationOf, refuse, refuseDefect } from './handle.ts';
import type { WireAnswer, WireFault, WireRequest } from './messages.ts';
import { SERIALIZATION } from './protocol.ts';
import { withRequestId } from './request-id.ts';
import { ServerClock, type ClockMode } from './server-clock.ts';
import type { Throttle } from './throttle.ts';

/**
 * The largest request body the server reads: GameLift's largest inputs (GameSessionData up to 262,144 characters,
 * MatchmakerData up to 390,000) fit even when JSON escapes every character; a larger body is refused with 413
 * before it is read in full, so no client can make the server hold more.
 */
export const REQUEST_BODY_BYTES_MAX = 4 * 1024 * 1024;
/**
 * The most request-body bytes the server holds at once, over all connections: sixteen of the largest bodies. A
 * request that would take more is refused with 503 (a client retries it later), so that many slow uploads cannot
 * make the server hold gigabytes.
 */
export const IN_FLIGHT_BODY_BYTES_MAX = 16 * REQUEST_BODY_BYTES_MAX;
/** The most connections the server serves at once; a request on one beyond is answered 503 and its connection closed. */
export const CONNECTIONS_MAX = 512;
/** How long a connection beyond {@link CONNECTIONS_MAX} may stay idle before it is closed. */
const OVER_LIMIT_IDLE_MS = 5_000;
/** How long a graceful shutdown waits for the requests in flight before it closes their connections anyway. */
export const SHUTDOWN_WAIT_MS = 10_000;

/** Loopback: the server is a test double, not a service to expose. */
export const DEFAULT_HOST = '127.0.0.1';
/** The port `serve` listens on unless told otherwise. */
export const DEFAULT_PORT = 9080;

/** How {@link startServer} listens and keeps time; every member has a default. */
export interface ServerOptions {
  /** Where to listen; loopback unless told otherwise (anything else is served, with a warning). */
  readonly host?: string;
  /** 0 picks a free port; {@link SimulatorServer.port} tells which. */
  readonly port?: number;
  readonly clock?: ClockMode;
  /** Virtual seconds per wall second of a realtime clock; 1 unless told otherwise. */
  readonly speed?: number;
  /** The monotonic wall clock a realtime clock follows, in milliseconds; tests pass their own. */
  readonly wallMs?: () => number;
  /** WR-5's rates, as for {@link handle}. */
  readonly throttle?: Throttle | false;
  /** Where warnings and simulator defects are reported; standard error by default. */
  readonly log?: (line: string) => void;
  /** The limits, lower in tests: {@link CONNECTIONS_MAX}, {@link IN_FLIGHT_BODY_BYTES_MAX}, {@link SHUTDOWN_WAIT_MS}. */
  readonly limits?: Partial<ServerLimits>;
}

/** The server's bounds on what clients may make it hold, and on how long it waits to shut down. */
export interface ServerLimits {
  readonly connections: number;
  readonly inFlightBodyBytes: number;
  readonly shutdownWaitMs: number;
}

/** A running server, as {@link startServer} hands it back. */
export interface SimulatorServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly clock: ServerClock;
  /**
   * Shuts down gracefully: stops accepting, lets the requests in flight finish (closing their connections after
   * their answers), and after {@link SHUTDOWN_WAIT_MS} closes whatever is left. Resolves once the server is down.
   */
  close(): Promise<void>;
  /** Closes every connection at once, in flight or not. */
  closeNow(): void;
}

/**
 * Serves `sim` over HTTP to any GameLift client (boto3, the AWS CLI, the SDKs) through the shared codec
 * ({@link handle}, WR-1..WR-5), plus the simulator's `/_sim/` endpoints. Requests are served strictly one at a time,
 * in the order their bodies finish arriving: each is served synchronously, clock sync included, so no two
 * interleave (only the full event dump is written a chunk at a time, between other requests). The server never
 * stops on a bad request: whatever fails inside answers InternalServiceException. Every answer carries an
 * `x-amzn-RequestId` from the seed and a `Date` at the virtual time, never the wall clock's.
 */
export async function startServer(sim: Simulation, options: ServerOptions = {}): Promise<SimulatorServer> {
  const host = options.host ?? DEFAULT_HOST;
  const clock = new ServerClock(sim, options.clock ?? 'realtime', options.wallMs, options.speed);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const limits: ServerLimits = {
    connections: CONNECTIONS_MAX, inFlightBodyBytes: IN_FLIGHT_BODY_BYTES_MAX, shutdownWaitMs: SHUTDOWN_WAIT_MS, ...options.limits,
  };
  const handleOptions = {
    throttle: options.throttle,
    onDefect: (error: unknown) => log(`gamelift-sim: defect: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  };

  const serveOne = (request: WireRequest): Served => {
    try {
      clock.sync();
      if (isControlRequest(request)) return { response: withRequestId(sim, controlResponse(sim, clock, request)) };
      const faults = transportFaultsOf(sim);
      const operation = faults === undefined ? undefined : operationOf(request);
      if (faults === undefined || operation === undefined) return { response: answer(sim, request, handleOptions) };
      // The in-process client's questions in its order (refusal, then loss once served, then delay): the same draws.
      const refusal = faults.refusal(operation);
      const response = refusal === undefined ? answer(sim, request, handleOptions) : withRequestId(sim, refuse(request, refusal));
      const lose = refusal === undefined && faults.loses(operation);
      // Delay rules exist only under a realtime clock (the control plane refuses them under a manual one): virtual
      // ms are held as wall ms at the clock's speed.
      return { response, lose, delayWallMs: faults.delayMs(operation) / clock.speed };
    } catch (error) {
      handleOptions.onDefect(error);
      return { response: withRequestId(sim, refuseDefect(request, error)) };
    }
  };

  const state: ServingState = { sim, limits, closing: false, connections: 0, inFlightBodyBytes: 0, overLimit: new WeakSet() };
  const server = createServer((req, res) => receive(req, res, state, serveOne));
  server.on('connection', (socket: Socket) => {
    if (state.connections >= limits.connections) {
      state.overLimit.add(socket);
      // One that never sends a request to be refused must not hold its socket for long either.
      socket.setTimeout(OVER_LIMIT_IDLE_MS, () => socket.destroy());
      return;
    }
    state.connections++;
    socket.once('close', () => state.connections--);
  });

  await listen(server, options.port ?? DEFAULT_PORT, host);
  if (!isLoopback(host)) {
    log(`gamelift-sim: warning: listening on ${host}, beyond loopback: anyone who can reach this address can drive the simulation, and nothing is authenticated`);
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    clock,
    close: once(() => {
      state.closing = true;
      return close(server, limits.shutdownWaitMs);
    }),
    closeNow: () => server.closeAllConnections(),
  };
}

/** An answer, and what the transport faults do to it on its way: lose it (the socket is closed), or hold it back. */
interface Served {
  readonly response: ControlResponse | WireAnswer;
  readonly lose?: boolean;
  readonly delayWallMs?: number;
}

interface ServingState {
  readonly sim: Simulation;
  readonly limits: ServerLimits;
  closing: boolean;
  connections: number;
  inFlightBodyBytes: number;
  /** Connections beyond {@link ServerLimits.connections}: their requests are refused. */
  readonly overLimit: WeakSet<Socket>;
}

/**
 * Reads one request's body within {@link REQUEST_BODY_BYTES_MAX} and the server's budget of bytes in flight, then
 * answers it with `serveOne`.
 */
function receive(req: IncomingMessage, res: ServerResponse, state: ServingState, serveOne: (request: WireRequest) => Served): void {
  // Node would add the wall clock's Date; answers carry the virtual time's instead (see `send`).
  res.sendDate = false;
  if (state.overLimit.has(req.socket)) {
    refuseAndClose(req, res, state, { status: 503, type: 'ServiceUnavailableException', message: `the simulator serves at most ${state.limits.connections} connections at once; retry later` });
    return;
  }
  const declared = Math.max(0, Number(req.headers['content-length'] ?? 0) || 0);
  const early = declared > REQUEST_BODY_BYTES_MAX ? tooLarge()
    : state.inFlightBodyBytes + declared > state.limits.inFlightBodyBytes ? tooMuchInFlight(state) : undefined;
  if (early !== undefined) {
    refuseAndClose(req, res, state, early);
    return;
  }
  // Per request, only callbacks passed inline: the CLI runs through tsx, which names every function bound to a
  // variable with a property definition, a cost paid on each request for each such closure.
  const body = new IncomingBody(state, declared);
  req.on('data', (chunk: Buffer) => {
    const refusal = body.take(chunk);
    if (refusal !== undefined) refuseAndClose(req, res, state, refusal);
  });
  req.on('end', () => {
    body.release();
    if (body.refused) return;
    const { response, lose = false, delayWallMs = 0 } = serveOne({
      method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, headersLowerCase: true, body: body.bytes(),
    });
    if (delayWallMs > 0) setTimeout(deliver, delayWallMs, res, state, response, lose);
    else deliver(res, state, response, lose);
  });
  // A client that goes away mid-request gets no answer; there is nobody left to give it to.
  req.on('error', () => body.release());
  req.on('close', () => body.release());
}

/**
 * One request's body as it arrives, within {@link REQUEST_BODY_BYTES_MAX} and the server's budget of bytes in flight,
 * of which it holds its declared length up front, or what has arrived when it declared none.
 */
class IncomingBody {
  /** Set once a chunk was refused: the rest of the body is ignored, and nothing is served. */
  refused = false;
  #held: number;
  #bytes = 0;
  readonly #chunks: Buffer[] = [];

  constructor(private readonly state: ServingState, declared: number) {
    this.#held = declared;
    state.inFlightBodyBytes += declared;
  }

  /** Keeps `chunk`, or answers why the request is refused instead (and gives back what it held). */
  take(chunk: Buffer): WireFault | undefined {
    if (this.refused) return undefined;
    const { state } = this;
    this.#bytes += chunk.length;
    const extra = this.#bytes - this.#held;
    const refusal = this.#bytes > REQUEST_BODY_BYTES_MAX ? tooLarge()
      : extra > 0 && state.inFlightBodyBytes + extra > state.limits.inFlightBodyBytes ? tooMuchInFlight(state) : undefined;
    if (refusal !== undefined) {
      this.refused = true;
      this.release();
      return refusal;
    }
    if (extra > 0) {
      state.inFlightBodyBytes += extra;
      this.#held = this.#bytes;
    }
    this.#chunks.push(chunk);
    return undefined;
  }

  /** Gives back what the body held of the budget; once (later calls give back nothing). */
  release(): void {
    this.state.inFlightBodyBytes -= this.#held;
    this.#held = 0;
  }

  /** The body as one buffer. */
  bytes(): Buffer {
    return this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
  }
}

function tooLarge(): WireFault {
  return { status: 413, type: SERIALIZATION, message: `the request body must be at most ${REQUEST_BODY_BYTES_MAX} bytes` };
}

function tooMuchInFlight(state: ServingState): WireFault {
  return {
    status: 503, type: 'ServiceUnavailableException',
    message: `the simulator holds at most ${state.limits.inFlightBodyBytes} bytes of request bodies at once; retry later`,
  };
}

/** Refuses a request and closes its connection: the rest of a refused body is never read, and that is the only way to be rid of it. */
function refuseAndClose(req: IncomingMessage, res: ServerResponse, state: ServingState, fault: WireFault): void {
  const refusal = withRequestId(state.sim, refuse({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, headersLowerCase: true, body: '' }, fault));
  send(res, state, { ...refusal, headers: { ...refusal.headers, connection: 'close' } });
}

/** Sends a served answer, or loses it: the call took effect, and the connection drops before any answer, as when a network fails. */
function deliver(res: ServerResponse, state: ServingState, response: Served['response'], lose: boolean): void {
  if (lose) res.socket?.destroy();
  else send(res, state, response);
}

function send(res: ServerResponse, state: ServingState, response: ControlResponse | WireAnswer): void {
  if (res.headersSent || res.destroyed) return;
  // Names and values in one list, as node's writeHead takes them: no header object to build and walk per answer.
  const head: string[] = [];
  for (const name in response.headers) head.push(name, response.headers[name]!);
  head.push('date', httpDateOf(state.sim.nowMs));
  // A server shutting down closes each connection after its answer, so that its clients reconnect elsewhere.
  if (state.closing && response.headers.connection === undefined) head.push('connection', 'close');
  if (!('body' in response)) {
    void stream(res, response, head);
    return;
  }
  const { body } = response;
  head.push('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength));
  res.writeHead(response.status, head);
  res.end(body);
}

/** Writes a streamed answer a chunk at a time, yielding to other requests (and to a full socket) between chunks. */
async function stream(res: ServerResponse, response: StreamedResponse, head: readonly string[]): Promise<void> {
  res.writeHead(response.status, head as string[]);
  for (const chunk of response.chunks) {
    if (res.destroyed) return;
    const flushed = res.write(chunk);
    await new Promise<void>((resolve) => {
      if (flushed) setImmediate(resolve);
      else {
        res.once('drain', resolve);
        res.once('close', resolve);
      }
    });
  }
  res.end();
}

let lastDate = { ms: NaN, text: '' };

/** The HTTP date of a virtual time, computed once per distinct second. */
function httpDateOf(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (lastDate.ms !== second) lastDate = { ms: second, text: new Date(second * 1000).toUTCString() };
  return lastDate.text;
}

/** Whether `host` is a loopback address, which only this machine reaches. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function once<T>(f: () => T): () => T {
  let result: { value: T } | undefined;
  return () => (result ??= { value: f() }).value;
}

/** Stops accepting and closes idle connections; those in flight close after their answers, or after `waitMs`. */
function close(server: Server, waitMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => server.closeAllConnections(), waitMs);
    server.close((error) => {
      clearTimeout(deadline);
      if (error === undefined) resolve();
      else reject(error);
    });
    server.closeIdleConnections();
  });
}
