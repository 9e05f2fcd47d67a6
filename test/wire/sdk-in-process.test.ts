import { describe, expect, it } from 'vitest';
import * as gamelift from '@aws-sdk/client-gamelift';
import { OPERATIONS } from '../../src/api/operations.ts';
import { gameLiftClientFor } from '../../src/wire/client.ts';
import { CBOR_CLIENT, wireSimulation } from './support.ts';
import { TOURED_OPERATIONS, tour } from './tour.ts';

describe('the real @aws-sdk/client-gamelift in-process', () => {
  it('WR-1: runs every implemented command, with Dates at the virtual time, paginators and exception classes', async () => {
    const sim = wireSimulation();
    const client = gameLiftClientFor(sim);
    const sent = new Set<string>();
    client.middlewareStack.add((next, context) => (args) => {
      sent.add(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    }, { step: 'initialize' });
    await tour(client, sim);
    expect([...sent].sort()).toEqual([...TOURED_OPERATIONS].sort());
  });

  it('WR-4: runs the same tour over Smithy RPC v2 CBOR', async () => {
    const sim = wireSimulation();
    await tour(gameLiftClientFor(sim, CBOR_CLIENT), sim);
  });

  it('WR-1: every operation in the table is reachable through its SDK command, and answers as the SDK models it', async () => {
    const sim = wireSimulation();
    const client = gameLiftClientFor(sim);
    const commands: Readonly<Record<string, unknown>> = gamelift;
    for (const operation of Object.keys(OPERATIONS)) {
      const Command = commands[`${operation}Command`] as new (input: object) => Parameters<typeof client.send>[0];
      expect(Command, `${operation}Command`).toBeTypeOf('function');
      // An empty input is refused (or answered) by the operation itself: never by the wire, never as a defect.
      const outcome = await client.send(new Command({})).then(() => 'answered', (e: unknown) => e);
      if (outcome !== 'answered') {
        expect(outcome, operation).toBeInstanceOf(gamelift.GameLiftServiceException);
        expect((outcome as Error).name, operation).not.toMatch(/^(SerializationException|UnknownOperationException|InternalServiceException)$/);
      }
    }
  });

  it('WR-2: a refusal through the SDK carries the same class and message as the direct call', async () => {
    const sim = wireSimulation();
    const client = gameLiftClientFor(sim);
    const direct = (() => {
      try {
        sim.call('DescribeAlias', { AliasId: 'alias-missing' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a refusal');
    })();
    const viaSdk: unknown = await client.send(new gamelift.DescribeAliasCommand({ AliasId: 'alias-missing' })).catch((e: unknown) => e);
    expect(viaSdk).toBeInstanceOf(direct.constructor);
    expect(viaSdk).toMatchObject({ name: direct.name, message: direct.message });
  });

  it('DT-2: the in-process client never waits on a timer or draws from Math.random', async () => {
    const sim = wireSimulation();
    const client = gameLiftClientFor(sim);
    const realRandom = Math.random;
    const realSetTimeout = globalThis.setTimeout;
    const touched: string[] = [];
    Math.random = () => {
      touched.push('Math.random');
      return realRandom();
    };
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      touched.push('setTimeout');
      return realSetTimeout(...args);
    }) as typeof setTimeout;
    try {
      await client.send(new gamelift.DescribeGameSessionsCommand({})).catch(() => undefined);
      await client.send(new gamelift.DescribeFleetAttributesCommand({}));
    } finally {
      Math.random = realRandom;
      globalThis.setTimeout = realSetTimeout;
    }
    expect(touched).toEqual([]);
  });
});
