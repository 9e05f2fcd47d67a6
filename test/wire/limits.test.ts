import { connect, type Socket } from 'node:net';
import { DescribeFleetAttributesCommand } from '@aws-sdk/client-gamelift';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulation } from '../../src/api/simulation.ts';
import { VIRTUAL_TIME_MS_MAX, VirtualClock } from '../../src/engine/clock.ts';
import { startServer, type ServerOptions, type SimulatorServer } from '../../src/wire/server.ts';
import { httpClient, post, wireSimulation } from './support.ts';

const servers: SimulatorServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serving(sim: Simulation, options: ServerOptions = {}): Promise<SimulatorServer> {
  const server = await startServer(sim, { port: 0, clock: 'manual', log: () => {}, ...options });
  servers.push(server);
  return server;
}

/** A raw connection that has sent `head` and waits; resolves once connected. */
async function rawConnection(server: SimulatorServer, head = ''): Promise<{ socket: Socket; answer: Promise<string> }> {
  const socket = connect(server.port, '127.0.0.1');
  sockets.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
  let text = '';
  const answer = new Promise<string>((resolve) => {
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
  });
  if (head !== '') socket.write(head);
  return { socket, answer };
}

function uploadHead(bytes: number): string {
  return `POST / HTTP/1.1\r\nhost: x\r\nx-amz-target: GameLift.DescribeFleetAttributes\r\ncontent-length: ${bytes}\r\n\r\n`;
}

const DESCRIBE = { 'x-amz-target': 'GameLift.DescribeFleetAttributes' };

describe('the server is bounded, with a clear answer beyond each bound', () => {
  it('total in-flight body bytes are capped: an upload beyond the budget is 503 with a message, and the server still answers', async () => {
    const sim = wireSimulation();
    const budget = 1024 * 1024;
    const server = await serving(sim, { limits: { inFlightBodyBytes: budget } });
    // Scaled down from 1,000 connections each holding a 4 MiB body: three slow uploads of 400 KiB against 1 MiB.
    const holding = [await rawConnection(server, uploadHead(400 * 1024)), await rawConnection(server, uploadHead(400 * 1024))];
    for (const { socket } of holding) socket.write('{"x":"');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = await rawConnection(server, uploadHead(400 * 1024));
    const text = await refused.answer;
    expect(text).toMatch(/^HTTP\/1\.1 503/);
    expect(text).toContain(`at most ${budget} bytes of request bodies at once`);
    // A chunked upload with no declared length is counted as it arrives.
    const chunked = await rawConnection(server, 'POST / HTTP/1.1\r\nhost: x\r\nx-amz-target: GameLift.DescribeFleetAttributes\r\ntransfer-encoding: chunked\r\n\r\n');
    chunked.socket.write(`${(300 * 1024).toString(16)}\r\n${'a'.repeat(300 * 1024)}\r\n`);
    expect(await chunked.answer).toMatch(/^HTTP\/1\.1 503/);
    for (const { socket } of holding) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const answered = await post(server.url, DESCRIBE, '{}');
    expect(answered.status).toBe(200);
  });

  it('connections are capped: a request on one beyond the cap is 503 with a message, and later connections are served', async () => {
    const sim = wireSimulation();
    const server = await serving(sim, { limits: { connections: 4 } });
    const held = await Promise.all([1, 2, 3, 4].map(() => rawConnection(server)));
    const extra = await rawConnection(server, 'POST / HTTP/1.1\r\nhost: x\r\nx-amz-target: GameLift.DescribeFleetAttributes\r\ncontent-length: 2\r\n\r\n{}');
    const text = await extra.answer;
    expect(text).toMatch(/^HTTP\/1\.1 503/);
    expect(text).toContain('at most 4 connections at once');
    for (const { socket } of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await httpClient(server.url, sim).send(new DescribeFleetAttributesCommand({}))).FleetAttributes).toEqual([]);
  });

  it('DT-1: every answer carries x-amzn-RequestId from the seed, and a Date at the virtual time, not the wall clock', async () => {
    const ids = async (): Promise<string[]> => {
      const sim = wireSimulation('request-ids');
      const server = await serving(sim);
      const client = httpClient(server.url, sim);
      const out = [(await client.send(new DescribeFleetAttributesCommand({}))).$metadata.requestId!];
      const refused = await post(server.url, { 'x-amz-target': 'GameLift.DescribeAlias' }, '{"AliasId":"alias-x"}');
      out.push(refused.headers.get('x-amzn-requestid')!);
      const control = await fetch(`${server.url}/_sim/state`);
      out.push(control.headers.get('x-amzn-requestid')!);
      expect(refused.headers.get('date')).toBe(sim.now.toUTCString());
      expect(control.headers.get('date')).toBe(sim.now.toUTCString());
      return out;
    };
    const first = await ids();
    expect(first.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(first).size).toBe(3);
    expect(await ids()).toEqual(first);
  });

  it('the core refuses virtual time past VIRTUAL_TIME_MS_MAX before anything changes, and its clock asserts it', () => {
    const sim = new Simulation({ config: { startMs: VIRTUAL_TIME_MS_MAX - 1000 } });
    const before = sim.stateHash();
    expect(() => sim.advanceBy(2)).toThrow(/9999-12-31T23:59:59\.999Z/);
    expect(sim.stateHash()).toBe(before);
    sim.advanceBy(1);
    expect(sim.nowMs).toBe(VIRTUAL_TIME_MS_MAX);
    expect(() => new VirtualClock(VIRTUAL_TIME_MS_MAX).advanceTo(VIRTUAL_TIME_MS_MAX + 1)).toThrow(/VIRTUAL_TIME_MS_MAX/);
  });

  it('an input the trace cannot record is refused before the operation runs, so no call is ever applied yet refused', () => {
    const sim = wireSimulation();
    const before = sim.stateHash();
    const cyclic: Record<string, unknown> = { Name: 'cyclic', RoutingStrategy: { Type: 'TERMINAL', Message: 'closed' } };
    cyclic.Self = cyclic;
    expect(() => sim.execute('CreateAlias', cyclic)).toThrow(/must be plain data/);
    expect(() => sim.execute('CreateAlias', { ...cyclic, Self: new Date(Number.NaN) })).toThrow(/must be plain data/);
    expect(sim.stateHash()).toBe(before);
  });

  it('binding beyond loopback warns; loopback does not', async () => {
    const lines: string[] = [];
    await serving(wireSimulation(), { host: '0.0.0.0', log: (line) => lines.push(line) });
    await serving(wireSimulation(), { host: '127.0.0.1', log: (line) => lines.push(line) });
    expect(lines).toEqual([expect.stringMatching(/^gamelift-sim: warning: listening on 0\.0\.0\.0, beyond loopback/)]);
  });
});
