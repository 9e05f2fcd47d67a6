import * as gamelift from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import { simulatedClient, type SimulatedClientOptions } from '../../src/client/simulated-client.ts';
import { runClient } from '../../src/client/run-client.ts';
import { activeFleet, wireSimulation } from '../wire/support.ts';
import { runMatchmaker } from './support.ts';
import { tour } from '../wire/tour.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What a caller can see of an SDK error: class, name, message, fault and status. */
function seen(error: unknown): unknown {
  const e = error as gamelift.GameLiftServiceException;
  return { class: e.constructor.name, name: e.name, message: e.message, fault: e.$fault, status: e.$metadata?.httpStatusCode, attempts: e.$metadata?.attempts };
}

async function outcomeOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then((output) => ({ ok: true, output: { ...(output as object), $metadata: undefined } }), seen);
}

describe('simulatedClient: the fast path at send', () => {
  it('WR-1: runs the tour of every command, paginators and exception classes, leaving the trace the wire leaves', async () => {
    const hashes: string[] = [];
    for (const wire of [false, true]) {
      const sim = wireSimulation(5);
      const client = simulatedClient(sim, { wire });
      expect(client).toBeInstanceOf(gamelift.GameLiftClient);
      await tour(client, sim);
      hashes.push(sim.traceHash());
    }
    expect(hashes[0]).toBe(hashes[1]);
  });
});

