import { request as httpRequest } from 'node:http';
import { DescribeFleetAttributesCommand, NotFoundException, DescribeAliasCommand } from '@aws-sdk/client-gamelift';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import { handle } from '../../src/wire/handle.ts';
import { REQUEST_BODY_BYTES_MAX, startServer, type ServerOptions, type SimulatorServer } from '../../src/wire/server.ts';
import { CBOR_CLIENT, activeFleet, httpClient, post, wireSimulation } from './support.ts';
import { tour } from './tour.ts';

const servers: SimulatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serving(sim: Simulation, options: ServerOptions = {}): Promise<SimulatorServer> {
  const server = await startServer(sim, { port: 0, clock: 'manual', ...options });
  servers.push(server);
  return server;
}

const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.1' };

describe('the HTTP server', () => {
  it('WR-1: the real SDK over HTTP runs every implemented command, with paginators, Dates and exception classes', async () => {
    const sim = wireSimulation();
    const server = await serving(sim);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    await tour(httpClient(server.url, sim), sim);
  });

  it('WR-4: the real SDK over HTTP in Smithy RPC v2 CBOR runs the same tour', async () => {
    const sim = wireSimulation();
    const server = await serving(sim);
    await tour(httpClient(server.url, sim, CBOR_CLIENT), sim);
  });

  it('WR-1: an answer over HTTP is the codec\'s byte for byte, its Content-Length counting UTF-8 bytes', async () => {
    // Two simulations with the same seed and calls: one serves over HTTP (which writes JSON answers as text), the
    // other answers through handle() (bytes); the same request must get the same bytes and request id from both.
    const world = (): { sim: Simulation; fleetId: string } => {
      const sim = wireSimulation(7);
      const fleetId = activeFleet(sim);
      for (const Name of ['Ünïcødé 🎮 lobby', 'quote " and \\ backslash', 'plain']) {
        sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 4, Name, GameSessionData: `${Name} ✓ \u0001` });
      }
      sim.advanceBy(5);
      return { sim, fleetId };
    };
    const served = world();
    const direct = world();
    const server = await serving(served.sim);
    const headers = { ...JSON_HEADERS, 'x-amz-target': 'GameLift.DescribeGameSessions' };
    for (const body of [JSON.stringify({ FleetId: served.fleetId, Limit: 2 }), JSON.stringify({ FleetId: served.fleetId }), '{"FleetId": 5}']) {
      const expected = handle(direct.sim, { method: 'POST', path: '/', headers, body });
      const got = await new Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer }>((resolve, reject) => {
        const req = httpRequest(`${server.url}/`, { method: 'POST', headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end(body);
      });
      expect(got.status).toBe(expected.status);
      expect(got.bytes.equals(Buffer.from(expected.body))).toBe(true);
      expect(got.headers['content-length']).toBe(String(expected.body.byteLength));
      for (const [name, value] of Object.entries(expected.headers)) expect(got.headers[name], name).toBe(value);
    }
    expect(served.sim.traceHash()).toBe(direct.sim.traceHash());
  });

  it('WR-2: errors carry x-amzn-ErrorType and the JSON body over HTTP too', async () => {
    const sim = wireSimulation();
    const server = await serving(sim);
    const response = await post(server.url, { ...JSON_HEADERS, 'x-amz-target': 'GameLift.DescribeAlias' }, '{"AliasId":"alias-missing"}');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('NotFoundException');
    expect(JSON.parse(response.text)).toMatchObject({ __type: 'NotFoundException', message: expect.stringContaining('alias-missing') });
    const viaSdk = await httpClient(server.url, sim).send(new DescribeAliasCommand({ AliasId: 'alias-missing' })).catch((e: unknown) => e);
    expect(viaSdk).toBeInstanceOf(NotFoundException);
  });

  it('manual clock: only POST /_sim/advance moves virtual time, and it answers the new time', async () => {
    const sim = wireSimulation();
    const server = await serving(sim);
    const start = sim.nowMs;
    await post(server.url, { 'x-amz-target': 'GameLift.DescribeFleetAttributes' }, '{}');
    expect(sim.nowMs).toBe(start);
    const advanced = await post(`${server.url}/_sim/advance`, { 'content-type': 'application/json' }, '{"seconds": 90.5}');
    expect(advanced.status).toBe(200);
    expect(JSON.parse(advanced.text)).toEqual({ nowMs: start + 90_500, now: new Date(start + 90_500).toISOString() });
    expect(sim.nowMs).toBe(start + 90_500);
    for (const bad of ['{"seconds": -1}', '{"seconds": "5"}', '{}', 'nope', '{"seconds": 1e12}']) {
      const refused = await post(`${server.url}/_sim/advance`, {}, bad);
      expect(refused.status, bad).toBe(400);
      expect(JSON.parse(refused.text)).toMatchObject({ __type: 'InvalidRequestException' });
    }
    expect(sim.nowMs).toBe(start + 90_500);
    expect((await fetch(`${server.url}/_sim/advance`)).status).toBe(405);
    expect((await fetch(`${server.url}/_sim/nothing`)).status).toBe(404);
  });

  it('realtime clock: virtual time follows the wall clock before each request, plus any jump', async () => {
    const sim = wireSimulation();
    let wallMs = 1_000;
    const server = await serving(sim, { clock: 'realtime', wallMs: () => wallMs });
    const start = sim.nowMs;
    wallMs += 4_321;
    const client = httpClient(server.url, sim);
    await client.send(new DescribeFleetAttributesCommand({}));
    expect(sim.nowMs).toBe(start + 4_321);
    await post(`${server.url}/_sim/advance`, {}, '{"seconds": 60}');
    expect(sim.nowMs).toBe(start + 64_321);
    wallMs += 1_000;
    await client.send(new DescribeFleetAttributesCommand({}));
    expect(sim.nowMs).toBe(start + 65_321);
  });

  it('PL-10: GET /_sim/events answers the placement events so far as JSON', async () => {
    const sim = wireSimulation();
    const fleetId = activeFleet(sim);
    const fleetArn = sim.world.fleets.get(fleetId)!.fleetArn;
    const server = await serving(sim);
    expect(JSON.parse(await (await fetch(`${server.url}/_sim/events`)).text())).toEqual([]);
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetArn }] });
    sim.call('StartGameSessionPlacement', { PlacementId: 'p1', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 });
    await post(`${server.url}/_sim/advance`, {}, '{"seconds": 30}');
    const events = JSON.parse(await (await fetch(`${server.url}/_sim/events`)).text()) as { detail: { type: string; placementId: string } }[];
    expect(events).toEqual(JSON.parse(JSON.stringify(sim.placementEvents())));
    expect(events.map((e) => [e.detail.type, e.detail.placementId])).toEqual([['PlacementFulfilled', 'p1']]);
  });

  it(`refuses a body declared larger than ${REQUEST_BODY_BYTES_MAX} bytes with 413, and serves on`, async () => {
    const sim = wireSimulation();
    const server = await serving(sim);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/`, {
        method: 'POST',
        headers: { 'x-amz-target': 'GameLift.DescribeFleetAttributes', 'content-length': String(REQUEST_BODY_BYTES_MAX + 1) },
      }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{');
    });
    expect(status).toBe(413);
    expect((await post(server.url, { 'x-amz-target': 'GameLift.DescribeFleetAttributes' }, '{}')).status).toBe(200);
  });

  it('refuses a streamed body that grows past the cap with 413, and serves on', async () => {
    const sim = wireSimulation();
    const server = await serving(sim);
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/`, { method: 'POST', headers: { 'x-amz-target': 'GameLift.DescribeFleetAttributes' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      // The server may close the connection while the client is still writing; the answer already came.
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
      let sent = 0;
      const pump = (): void => {
        while (sent <= REQUEST_BODY_BYTES_MAX + chunk.length && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect((await post(server.url, { 'x-amz-target': 'GameLift.DescribeFleetAttributes' }, '{}')).status).toBe(200);
  });

  it('binds to loopback by default and closes cleanly with clients still connected', async () => {
    const sim = wireSimulation();
    const server = await startServer(sim, { port: 0 });
    expect(server.host).toBe('127.0.0.1');
    const client = httpClient(server.url, sim);
    await client.send(new DescribeFleetAttributesCommand({}));
    await server.close();
    await server.close();
    await expect(fetch(server.url, { method: 'POST' })).rejects.toThrow();
  });
});
