import * as gamelift from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import { simulatedClient, type SimulatedClientOptions } from '../../src/client/simulated-client.ts';
import { runClient } from '../../src/client/run-client.ts';
import { activeFleet, wireSimulation } from '../wire/support.ts';
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
