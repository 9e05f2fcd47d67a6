/**
 * Serve throughput: DescribeGameSessions (Limit 10) over HTTP from 64 keep-alive connections, against the
 * simulator's server with throttling off and, side by side, against a bare `node:http` server that parses the same
 * JSON request and answers the same JSON body. Each server runs in a child process of its own, on loopback, while
 * this process drives the load; rounds alternate between the two so that a noisy neighbour hurts both alike, and
 * each round's figures are compared with the other server's in the same pair of rounds. Besides requests per second
 * and latency, each server's CPU time per request (all its threads, user and system, as the child reports it): on a
 * shared machine the most stable of the figures. Bounded: a fixed time per round and a cap on the requests of one round.
 *
 * `node --import tsx bench/serve.ts --target sim|bare` is the child: it prints its port and serves until killed.
 */
import './quiet-sdk.ts';
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Simulation } from '../src/api/simulation.ts';
import { SERVED_TRACE_ENTRIES_KEPT } from '../src/cli/serve.ts';
import { handle } from '../src/wire/handle.ts';
import { startServer } from '../src/wire/server.ts';

const CONNECTIONS = 64;
const GAME_SESSIONS = 1_000;
/** No round sends more, whatever the machine. */
const REQUESTS_PER_ROUND_MAX = 500_000;

/** A world with one ACTIVE fleet and {@link GAME_SESSIONS} game sessions, as `gamelift-sim serve` keeps it; answers the fleet's id. */
function benchWorld(): { sim: Simulation; fleetId: string } {
  const sim = new Simulation({ seed: 'bench-serve', traceEntriesKept: SERVED_TRACE_ENTRIES_KEPT });
  const fleetId = sim.call('CreateFleet', {
    Name: 'bench', BuildId: 'build-bench', EC2InstanceType: 'c5.large',
    RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/game', ConcurrentExecutions: 50 }] },
  }).FleetAttributes!.FleetId!;
  sim.call('UpdateFleetCapacity', { FleetId: fleetId, DesiredInstances: GAME_SESSIONS / 50, MaxSize: GAME_SESSIONS / 50 });
  sim.advanceBy(3600);
  for (let i = 0; i < GAME_SESSIONS; i++) sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 10 });
  sim.advanceBy(60);
  return { sim, fleetId };
}

function requestBody(fleetId: string): string {
  return JSON.stringify({ FleetId: fleetId, Limit: 10 });
}

const HEADERS = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'GameLift.DescribeGameSessions' };

/** The child's side: serve until killed. */
async function serveTarget(kind: string): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  // The parent asks for this process's CPU time before and after each round.
  process.on('message', () => process.send!(process.cpuUsage()));
  const { sim, fleetId } = benchWorld();
  if (kind === 'sim') {
    const server = await startServer(sim, { port: 0, clock: 'manual', throttle: false, log: () => {} });
    process.send!({ port: server.port, fleetId });
    return;
  }
  // The reference: the same answer's value, re-encoded per request as any JSON server would.
  const answer: unknown = JSON.parse(new TextDecoder().decode(
    handle(sim, { method: 'POST', path: '/', headers: HEADERS, body: requestBody(fleetId) }, { throttle: false }).body,
  ));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const body = JSON.stringify(answer);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port, fleetId }));
}

interface Round {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The server's CPU time per request answered, µs. */
  readonly cpuUs: number;
}

/**
 * Drives {@link CONNECTIONS} keep-alive connections at `port` for `seconds`, each sending its next request on the
 * last answer. Raw sockets with the request's bytes prepared once: node's own HTTP client costs more per request
 * than the bare server, and a load generator slower than the server measures itself.
 */
