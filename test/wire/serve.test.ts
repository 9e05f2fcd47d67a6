import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeFleetAttributesCommand,
  DescribeGameSessionQueuesCommand,
  GameLiftClient,
} from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { ServeError, parseServeArgs, serve } from '../../src/cli/serve.ts';
import { SIMULATOR_CREDENTIALS } from '../../src/wire/client.ts';

const MAIN = fileURLToPath(new URL('./fixtures/serve-main.ts', import.meta.url));
const SCENARIO = fileURLToPath(new URL('./fixtures/small-scenario.json', import.meta.url));
const LISTENING = /^gamelift-sim listening on (http:\/\/127\.0\.0\.1:(\d+))\n$/;

interface Served {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  stdout(): string;
  exit: Promise<number | null>;
}

/** Spawns `serve` with `args` and waits for its one line on standard output. */
async function spawnServe(args: string[]): Promise<Served & { stderr(): string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--no-warnings', MAIN, ...args], { cwd: process.cwd() });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = LISTENING.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exit.then((code) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)));
  });
  return { child, url, stdout: () => stdout, stderr: () => stderr, exit };
}

/** A DescribeFleetAttributes request on a raw connection, its body half sent until `finish`. */
async function halfSent(port: number, body: string): Promise<{ finish: () => void; answer: Promise<string> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let text = '';
  const answer = new Promise<string>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  socket.write(`POST / HTTP/1.1\r\nhost: x\r\nx-amz-target: GameLift.DescribeFleetAttributes\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, half)}`);
  return { finish: () => socket.write(body.slice(half)), answer };
}

function clientOf(url: string, region: string): GameLiftClient {
  return new GameLiftClient({ endpoint: url, region, credentials: SIMULATOR_CREDENTIALS, maxAttempts: 1 });
}