describe('simulatedClient: the fast path answers as the wire does', () => {
  /** The same calls, on a fresh world of the same seed, through each path. */
  async function bothWays(calls: (client: gamelift.GameLiftClient, fleetId: string) => Promise<unknown>[], options: SimulatedClientOptions = {}): Promise<unknown[][]> {
    const results: unknown[][] = [];
    for (const wire of [false, true]) {
      const sim = wireSimulation(2);
      const fleetId = activeFleet(sim);
      const client = simulatedClient(sim, { ...options, wire });
      results.push(await Promise.all(calls(client, fleetId).map(outcomeOf)));
    }
    return results;
  }

  it('WR-1, WR-2: refusals have the same class, name, message, fault and status on both paths', async () => {
    const [fast, wire] = await bothWays((client, fleetId) => [
      client.send(new gamelift.DescribeAliasCommand({ AliasId: 'alias-missing' })),
      client.send(new gamelift.DescribeAliasCommand({ AliasId: 5 as unknown as string })),
      client.send(new gamelift.DescribeGameSessionsCommand({ FleetId: fleetId, Limit: '3' as unknown as number })),
      client.send(new gamelift.DescribeGameSessionsCommand({ FleetId: fleetId, StatusFilter: 'NOPE' })),
      client.send(new gamelift.DescribeFleetAttributesCommand({ FleetIds: [null as unknown as string, fleetId] })),
      client.send(new gamelift.CreateGameSessionCommand({ FleetId: fleetId, MaximumPlayerSessionCount: 2, GameProperties: [{ Key: 'k', Value: 7 as unknown as string }] })),
    ]);
    expect(fast).toEqual(wire);
    expect(fast!.map((o) => (o as { name?: string }).name)).toEqual([
      'NotFoundException', 'SerializationException', 'SerializationException', 'InvalidRequestException', undefined, 'SerializationException',
    ]);
    expect(fast![0]).toMatchObject({ class: 'NotFoundException', fault: 'client', status: 400, attempts: 1 });
  });

  it('WR-5: a tight loop of CreateGameSession is throttled at the same call on both paths, and `throttle: false` lifts it', async () => {
    const calls = (client: gamelift.GameLiftClient, fleetId: string): Promise<unknown>[] =>
      Array.from({ length: 55 }, () => client.send(new gamelift.CreateGameSessionCommand({ FleetId: fleetId, MaximumPlayerSessionCount: 2 })));
    const [fast, wire] = await bothWays(calls);
    const throttled = (outcomes: unknown[]): number[] => outcomes.flatMap((o, i) => ((o as { name?: string }).name === 'ThrottlingException' ? [i] : []));
    expect(throttled(fast!)).toEqual([50, 51, 52, 53, 54]);
    expect(throttled(wire!)).toEqual(throttled(fast!));
    expect(fast![50]).toEqual(wire![50]);
    expect(fast![50]).toMatchObject({ class: 'GameLiftServiceException', message: 'Rate exceeded', fault: 'client', status: 400 });
    const [lifted] = await bothWays(calls, { throttle: false });
    expect(throttled(lifted!)).toEqual([]);
  });

  it('outputs come back as the SDK delivers them: modelled members only, fresh Dates, $metadata with a request id from the seed', async () => {
    const metadataOf = async (seed: number): Promise<unknown[]> => {
      const sim = wireSimulation(seed);
      const fleetId = activeFleet(sim);
      const client = simulatedClient(sim);
      const created = await client.send(new gamelift.CreateGameSessionCommand({ FleetId: fleetId, MaximumPlayerSessionCount: 2 }));
      const session = created.GameSession!;
      expect(session.CreationTime).toBeInstanceOf(Date);
      expect(session.CreationTime!.getTime()).toBe(sim.nowMs);
      expect(Object.values(session)).not.toContain(undefined);
      session.CreationTime!.setTime(0);
      const again = await client.send(new gamelift.DescribeGameSessionsCommand({ GameSessionId: session.GameSessionId }));
      expect(again.GameSessions![0]!.CreationTime!.getTime()).toBe(sim.nowMs);
      const failed = await client.send(new gamelift.DescribeAliasCommand({ AliasId: 'alias-missing' })).catch((e: gamelift.GameLiftServiceException) => e);
      return [created.$metadata, again.$metadata, failed.$metadata];
    };
    const metadata = await metadataOf(1);
    expect(metadata[0]).toMatchObject({ httpStatusCode: 200, attempts: 1, totalRetryDelay: 0, requestId: expect.stringMatching(UUID) as string });
    expect(metadata[2]).toMatchObject({ httpStatusCode: 400, attempts: 1, requestId: expect.stringMatching(UUID) as string });
    expect(new Set(metadata.map((m) => (m as { requestId: string }).requestId)).size).toBe(3);
    expect(await metadataOf(1)).toEqual(metadata);
    expect(await metadataOf(2)).not.toEqual(metadata);
  });

  it('a refused call changes nothing: the state hash is the same before and after', async () => {
    const sim = wireSimulation(1);
    const fleetId = activeFleet(sim);
    const client = simulatedClient(sim);
    const before = sim.stateHash();
    await expect(client.send(new gamelift.CreateGameSessionCommand({ FleetId: fleetId, MaximumPlayerSessionCount: -1 }))).rejects.toThrow(gamelift.InvalidRequestException);
    await expect(client.send(new gamelift.CreateGameSessionCommand({ FleetId: fleetId, MaximumPlayerSessionCount: 'x' as unknown as number }))).rejects.toThrow(/must be a number/);
    expect(sim.stateHash()).toBe(before);
  });

  it('send takes a callback as the SDK does, and refuses an aborted request and a foreign command', async () => {
    const sim = wireSimulation(1);
    const client = simulatedClient(sim);
    const viaCallback = await new Promise((resolve, reject) => {
      client.send(new gamelift.DescribeFleetAttributesCommand({}), (error: unknown, output?: gamelift.DescribeFleetAttributesCommandOutput) => (error ? reject(error as Error) : resolve(output)));
    });
    expect(viaCallback).toMatchObject({ FleetAttributes: [], $metadata: { httpStatusCode: 200 } });
    const aborted = AbortSignal.abort();
    await expect(client.send(new gamelift.DescribeFleetAttributesCommand({}), { abortSignal: aborted })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(client.send({ input: {} } as unknown as gamelift.DescribeFleetAttributesCommand)).rejects.toThrow(TypeError);
  });

  it('DT-1: one matchmaker (timers, Math.random, randomUUID, paginator) and seed give the same outcomes and trace hash on both paths', async () => {
    const fast = await runMatchmaker(11, {});
    const wire = await runMatchmaker(11, { wire: true });
    expect(Object.keys(fast.outcomes).length).toBeGreaterThan(5);
    expect(fast.outcomes).toEqual(wire.outcomes);
    expect(fast.sim.traceHash()).toBe(wire.sim.traceHash());
    const again = await runMatchmaker(11, {});
    expect(again.sim.traceHash()).toBe(fast.sim.traceHash());
    expect((await runMatchmaker(12, {})).sim.traceHash()).not.toBe(fast.sim.traceHash());
  });
});
