import * as gamelift from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import { runClient } from '../../src/client/run-client.ts';
import { simulatedClient } from '../../src/client/simulated-client.ts';
import { LostResponseError, type TransportFaults } from '../../src/client/transport-faults.ts';
import { activeFleet, wireSimulation } from '../wire/support.ts';
import { runMatchmaker } from './support.ts';

/** A world with an ACTIVE fleet and a queue `q` on it. */
function world(seed = 1): { sim: Simulation; fleetId: string } {
  const sim = wireSimulation(seed);
  const fleetId = activeFleet(sim);
  sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }] });
  return { sim, fleetId };
}

const start = (PlacementId: string): gamelift.StartGameSessionPlacementCommand =>
  new gamelift.StartGameSessionPlacementCommand({ PlacementId, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 });

/** The error name of each of `count` calls made by `call` (or "ok"), on each path. */
async function namesBothWays(faults: TransportFaults, count: number, call: (client: gamelift.GameLiftClient, i: number) => Promise<unknown>, seed = 1): Promise<string[][]> {
  const out: string[][] = [];
  for (const wire of [false, true]) {
    const { sim } = world(seed);
    const client = simulatedClient(sim, { faults, wire, throttle: false });
    const names: string[] = [];
    for (let i = 0; i < count; i++) names.push(await call(client, i).then(() => 'ok', (e: Error) => e.name));
    out.push(names);
  }
  return out;
}