describe('gamelift-sim serve', () => {
  it('prints exactly its listening line with the real port, serves a scenario, and exits cleanly on SIGTERM', async () => {
    const served = await spawnServe(['--port', '0', '--clock', 'manual', '--seed', '7', '--scenario', SCENARIO]);
    const client = clientOf(served.url, 'eu-west-1');
    const queues = await client.send(new DescribeGameSessionQueuesCommand({}));
    expect(queues.GameSessionQueues?.map((q) => q.Name)).toEqual(['casual']);
    const fleets = await client.send(new DescribeFleetAttributesCommand({}));
    expect(fleets.FleetAttributes?.map((f) => f.Status)).toEqual(['ACTIVE']);
    served.child.kill('SIGTERM');
    expect(await served.exit).toBe(0);
    expect(served.stdout()).toMatch(LISTENING);
  });

  it('exits cleanly on SIGINT too, with keep-alive clients still connected', async () => {
    const served = await spawnServe(['--port', '0']);
    await clientOf(served.url, 'us-west-2').send(new DescribeFleetAttributesCommand({}));
    served.child.kill('SIGINT');
    expect(await served.exit).toBe(0);
  });

  it('explains throttling under --clock manual on its startup line, with the flag that switches it off', async () => {
    const served = await spawnServe(['--port', '0', '--clock', 'manual']);
    served.child.kill('SIGTERM');
    expect(await served.exit).toBe(0);
    expect(served.stderr()).toMatch(/after 500 calls in one virtual instant every call is throttled until POST \/_sim\/advance moves time; --no-throttle switches it off/);
  });

  it('on SIGTERM finishes the requests in flight (none reset) before exiting 0; a second signal exits at once', async () => {
    const served = await spawnServe(['--port', '0', '--clock', 'manual']);
    const { port } = new URL(served.url);
    const body = '{"Limit": 1}';
    // Sixteen requests whose bodies are half sent when the signal arrives.
    const inFlight = await Promise.all(Array.from({ length: 16 }, () => halfSent(Number(port), body)));
    // Until the server has read a request's head, its connection is idle, and idle connections close at once.
    await new Promise((resolve) => setTimeout(resolve, 500));
    served.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const request of inFlight) request.finish();
    const answers = await Promise.all(inFlight.map((r) => r.answer));
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 200 [^]*connection: close[^]*\{"FleetAttributes":\[\]\}$/i);
    expect(await served.exit).toBe(0);

    const again = await spawnServe(['--port', '0', '--clock', 'manual']);
    const stuck = await halfSent(Number(new URL(again.url).port), body);
    // Its connection is cut when the process exits: that is what a second signal asks for.
    const cut = stuck.answer.catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 500));
    again.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    again.child.kill('SIGTERM');
    expect(await again.exit).toBe(128 + 15);
    await cut;
  });

  it('parses its options with their defaults, and refuses bad values by name', async () => {
    expect(parseServeArgs([])).toEqual({
      host: '127.0.0.1', port: 9080, seed: 1, scenario: undefined, from: undefined, clock: 'realtime', speed: 1, throttle: true, retention: {}, help: false,
    });
    expect(parseServeArgs(['--retention-game-sessions-days', '0.5', '--retention-placements-hours', '2'])).toMatchObject({ retention: { gameSessionsDays: 0.5, placementsHours: 2 } });
    expect(() => parseServeArgs(['--retention-placements-hours', '0.5'])).toThrow(/--retention-placements-hours must be a number in 1–720, got "0.5"/);
    expect(() => parseServeArgs(['--retention-game-sessions-days', '31'])).toThrow(/--retention-game-sessions-days must be a number/);
    expect(() => parseServeArgs(['--retention-placements-hours', '2', '--scenario', SCENARIO])).toThrow(/set retention in the scenario file/);
    expect(parseServeArgs(['--speed', '60', '--no-throttle'])).toMatchObject({ speed: 60, throttle: false });
    expect(() => parseServeArgs(['--speed', '0'])).toThrow(/--speed must be a number/);
    expect(() => parseServeArgs(['--speed', '2', '--clock', 'manual'])).toThrow(/--speed applies to --clock realtime/);
    expect(parseServeArgs(['--seed', 'night-7', '--port', '0', '--host', '::1', '--clock', 'manual'])).toMatchObject({
      seed: 'night-7', port: 0, host: '::1', clock: 'manual',
    });
    expect(() => parseServeArgs(['--port', '65536'])).toThrow(ServeError);
    expect(() => parseServeArgs(['--port', 'http'])).toThrow(/--port must be an integer/);
    expect(() => parseServeArgs(['--clock', 'fast'])).toThrow(/--clock must be realtime or manual, got "fast"/);
    expect(() => parseServeArgs(['--bogus'])).toThrow(expect.objectContaining({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }));
    await expect(serve(['--host', '203.0.113.1', '--port', '0'])).rejects.toThrow(ServeError);
    expect(() => parseServeArgs(['--from', 'x.snapshot', '--scenario', SCENARIO])).toThrow('--from serves the snapshot\'s own world and seed: --scenario does not apply');
    expect(() => parseServeArgs(['--from', 'x.snapshot', '--seed', '2'])).toThrow(/--seed does not apply/);
    await expect(serve(['--from', SCENARIO, '--port', '0'])).rejects.toThrow(/--from .*: not a gamelift-sim snapshot/);
  });

  it('DT-3: POST /_sim/snapshot answers the simulation as bytes, and serve --from goes on from them with the same state', async () => {
    const served = await spawnServe(['--port', '0', '--clock', 'manual', '--seed', '7', '--scenario', SCENARIO]);
    const post = (url: string, path: string, body = ''): Promise<Response> => fetch(`${url}${path}`, { method: 'POST', body });
    await post(served.url, '/_sim/advance', '{"seconds": 90}');
    const answer = await post(served.url, '/_sim/snapshot');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/octet-stream');
    const bytes = new Uint8Array(await answer.arrayBuffer());
    const state = await (await fetch(`${served.url}/_sim/state`)).json() as Record<string, unknown>;
    served.child.kill('SIGTERM');
    await served.exit;

    const dir = mkdtempSync(join(tmpdir(), 'gamelift-sim-serve-'));
    writeFileSync(join(dir, 'served.snapshot'), bytes);
    const again = await spawnServe(['--port', '0', '--clock', 'manual', '--from', join(dir, 'served.snapshot')]);
    const restored = await (await fetch(`${again.url}/_sim/state`)).json() as Record<string, unknown>;
    expect(restored).toEqual(state);
    const queues = await clientOf(again.url, 'eu-west-1').send(new DescribeGameSessionQueuesCommand({}));
    expect(queues.GameSessionQueues?.map((q) => q.Name)).toEqual(['casual']);
    again.child.kill('SIGTERM');
    expect(await again.exit).toBe(0);
  });
});
