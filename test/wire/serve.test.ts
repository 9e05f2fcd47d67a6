import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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
async function spawnServe(args: string[]): Promise<Served> {
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
  return { child, url, stdout: () => stdout, exit };
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

  it('parses its options with their defaults, and refuses bad values by name', async () => {
    expect(parseServeArgs([])).toEqual({ host: '127.0.0.1', port: 9080, seed: 1, scenario: undefined, clock: 'realtime', help: false });
    expect(parseServeArgs(['--seed', 'night-7', '--port', '0', '--host', '::1', '--clock', 'manual'])).toMatchObject({
      seed: 'night-7', port: 0, host: '::1', clock: 'manual',
    });
    expect(() => parseServeArgs(['--port', '65536'])).toThrow(ServeError);
    expect(() => parseServeArgs(['--port', 'http'])).toThrow(/--port must be an integer/);
    expect(() => parseServeArgs(['--clock', 'fast'])).toThrow(/--clock must be realtime or manual, got "fast"/);
    expect(() => parseServeArgs(['--bogus'])).toThrow(expect.objectContaining({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }));
    await expect(serve(['--host', '203.0.113.1', '--port', '0'])).rejects.toThrow(ServeError);
  });
});
