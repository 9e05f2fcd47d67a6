import { DescribeFleetAttributesCommand, GameLiftServiceException } from '@aws-sdk/client-gamelift';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gameLiftClientFor } from '../../src/wire/client.ts';
import { handle } from '../../src/wire/handle.ts';
import { GAMELIFT_RATE_LIMITS, Throttle } from '../../src/wire/throttle.ts';
import { jsonOf, jsonRequest, wireSimulation } from './support.ts';

describe('WR-5: throttling at GameLift\'s rates, in virtual time', () => {
  it('WR-5: the 501st request in one virtual instant is ThrottlingException "Rate exceeded" (400) and changes nothing', () => {
    const sim = wireSimulation();
    for (let i = 0; i < GAMELIFT_RATE_LIMITS.accountPerSecond; i++) {
      expect(handle(sim, jsonRequest('DescribeFleetAttributes', {})).status).toBe(200);
    }
    const before = sim.stateHash();
    const throttled = handle(sim, jsonRequest('CreateAlias', { Name: 'a', RoutingStrategy: { Type: 'TERMINAL' } }));
    expect(throttled.status).toBe(400);
    expect(throttled.headers['x-amzn-errortype']).toBe('ThrottlingException');
    expect(jsonOf(throttled)).toEqual({ __type: 'ThrottlingException', message: 'Rate exceeded' });
    expect(sim.stateHash()).toBe(before);
    sim.advanceBy(1);
    expect(handle(sim, jsonRequest('DescribeFleetAttributes', {})).status).toBe(200);
  });

  it('WR-5: CreateGameSession is limited to 50 per second while other operations go on', () => {
    const sim = wireSimulation();
    const create = () => handle(sim, jsonRequest('CreateGameSession', { FleetId: 'fleet-missing', MaximumPlayerSessionCount: 1 }));
    for (let i = 0; i < 50; i++) expect(jsonOf(create()).__type).toBe('NotFoundException');
    expect(jsonOf(create()).__type).toBe('ThrottlingException');
    expect(handle(sim, jsonRequest('DescribeFleetAttributes', {})).status).toBe(200);
    sim.advanceBy(0.02); // one fiftieth of a second refills one token
    expect(jsonOf(create()).__type).toBe('NotFoundException');
    expect(jsonOf(create()).__type).toBe('ThrottlingException');
  });

  it('WR-5: the SDK in-process sees ThrottlingException on its first and only attempt', async () => {
    const sim = wireSimulation();
    const client = gameLiftClientFor(sim);
    for (let i = 0; i < GAMELIFT_RATE_LIMITS.accountPerSecond; i++) await client.send(new DescribeFleetAttributesCommand({}));
    const error = await client.send(new DescribeFleetAttributesCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GameLiftServiceException);
    expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { attempts: 1, httpStatusCode: 400 } });
  });

  it('WR-5: throttle: false admits every request', () => {
    const sim = wireSimulation();
    for (let i = 0; i < 2 * GAMELIFT_RATE_LIMITS.accountPerSecond; i++) {
      expect(handle(sim, jsonRequest('DescribeFleetAttributes', {}), { throttle: false }).status).toBe(200);
    }
  });

  it('WR-5: requests spaced at least 1/limit seconds apart are never throttled; a burst after a quiet second gets exactly limit', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 60 }),
      fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 200 }),
      (limit, extraGapsMs) => {
        const throttle = new Throttle({ accountPerSecond: limit, operationPerSecond: {} });
        const spacingMs = Math.ceil(1000 / limit);
        let nowMs = 0;
        for (const extraMs of extraGapsMs) {
          nowMs += spacingMs + extraMs;
          if (!throttle.admit('Op', nowMs)) return false;
        }
        nowMs += 1000;
        let admitted = 0;
        for (let i = 0; i < 2 * limit; i++) if (throttle.admit('Op', nowMs)) admitted++;
        return admitted === limit;
      },
    ));
  });
});