async function drive(port: number, body: string, seconds: number): Promise<Omit<Round, 'cpuUs'> & { requests: number }> {
  const requestBytes = Buffer.from(
    `POST / HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: ${HEADERS['content-type']}\r\n` +
    `x-amz-target: ${HEADERS['x-amz-target']}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  const latencies: number[] = [];
  const endAt = performance.now() + seconds * 1000;
  const connection = (): Promise<void> => new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    let started = 0;
    const next = (): void => {
      if (performance.now() >= endAt || latencies.length >= REQUESTS_PER_ROUND_MAX) {
        socket.end();
        resolve();
        return;
      }
      started = performance.now();
      socket.write(requestBytes);
    };
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const headEnd = pending.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const head = pending.subarray(0, headEnd).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1]);
      if (pending.length < headEnd + 4 + length) return;
      if (!head.startsWith('HTTP/1.1 200')) {
        reject(new Error(`answered ${head.split('\r\n')[0]}`));
        return;
      }
      pending = pending.subarray(headEnd + 4 + length);
      latencies.push(performance.now() - started);
      next();
    });
    socket.on('error', reject);
    socket.on('connect', next);
  });
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, connection));
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { requests: latencies.length, requestsPerSecond: latencies.length / elapsedS, p50Ms: at(0.5), p99Ms: at(0.99) };
}

interface Target {
  readonly child: ChildProcess;
  readonly port: number;
  readonly fleetId: string;
}

async function startTarget(kind: 'sim' | 'bare'): Promise<Target> {
  const child = fork(fileURLToPath(import.meta.url), ['--target', kind], { execArgv: ['--import', 'tsx', '--no-warnings', ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [])] });
  const { port, fleetId } = await new Promise<{ port: number; fleetId: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { port: number; fleetId: string }));
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
  });
  return { child, port, fleetId };
}

/** The child's CPU time so far, µs. */
function cpuOf({ child }: Target): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (usage) => resolve((usage as NodeJS.CpuUsage).user + (usage as NodeJS.CpuUsage).system));
    child.send('cpu');
  });
}

/** One round against `target`, with the CPU time it took the server. */
async function round(target: Target, seconds: number): Promise<Round> {
  const before = await cpuOf(target);
  const { requests, ...driven } = await drive(target.port, requestBody(target.fleetId), seconds);
  return { ...driven, cpuUs: (await cpuOf(target) - before) / requests };
}

/** Runs the side-by-side rounds and prints the ratios (simulator ÷ bare): the median of the rounds' and their range. */
export async function serveThroughput(quick: boolean): Promise<void> {
  const rounds = quick ? 4 : 8;
  const seconds = quick ? 1.5 : 3;
  const targets = { sim: await startTarget('sim'), bare: await startTarget('bare') };
  const results: Record<'sim' | 'bare', Round[]> = { sim: [], bare: [] };
  try {
    for (const kind of ['sim', 'bare'] as const) await drive(targets[kind].port, requestBody(targets[kind].fleetId), 0.5); // warm-up
    for (let i = 0; i < rounds; i++) {
      for (const kind of i % 2 === 0 ? (['sim', 'bare'] as const) : (['bare', 'sim'] as const)) {
        results[kind].push(await round(targets[kind], seconds));
      }
    }
  } finally {
    // Disconnecting lets a child exit on its own, writing its profile when run with BENCH_PROF set.
    for (const { child } of Object.values(targets)) child.disconnect();
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const spread = (values: number[], digits: number): string => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  const ratios = (of: (r: Round) => number): number[] => results.sim.map((r, i) => of(r) / of(results.bare[i]!));
  console.log(`serve, DescribeGameSessions (Limit 10), ${CONNECTIONS} keep-alive connections, throttling off, ${rounds} rounds of ${seconds} s each, alternating; median (range):`);
  for (const kind of ['sim', 'bare'] as const) {
    const of = results[kind];
    console.log(`  ${kind === 'sim' ? 'simulator     ' : 'bare node:http'} ${spread(of.map((r) => r.requestsPerSecond), 0)} req/s, p50 ${spread(of.map((r) => r.p50Ms), 2)} ms, ` +
      `p99 ${spread(of.map((r) => r.p99Ms), 2)} ms, CPU ${spread(of.map((r) => r.cpuUs), 0)} µs/request`);
  }
  console.log(`  ratio, round by round: ${spread(ratios((r) => r.requestsPerSecond), 2)}× the requests per second, p99 ${spread(ratios((r) => r.p99Ms), 2)}×, ` +
    `CPU per request ${spread(ratios((r) => r.cpuUs), 2)}×`);
}

const target = process.argv.indexOf('--target');
if (target !== -1) await serveTarget(process.argv[target + 1]!);
else if (process.argv[1] === fileURLToPath(import.meta.url)) await serveThroughput(process.argv.includes('--quick'));
