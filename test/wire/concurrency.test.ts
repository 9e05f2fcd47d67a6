import {
  CreateGameSessionCommand,
  CreatePlayerSessionCommand,
  DescribeGameSessionsCommand,
  FleetCapacityExceededException,
  GameSessionFullException,
  paginateDescribeGameSessions,
} from '@aws-sdk/client-gamelift';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulation } from '../../src/api/simulation.ts';
import { startServer, type SimulatorServer } from '../../src/wire/server.ts';
import { activeFleet, httpClient, wireSimulation } from './support.ts';

const CLIENTS = 8;

const servers: SimulatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serving(sim: Simulation): Promise<SimulatorServer> {
  const server = await startServer(sim, { port: 0, clock: 'manual' });
  servers.push(server);
  return server;
}

/**
 * Replays the calls the trace recorded, in the order the server ran them, on a fresh simulation with the same seed:
 * the same trace hash means the concurrent answers were those of one sequential run (DT-1).
 */
function replayHash(served: Simulation, seed: number): string {
  const replay = wireSimulation(seed);
  for (const entry of served.world.engine.trace.entries()) {
    if (entry.kind !== 'call') continue;
    if (entry.t > replay.nowMs) replay.advanceTo(entry.t);
    try {
      replay.execute(entry.data.operation as string, entry.data.input);
    } catch {
      // A refusal is part of the trace too; the hash compares it.
    }
  }
  if (served.nowMs > replay.nowMs) replay.advanceTo(served.nowMs);
  return replay.traceHash();
}

describe('concurrent clients', () => {
  it('DT-1: eight clients racing for 40 server processes get exactly 40 game sessions, each once, as one sequential run would', async () => {
    const sim = wireSimulation(11);
    const fleetId = activeFleet(sim, 40);
    const server = await serving(sim);
    const clients = Array.from({ length: CLIENTS }, () => httpClient(server.url, sim));
    const outcomes = await Promise.all(clients.flatMap((client) => Array.from({ length: 6 }, () =>
      client.send(new CreateGameSessionCommand({ FleetId: fleetId, MaximumPlayerSessionCount: 4 })).then((r) => r.GameSession!.GameSessionId!, (e: unknown) => e))));
    const created = outcomes.filter((o): o is string => typeof o === 'string');
    const refused = outcomes.filter((o) => typeof o !== 'string');
    expect(created).toHaveLength(40);
    expect(new Set(created).size).toBe(40);
    expect(refused).toHaveLength(8);
    for (const e of refused) expect(e).toBeInstanceOf(FleetCapacityExceededException);
    const listed = (await clients[0]!.send(new DescribeGameSessionsCommand({ FleetId: fleetId }))).GameSessions!.map((s) => s.GameSessionId);
    expect([...listed].sort()).toEqual([...created].sort());
    expect(replayHash(sim, 11)).toBe(sim.traceHash());
  });

  it('PS-3: twenty players racing for ten seats get exactly ten player sessions', async () => {
    const sim = wireSimulation(12);
    const fleetId = activeFleet(sim, 2);
    const gameSessionId = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 10 }).GameSession!.GameSessionId!;
    sim.advanceBy(3);
    const server = await serving(sim);
    const clients = Array.from({ length: CLIENTS }, () => httpClient(server.url, sim));
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      clients[i % CLIENTS]!.send(new CreatePlayerSessionCommand({ GameSessionId: gameSessionId, PlayerId: `player-${i}` })).then(() => 'seated', (e: unknown) => e)));
    expect(outcomes.filter((o) => o === 'seated')).toHaveLength(10);
    for (const o of outcomes.filter((o) => o !== 'seated')) expect(o).toBeInstanceOf(GameSessionFullException);
    const session = (await clients[0]!.send(new DescribeGameSessionsCommand({ GameSessionId: gameSessionId }))).GameSessions![0]!;
    expect(session.CurrentPlayerSessionCount).toBe(10);
    expect(replayHash(sim, 12)).toBe(sim.traceHash());
  });

  it('DG-6: paging readers racing with writers each see every session that existed when they began, exactly once', async () => {
    const sim = wireSimulation(13);
    const fleetId = activeFleet(sim, 50);
    for (let i = 0; i < 20; i++) sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 });
    const before = new Set(sim.call('DescribeGameSessions', { FleetId: fleetId }).GameSessions!.map((s) => s.GameSessionId!));
    const server = await serving(sim);
    const clients = Array.from({ length: CLIENTS }, () => httpClient(server.url, sim));
    const read = async (i: number): Promise<string[]> => {
      const ids: string[] = [];
      for await (const page of paginateDescribeGameSessions({ client: clients[i]!, pageSize: 3 }, { FleetId: fleetId })) {
        ids.push(...(page.GameSessions ?? []).map((s) => s.GameSessionId!));
      }
      return ids;
    };
    const write = async (i: number): Promise<void> => {
      for (let n = 0; n < 3; n++) await clients[i]!.send(new CreateGameSessionCommand({ FleetId: fleetId, MaximumPlayerSessionCount: 2 }));
    };
    const [readers] = await Promise.all([Promise.all([0, 1, 2, 3].map(read)), Promise.all([4, 5, 6, 7].map(write))]);
    for (const ids of readers) {
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of before) expect(ids).toContain(id);
    }
    expect(sim.call('DescribeGameSessions', { FleetId: fleetId }).GameSessions).toHaveLength(32);
    expect(replayHash(sim, 13)).toBe(sim.traceHash());
  });
});
