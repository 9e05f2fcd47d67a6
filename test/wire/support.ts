import { spawnSync } from 'node:child_process';
import { GameLiftClient, type GameLiftClientConfig } from '@aws-sdk/client-gamelift';
import { SmithyRpcV2CborProtocol } from '@smithy/core/cbor';
import { Simulation } from '../../src/api/simulation.ts';
import { SIMULATOR_CREDENTIALS } from '../../src/wire/client.ts';
import type { WireRequest, WireResponse } from '../../src/wire/messages.ts';
import { startServer, type ServerOptions, type SimulatorServer } from '../../src/wire/server.ts';
import { afterEach } from 'vitest';

/** Wire tests' simulations: short fixed timings, and a start time with a millisecond fraction (WR-3). */
export const START_MS = Date.UTC(2026, 0, 1, 0, 0, 0, 57);
export const FLEET_ACTIVATION_SECONDS = 60;
export const GAME_SESSION_ACTIVATION_SECONDS = 2;

export function wireSimulation(seed: number | string = 1): Simulation {
  return new Simulation({
    seed,
    config: {
      startMs: START_MS,
      timings: {
        fleetActivation: { minSeconds: FLEET_ACTIVATION_SECONDS, maxSeconds: FLEET_ACTIVATION_SECONDS },
        instanceStart: { minSeconds: 30, maxSeconds: 30 },
        gameSessionActivation: { minSeconds: GAME_SESSION_ACTIVATION_SECONDS, maxSeconds: GAME_SESSION_ACTIVATION_SECONDS },
        gameSessionTermination: { minSeconds: 1, maxSeconds: 1 },
        playerConnect: { minSeconds: 5, maxSeconds: 5 },
        placementProcessing: { minSeconds: 1, maxSeconds: 1 },
      },
    },
  });
}

/** A CreateFleet input for an EC2 fleet with `processes` server processes per instance. */
export function fleetInput(processes = 10) {
  return {
    Name: 'wire-fleet',
    BuildId: 'build-wire',
    EC2InstanceType: 'c5.large' as const,
    RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/local/game/server', ConcurrentExecutions: processes }] },
  };
}

/** Creates a fleet through `sim` directly and runs time until it is ACTIVE; returns its id. */
export function activeFleet(sim: Simulation, processes = 10): string {
  const fleetId = sim.call('CreateFleet', fleetInput(processes)).FleetAttributes!.FleetId!;
  sim.advanceBy(FLEET_ACTIVATION_SECONDS + 1);
  return fleetId;
}

/** Client settings for the SDK to speak Smithy RPC v2 CBOR instead of JSON 1.1 (WR-4), as the newer SDKs do. */
export const CBOR_CLIENT: GameLiftClientConfig = {
  protocol: SmithyRpcV2CborProtocol,
  protocolSettings: { defaultNamespace: 'com.amazonaws.gamelift' },
};

/** A real SDK client talking HTTP to `url`, never retrying, so that each call is one request. */
export function httpClient(url: string, sim: Simulation, extra: GameLiftClientConfig = {}): GameLiftClient {
  return new GameLiftClient({
    endpoint: url,
    region: sim.world.config.homeRegion,
    credentials: SIMULATOR_CREDENTIALS,
    maxAttempts: 1,
    ...extra,
  });
}

/** A JSON 1.1 request for `operation` as the SDKs frame it. */
export function jsonRequest(operation: string, body: unknown, headers: Record<string, string> = {}): WireRequest {
  return {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `GameLift.${operation}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

export function textOf(response: WireResponse | { body: Uint8Array }): string {
  return new TextDecoder().decode(response.body);
}

export function jsonOf(response: WireResponse): Record<string, unknown> {
  return JSON.parse(textOf(response)) as Record<string, unknown>;
}

/** POSTs `body` to `url` with `headers`; answers status, headers and text. */
export async function post(url: string, headers: Record<string, string>, body: string | Uint8Array): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Dummy credentials and no user configuration, so that boto3 and the AWS CLI look for no real ones. */
export const CLIENT_ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'AKIDSIMULATOR',
  AWS_SECRET_ACCESS_KEY: 'simulator-secret',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_RETRY_MODE: 'standard',
  AWS_MAX_ATTEMPTS: '1',
};

/** Whether boto3 and the AWS CLI are installed: their tests are skipped where they are not. */
export const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { env: CLIENT_ENV }).status === 0;
export const hasAwsCli = spawnSync('aws', ['--version'], { env: CLIENT_ENV }).status === 0;

/**
 * For a test file's top level: a function that starts a server for `sim` on a free port (manual clock, no log
 * unless `options` say otherwise), each closed after the test that started it.
 */
export function servingInTests(): (sim: Simulation, options?: ServerOptions) => Promise<SimulatorServer> {
  const servers: SimulatorServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (sim, options = {}) => {
    const server = await startServer(sim, { port: 0, clock: 'manual', log: () => {}, ...options });
    servers.push(server);
    return server;
  };
}
