import { CreateGameSessionCommand, DescribeFleetAttributesCommand } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import { simulatedClient } from '../../src/client/simulated-client.ts';
import type { TransportFaults } from '../../src/client/transport-faults.ts';
import { activeFleet, httpClient, post, servingInTests, wireSimulation } from './support.ts';

const serving = servingInTests();

async function setFaults(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await post(`${url}/_sim/transport-faults`, { 'content-type': 'application/json' }, JSON.stringify(body));
  return { status: response.status, body: JSON.parse(response.text) as Record<string, unknown> };
}

describe('POST /_sim/transport-faults', () => {
  it('throttles with ThrottlingException (400) and fails with InternalServiceException (500) the operations named', async () => {
    const sim = wireSimulation();
    const fleetId = activeFleet(sim);
    const server = await serving(sim);
    const client = httpClient(server.url, sim);
    expect((await setFaults(server.url, { throttle: [{ operations: ['DescribeFleetAttributes'] }] })).status).toBe(200);
    const throttled = await client.send(new DescribeFleetAttributesCommand({ FleetIds: [fleetId] })).catch((e: unknown) => e);
    expect(throttled).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    expect((await setFaults(server.url, { internalError: [{ rate: 1 }] })).status).toBe(200);
    const hash = sim.stateHash();
    const failed = await client.send(new CreateGameSessionCommand({ FleetId: fleetId, MaximumPlayerSessionCount: 2 })).catch((e: unknown) => e);
    expect(failed).toMatchObject({ name: 'InternalServiceException', $metadata: { httpStatusCode: 500 } });
    expect(sim.stateHash()).toBe(hash);
    // DELETE clears: the call goes through.
    expect((await fetch(`${server.url}/_sim/transport-faults`, { method: 'DELETE' })).status).toBe(200);
    const answer = await client.send(new DescribeFleetAttributesCommand({ FleetIds: [fleetId] }));
    expect(answer.FleetAttributes).toHaveLength(1);
  });

  it('a lost response applies the call and closes the connection without an answer', async () => {
    const sim = wireSimulation();
    const fleetId = activeFleet(sim);
    const server = await serving(sim);
    const client = httpClient(server.url, sim);
    await setFaults(server.url, { loseResponse: [{ operations: ['CreateGameSession'] }] });
    const before = sim.world.gameSessions.size;
    const lost = await client.send(new CreateGameSessionCommand({ FleetId: fleetId, MaximumPlayerSessionCount: 2 })).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(Error);
    expect((lost as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBeUndefined();
    expect(sim.world.gameSessions.size).toBe(before + 1);
    await setFaults(server.url, {});
    await client.send(new CreateGameSessionCommand({ FleetId: fleetId, MaximumPlayerSessionCount: 2 }));
    expect(sim.world.gameSessions.size).toBe(before + 2);
  });

  it('refuses bad bodies by field, and delay rules under a manual clock, changing nothing', async () => {
    const sim = wireSimulation();
    const fleetId = activeFleet(sim);
    const server = await serving(sim);
    const cases: [unknown, RegExp][] = [
      [{ thrott: [] }, /takes throttle, internalError, loseResponse, delay; got "thrott"/],
      [{ throttle: {} }, /throttle must be a list/],
      [{ throttle: [{ operations: ['Nope'] }] }, /throttle\[0\]\.operations must be a list of GameLift operation names/],
      [{ internalError: [{ rate: '1' }] }, /internalError\[0\]\.rate must be a number/],
      [{ internalError: [{ rate: 2 }] }, /internalError\[0\]\.rate must be in \[0, 1\]/],
      [{ loseResponse: [{ minMs: 1 }] }, /loseResponse\[0\] takes operations, rate, fromSeconds, toSeconds; got "minMs"/],
      [{ delay: [{ minMs: 1, maxMs: 2 }] }, /delay rules need --clock realtime/],
    ];
    await setFaults(server.url, { throttle: [{ operations: ['CreateGameSession'] }] });
    for (const [body, message] of cases) {
      const refused = await setFaults(server.url, body);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ __type: 'InvalidRequestException' });
      expect(refused.body.message).toMatch(message);
    }
    // The faults set before still hold: a refusal changes nothing.
    const client = httpClient(server.url, sim);
    const hash = sim.stateHash();
    await expect(client.send(new CreateGameSessionCommand({ FleetId: fleetId, MaximumPlayerSessionCount: 2 }))).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(sim.stateHash()).toBe(hash);
  });

  it('draws the same faults over HTTP as the in-process client with the same seed', async () => {
    const faults: TransportFaults = { throttle: [{ rate: 0.3 }], internalError: [{ operations: ['DescribeFleetAttributes'], rate: 0.3 }] };
    const outcomes = async (send: (command: DescribeFleetAttributesCommand) => Promise<unknown>, fleetId: string): Promise<string[]> => {
      const seen: string[] = [];
      for (let i = 0; i < 40; i++) {
        seen.push(await send(new DescribeFleetAttributesCommand({ FleetIds: [fleetId] })).then(() => 'ok', (e: Error) => e.name));
      }
      return seen;
    };
    const local = wireSimulation('draws');
    const localClient = simulatedClient(local, { faults, throttle: false });
    const expected = await outcomes((c) => localClient.send(c), activeFleet(local));
    const remote = wireSimulation('draws');
    const fleetId = activeFleet(remote);
    const server = await serving(remote, { throttle: false });
    await setFaults(server.url, faults);
    const client = httpClient(server.url, remote);
    expect(await outcomes((c) => client.send(c), fleetId)).toEqual(expected);
    expect(new Set(expected)).toEqual(new Set(['ok', 'ThrottlingException', 'InternalServiceException']));
  });

  it('under a realtime clock, a delay holds the answer and the call still succeeds', async () => {
    const sim = wireSimulation();
    const fleetId = activeFleet(sim);
    const server = await serving(sim, { clock: 'realtime', speed: 10 });
    const set = await setFaults(server.url, { delay: [{ minMs: 10_000, maxMs: 10_000 }] });
    expect(set.status).toBe(200);
    const answer = await httpClient(server.url, sim).send(new DescribeFleetAttributesCommand({ FleetIds: [fleetId] }));
    expect(answer.FleetAttributes).toHaveLength(1);
    // The answer was held for ten virtual seconds (one wall second at speed 10), so at least that much virtual time has passed since.
    const state = (await (await fetch(`${server.url}/_sim/state`)).json()) as { nowMs: number };
    expect(state.nowMs - (set.body.nowMs as number)).toBeGreaterThanOrEqual(10_000);
  });
});
