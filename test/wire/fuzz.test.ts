import { Agent, request as httpRequest } from 'node:http';
import { cbor } from '@smithy/core/cbor';
import { CreateGameSessionCommand, DescribeFleetAttributesCommand, DescribeGameSessionsCommand } from '@aws-sdk/client-gamelift';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import { handle } from '../../src/wire/handle.ts';
import { startServer } from '../../src/wire/server.ts';
import { fuzzRequestArb, type FuzzRequest } from './arbitraries.ts';
import { activeFleet, httpClient, wireSimulation } from './support.ts';

/** Headers that frame the HTTP message itself; a fuzzer that sets them tests Node's client, not the simulator. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'host', 'expect', 'upgrade', 'keep-alive', 'te', 'trailer']);

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

function send(url: string, agent: Agent, r: FuzzRequest): Promise<Answer> {
  const headers: Record<string, string> = Object.fromEntries(Object.entries(r.headers).filter(([name]) => !FRAMING_HEADERS.has(name)));
  // Without a length, Node's client sends a GET's body unframed, and the server's HTTP parser (not the simulator) sees
  // it as the start of the next request.
  headers['content-length'] = String(r.body.byteLength);
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${r.path}`, { method: r.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** A small live world, and the ids a fuzzer should sometimes hit. */
function world(): { sim: Simulation; known: string[] } {
  const sim = wireSimulation(3);
  const fleetId = activeFleet(sim, 4);
  const fleet = sim.world.fleets.get(fleetId)!;
  const alias = sim.call('CreateAlias', { Name: 'a', RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetId } }).Alias!;
  const session = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 3 }).GameSession!;
  sim.advanceBy(3);
  const player = sim.call('CreatePlayerSession', { GameSessionId: session.GameSessionId, PlayerId: 'p' }).PlayerSession!;
  sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleet.fleetArn }] });
  sim.call('StartGameSessionPlacement', { PlacementId: 'pl-1', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 });
  return {
    sim,
    known: [fleetId, fleet.fleetArn, alias.AliasId!, alias.AliasArn!, session.GameSessionId!, player.PlayerSessionId!, 'q', 'pl-1', 'p'],
  };
}

/** The answer is well framed for the protocol it speaks: a 200 is that protocol's document, an error names its type. */
function checkFraming(r: FuzzRequest, answer: Answer): void {
  const isCbor = answer.headers['content-type'] === 'application/cbor';
  const body: unknown = isCbor ? cbor.deserialize(answer.body) : JSON.parse(answer.body.toString('utf8'));
  if (!isCbor && answer.status === 200) expect(answer.body.toString('utf8')).not.toMatch(/:null[,}\]]/);
  if (answer.status !== 200) {
    expect(body, `${r.method} ${r.path}`).toMatchObject({ __type: expect.any(String), message: expect.any(String) });
  }
}

describe('fuzzing the wire', () => {
  // @smithy/core's CBOR decoder warns on the console when a client sends an integer beyond 2^53; fuzzers do.
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('WR-1..WR-4: random and malformed requests to the codec get a well-framed 200 or 400, and a refusal changes nothing', () => {
    const { sim, known } = world();
    const defects: unknown[] = [];
    fc.assert(fc.property(fuzzRequestArb(known), (r) => {
      const before = sim.stateHash();
      const answer = handle(sim, r, { throttle: false, onDefect: (e) => defects.push(e) });
      expect([200, 400]).toContain(answer.status);
      checkFraming(r, { ...answer, body: Buffer.from(answer.body) });
      if (answer.status === 400) expect(sim.stateHash()).toBe(before);
    }), { numRuns: 1000 });
    expect(defects).toEqual([]);
  });

  it('WR-1..WR-5: the HTTP server survives random, malformed and concurrent requests without a 5xx, and serves correctly afterwards', async () => {
    const { sim, known } = world();
    const logged: string[] = [];
    const server = await startServer(sim, { port: 0, clock: 'manual', throttle: false, log: (line) => logged.push(line) });
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    let sent = 0;
    try {
      await fc.assert(fc.asyncProperty(fc.array(fuzzRequestArb(known), { minLength: 1, maxLength: 4 }), async (batch) => {
        // A batch goes out at once, over up to four connections, so that requests also race one another.
        const answers = await Promise.all(batch.map((r) => send(server.url, agent, r)));
        sent += batch.length;
        answers.forEach((answer, i) => {
          expect(answer.status, `${batch[i]!.method} ${batch[i]!.path}`).toBeLessThan(500);
          checkFraming(batch[i]!, answer);
        });
      }), { numRuns: 300 });
      expect(sent).toBeGreaterThanOrEqual(300);
      expect(logged).toEqual([]);

      const client = httpClient(server.url, sim);
      const fleets = (await client.send(new DescribeFleetAttributesCommand({}))).FleetAttributes ?? [];
      expect(fleets.map((f) => f.FleetId)).toContain(known[0]);
      const created = (await client.send(new CreateGameSessionCommand({ FleetId: known[0], MaximumPlayerSessionCount: 1 })).catch((e: unknown) => e));
      expect(created).toBeDefined();
      const sessions = await client.send(new DescribeGameSessionsCommand({ GameSessionId: known[4] }));
      expect(sessions.GameSessions?.[0]?.GameSessionId).toBe(known[4]);
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
