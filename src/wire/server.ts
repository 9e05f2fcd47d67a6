import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulation } from '../api/simulation.ts';
import { controlResponse, isControlRequest } from './control.ts';
import { handle, refuse, refuseDefect } from './handle.ts';
import type { WireRequest, WireResponse } from './messages.ts';
import { SERIALIZATION } from './protocol.ts';
import { ServerClock, type ClockMode } from './server-clock.ts';
import type { Throttle } from './throttle.ts';

/**
 * The largest request body the server reads: GameLift's largest inputs (GameSessionData up to 262,144 characters,
 * MatchmakerData up to 390,000) fit even when JSON escapes every character; a larger body is refused with 413
 * before it is read in full, so no client can make the server hold more.
 */
export const REQUEST_BODY_BYTES_MAX = 4 * 1024 * 1024;

/** Loopback: the server is a test double, not a service to expose. */
export const DEFAULT_HOST = '127.0.0.1';
/** The port `serve` listens on unless told otherwise. */
export const DEFAULT_PORT = 9080;

/** How {@link startServer} listens and keeps time; every member has a default. */
export interface ServerOptions {
  /** Where to listen; loopback unless told otherwise. */
  readonly host?: string;
  /** 0 picks a free port; {@link SimulatorServer.port} tells which. */
  readonly port?: number;
  readonly clock?: ClockMode;
  /** The monotonic wall clock a realtime clock follows, in milliseconds; tests pass their own. */
  readonly wallMs?: () => number;
  /** WR-5's rates, as for {@link handle}. */
  readonly throttle?: Throttle | false;
  /** Where simulator defects are reported; standard error by default. */
  readonly log?: (line: string) => void;
}

/** A running server, as {@link startServer} hands it back. */
export interface SimulatorServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly clock: ServerClock;
  /** Stops accepting, closes every connection and resolves once the server is down. */
  close(): Promise<void>;
}

/**
 * Serves `sim` over HTTP to any GameLift client (boto3, the AWS CLI, the SDKs) through the shared codec
 * ({@link handle}, WR-1..WR-5), plus the simulator's `/_sim/` endpoints. Requests are served strictly one at a time,
 * in the order their bodies finish arriving: each is served synchronously, clock sync included, so no two
 * interleave. The server never stops on a bad request: whatever fails inside answers InternalServiceException.
 */
export async function startServer(sim: Simulation, options: ServerOptions = {}): Promise<SimulatorServer> {
  const host = options.host ?? DEFAULT_HOST;
  const clock = new ServerClock(sim, options.clock ?? 'realtime', options.wallMs);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const handleOptions = {
    throttle: options.throttle,
    onDefect: (error: unknown) => log(`gamelift-sim: defect: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  };

  const serveOne = (request: WireRequest): WireResponse => {
    try {
      clock.sync();
      return isControlRequest(request) ? controlResponse(sim, clock, request) : handle(sim, request, handleOptions);
    } catch (error) {
      handleOptions.onDefect(error);
      return refuseDefect(request, error);
    }
  };

  const server = createServer((req, res) => receive(req, res, serveOne));
  await listen(server, options.port ?? DEFAULT_PORT, host);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    clock,
    close: once(() => close(server)),
  };
}

/** Reads one request's body within {@link REQUEST_BODY_BYTES_MAX}, then answers it with `serveOne`. */
function receive(req: IncomingMessage, res: ServerResponse, serveOne: (request: WireRequest) => WireResponse): void {
  const head = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers };
  const tooLarge = (): void => {
    const refusal = refuse({ ...head, body: '' }, {
      status: 413, type: SERIALIZATION, message: `the request body must be at most ${REQUEST_BODY_BYTES_MAX} bytes`,
    });
    // The rest of the body is never read; closing the connection is the only way to be rid of it.
    send(res, { ...refusal, headers: { ...refusal.headers, connection: 'close' } });
  };
  if (Number(req.headers['content-length']) > REQUEST_BODY_BYTES_MAX) {
    tooLarge();
    return;
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    bytes += chunk.length;
    if (bytes > REQUEST_BODY_BYTES_MAX) {
      refused = true;
      tooLarge();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (!refused) send(res, serveOne({ ...head, body: Buffer.concat(chunks) }));
  });
  // A client that goes away mid-request gets no answer; there is nobody left to give it to.
  req.on('error', () => {});
}

function send(res: ServerResponse, response: WireResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.byteLength) });
  res.end(response.body);
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

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}
