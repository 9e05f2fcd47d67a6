import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type SimulatorServer } from '../../src/wire/server.ts';
import { wireSimulation } from './support.ts';

const run = promisify(execFile);
const BOTO3_SEARCH = fileURLToPath(new URL('./fixtures/boto3_search.py', import.meta.url));

/** Dummy credentials and no user configuration, so that boto3 looks for no real ones. */
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

const servers: SimulatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('SearchGameSessions from boto3, over HTTP (skipped where boto3 is not installed)', () => {
  it.skipIf(!hasBoto3)('SG-2..SG-4: boto3 searches with a filter and a sort, pages by NextToken and by its paginator, is capped at 20 and reads the position of an error', async () => {
    const sim = wireSimulation();
    const server = await startServer(sim, { port: 0, clock: 'manual' });
    servers.push(server);
    const { stdout } = await run('python3', [BOTO3_SEARCH, server.url], { env: CLIENT_ENV });
    const report = JSON.parse(stdout) as { pages: string[][]; paginated: string[]; capped: number; error: { code: string; message: string } };
    // The ranked games are the even ones, newest first.
    const ranked = Array.from({ length: 13 }, (_, i) => `game ${String(24 - 2 * i).padStart(2, '0')}`);
    expect(report.pages.map((p) => p.length)).toEqual([5, 5, 3]);
    expect(report.pages.flat()).toEqual(ranked);
    expect(report.paginated).toEqual(ranked);
    expect(report.capped).toBe(20);
    expect(report.error.code).toBe('InvalidRequestException');
    expect(report.error.message).toMatch(/FilterExpression is malformed at character 19 .*unterminated string/);
  });
});