describe('transport faults on the client\'s calls', () => {
  it('throttle at a rate, per operation: drawn from the seed, the same on both paths, other operations untouched, no effect', async () => {
    const faults: TransportFaults = { throttle: [{ operations: ['DescribeGameSessionPlacement'], rate: 0.3 }] };
    const describe = (client: gamelift.GameLiftClient): Promise<unknown> =>
      client.send(new gamelift.DescribeGameSessionPlacementCommand({ PlacementId: 'p-0' })).catch((e: Error) => {
        if (e.name === 'ThrottlingException') throw e;
      });
    const [fast, wire] = await namesBothWays(faults, 200, describe);
    expect(fast).toEqual(wire);
    const throttled = fast!.filter((n) => n === 'ThrottlingException').length;
    expect(throttled).toBeGreaterThan(40);
    expect(throttled).toBeLessThan(80);
    const [otherSeed] = await namesBothWays(faults, 200, describe, 2);
    expect(otherSeed).not.toEqual(fast);
    const [starts] = await namesBothWays(faults, 50, (client, i) => client.send(start(`p-${i}`)));
    expect(new Set(starts)).toEqual(new Set(['ok']));

    const { sim } = world();
    const client = simulatedClient(sim, { faults: { throttle: [{ operations: ['StartGameSessionPlacement'] }] } });
    const before = sim.stateHash();
    const error = await client.send(start('p-1')).catch((e: gamelift.GameLiftServiceException) => e);
    expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    expect(sim.stateHash()).toBe(before);
  });

  it('throttle for a window of virtual time: only calls inside [fromSeconds, toSeconds) are throttled', async () => {
    const { sim } = world();
    const offset = (sim.nowMs - sim.world.config.startMs) / 1000;
    const client = simulatedClient(sim, { faults: { throttle: [{ fromSeconds: offset + 10, toSeconds: offset + 20 }] } });
    const names: [number, string][] = [];
    await runClient(sim, async () => {
      for (let t = 0; t < 30; t += 5) {
        names.push([t, await client.send(new gamelift.DescribeFleetAttributesCommand({})).then(() => 'ok', (e: Error) => e.name)]);
        await new Promise((resolve) => setTimeout(resolve, 5000));
      }
    });
    expect(names).toEqual([[0, 'ok'], [5, 'ok'], [10, 'ThrottlingException'], [15, 'ThrottlingException'], [20, 'ok'], [25, 'ok']]);
  });

  it('InternalServiceException at a rate: 500, server fault, the SDK\'s class, and the call takes no effect', async () => {
    const faults: TransportFaults = { internalError: [{ rate: 0.5 }] };
    const [fast, wire] = await namesBothWays(faults, 60, (client, i) => client.send(start(`p-${i}`)));
    expect(fast).toEqual(wire);
    expect(fast!.filter((n) => n === 'InternalServiceException').length).toBeGreaterThan(15);

    const { sim } = world();
    const client = simulatedClient(sim, { faults: { internalError: [{}] } });
    const before = sim.stateHash();
    const error = await client.send(start('p-1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(gamelift.InternalServiceException);
    expect(error).toMatchObject({ $fault: 'server', $metadata: { httpStatusCode: 500 } });
    expect(sim.stateHash()).toBe(before);
  });

  it('PL-2: a lost response takes effect, the client gets a TimeoutError, and its retried Start meets its own placement id', async () => {
    for (const wire of [false, true]) {
      const { sim } = world();
      const client = simulatedClient(sim, { wire, faults: { loseResponse: [{ operations: ['StartGameSessionPlacement'] }] } });
      const lost = await client.send(start('p-lost')).catch((e: unknown) => e);
      expect(lost).toBeInstanceOf(LostResponseError);
      expect(lost).toMatchObject({ name: 'TimeoutError', operation: 'StartGameSessionPlacement' });
      expect(sim.call('DescribeGameSessionPlacement', { PlacementId: 'p-lost' }).GameSessionPlacement!.Status).toBe('PENDING');
      const retried = await client.send(start('p-lost')).catch((e: unknown) => e);
      expect(retried).toBeInstanceOf(LostResponseError);
      // The retry reached the service too, which refused it: PL-2.
      expect(() => sim.call('StartGameSessionPlacement', { PlacementId: 'p-lost', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 }))
        .toThrow(gamelift.InvalidRequestException);
      const trace = sim.world.engine.trace.entries().filter((e) => e.kind === 'call' && e.data.operation === 'StartGameSessionPlacement');
      expect(trace.map((e) => e.data.error ?? 'ok')).toEqual(['ok', 'InvalidRequestException', 'InvalidRequestException']);
    }
  });

  it('response delay in virtual ms: the call takes effect when sent, the answer arrives later; outside a run it is refused', async () => {
    for (const wire of [false, true]) {
      const { sim } = world();
      const client = simulatedClient(sim, { wire, faults: { delay: [{ operations: ['StartGameSessionPlacement'], minMs: 250, maxMs: 250 }] } });
      const sentMs = sim.nowMs;
      const run = await runClient(sim, async () => {
        const out = await client.send(start('p-1'));
        return { answeredMs: Date.now(), startMs: out.GameSessionPlacement!.StartTime!.getTime() };
      });
      expect(run).toMatchObject({ settled: true, value: { answeredMs: sentMs + 250, startMs: sentMs } });
      await expect(client.send(start('p-2'))).rejects.toThrow(/needs virtual time/);
    }
  });

  it('DT-1: a matchmaker under every fault gives the same outcomes and trace hash on both paths, and again', async () => {
    const faults: TransportFaults = {
      throttle: [{ operations: ['StartGameSessionPlacement', 'DescribeGameSessionPlacement'], rate: 0.1 }],
      internalError: [{ operations: ['DescribeGameSessionPlacement'], rate: 0.1 }],
      loseResponse: [{ operations: ['StartGameSessionPlacement'], rate: 0.4 }],
      delay: [{ minMs: 5, maxMs: 400 }],
    };
    const fast = await runMatchmaker(21, { faults });
    const wire = await runMatchmaker(21, { faults, wire: true });
    expect(fast.outcomes).toEqual(wire.outcomes);
    expect(fast.sim.traceHash()).toBe(wire.sim.traceHash());
    expect((await runMatchmaker(21, { faults })).sim.traceHash()).toBe(fast.sim.traceHash());
    expect((await runMatchmaker(21, {})).sim.traceHash()).not.toBe(fast.sim.traceHash());
  });

  it('refuses a config out of range, naming the rule', () => {
    const { sim } = world();
    expect(() => simulatedClient(sim, { faults: { throttle: [{ rate: 2 }] } })).toThrow('throttle[0].rate must be in [0, 1], got 2');
    expect(() => simulatedClient(sim, { faults: { delay: [{ minMs: 10, maxMs: 5 }] } })).toThrow(/delay\[0\] must have whole minMs ≤ maxMs/);
    expect(() => simulatedClient(sim, { faults: { loseResponse: [{ fromSeconds: 10, toSeconds: 5 }] } })).toThrow(/toSeconds must be ≥ fromSeconds/);
    expect(() => simulatedClient(sim, { faults: { lose: [] } as TransportFaults })).toThrow(/unknown fault "lose"/);
  });
});
