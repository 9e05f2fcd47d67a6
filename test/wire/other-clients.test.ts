import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type SimulatorServer } from '../../src/wire/server.ts';
import { START_MS, wireSimulation } from './support.ts';

const run = promisify(execFile);
const BOTO3_CLIENT = fileURLToPath(new URL('./fixtures/boto3_client.py', import.meta.url));
const BOTO3_CONTROL = fileURLToPath(new URL('./fixtures/boto3_control.py', import.meta.url));
const BOTO3_RECLAIM = fileURLToPath(new URL('./fixtures/boto3_reclaim.py', import.meta.url));

/** Dummy credentials and no user configuration, so that neither client looks for real ones. */
const CLIENT_ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'AKIDSIMULATOR',
  AWS_SECRET_ACCESS_KEY: 'simulator-secret',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_RETRY_MODE: 'standard',
  AWS_MAX_ATTEMPTS: '1',
};

const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { env: CLIENT_ENV }).status === 0;
const hasAwsCli = spawnSync('aws', ['--version'], { env: CLIENT_ENV }).status === 0;

const servers: SimulatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('clients other than the JavaScript SDK, over HTTP (skipped where not installed)', () => {
  it.skipIf(!hasBoto3)('WR-1..WR-3: boto3 creates, pages and fails as against GameLift, with datetimes at the virtual time', async () => {
    const sim = wireSimulation();
    const server = await startServer(sim, { port: 0, clock: 'manual' });
    servers.push(server);
    const { stdout } = await run('python3', [BOTO3_CLIENT, server.url], { env: CLIENT_ENV });
    const report = JSON.parse(stdout) as {
      fleetCreationMs: number; sessionCreationMs: number; advancedToMs: number; status: string;
      created: string[]; pages: string[][]; error: { code: string; message: string; status: number };
    };
    expect(report.fleetCreationMs).toBe(START_MS);
    expect(report.advancedToMs).toBe(START_MS + 61_000);
    expect(report.sessionCreationMs).toBe(START_MS + 61_000);
    expect(report.status).toBe('ACTIVATING');
    expect(report.pages.map((p) => p.length)).toEqual([2, 1]);
    expect(report.pages.flat().sort()).toEqual([...report.created].sort());
    expect(report.error).toEqual({ code: 'NotFoundException', message: expect.stringContaining('alias-missing'), status: 400 });
  });

  it.skipIf(!hasBoto3)('boto3 with urllib reads /_sim/state, injects a fault over /_sim/faults/, and sees its effect', async () => {
    const sim = wireSimulation('boto3-control');
    const server = await startServer(sim, { port: 0, clock: 'manual' });
    servers.push(server);
    const { stdout } = await run('python3', [BOTO3_CONTROL, server.url], { env: CLIENT_ENV });
    const report = JSON.parse(stdout) as { before: Record<string, unknown>; crash: Record<string, unknown>; missing: Record<string, unknown>; after: Record<string, unknown>; sessionStatus: string; requestId: string };
    expect(report.before).toMatchObject({ nowMs: START_MS, seed: sim.seed, clock: 'manual', counts: { fleets: 0, gameSessions: 0 } });
    expect(report.crash).toMatchObject({ status: 200, fault: 'crash-game-session-process' });
    expect(report.missing).toMatchObject({ status: 404, __type: 'NotFound', message: expect.stringContaining('no-such-placement') });
    expect(report.after).toMatchObject({ status: 200, nowMs: START_MS + 66_000, counts: { fleets: 1, gameSessions: 1 } });
    // The hash the fault answered is the trace after it: a refused fault and a state read record nothing.
    expect(report.after.traceHash).toBe(report.crash.traceHash);
    expect(report.crash.traceHash).not.toBe(report.before.traceHash);
    expect(report.sessionStatus).toBe('TERMINATED');
    expect(report.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it.skipIf(!hasBoto3)('GS-3: boto3 lists instances, reclaims them over /_sim/ by selector and by id, and sees its sessions end INTERRUPTED', async () => {
    const sim = wireSimulation('boto3-reclaim');
    const server = await startServer(sim, { port: 0, clock: 'manual' });
    servers.push(server);
    const { stdout } = await run('python3', [BOTO3_RECLAIM, server.url], { env: CLIENT_ENV });
    const report = JSON.parse(stdout) as {
      instances: string[]; bySelector: { status: number; struck: string[] }; byId: { status: number };
      sessions: string[]; ended: [string, string, string | null][]; state: { traceHash: string };
    };
    expect(report.instances).toHaveLength(2);
    expect(report.bySelector.status).toBe(200);
    expect(report.bySelector.struck).toHaveLength(1);
    expect(report.instances).toContain(report.bySelector.struck[0]);
    expect(report.byId.status).toBe(200);
    expect(report.ended).toEqual(report.sessions.map((id) => [id, 'TERMINATED', 'INTERRUPTED']));
    expect(report.state.traceHash).toBe(sim.traceHash());
  });

  it.skipIf(!hasAwsCli)('WR-1, WR-2: the AWS CLI reads answers and errors', async () => {
    const sim = wireSimulation();
    const server = await startServer(sim, { port: 0, clock: 'manual' });
    servers.push(server);
    const cli = ['gamelift', '--endpoint-url', server.url, '--region', 'us-west-2', '--output', 'json'];
    const created = await run('aws', [...cli.slice(0, 1), 'create-alias', ...cli.slice(1), '--name', 'cli',
      '--routing-strategy', 'Type=TERMINAL,Message=closed'], { env: CLIENT_ENV });
    const alias = (JSON.parse(created.stdout) as { Alias: { AliasId: string; CreationTime: number } }).Alias;
    expect(alias.CreationTime).toBe(START_MS / 1000);
    const refused = await run('aws', [...cli.slice(0, 1), 'describe-alias', ...cli.slice(1), '--alias-id', 'alias-missing'], { env: CLIENT_ENV })
      .then(() => undefined, (e: { code: number; stderr: string }) => e);
    expect(refused?.code).not.toBe(0);
    expect(refused?.stderr).toMatch(/\(NotFoundException\).*alias-missing/);
  });
});
