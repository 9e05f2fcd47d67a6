import { cbor, tag } from '@smithy/core/cbor';
import { describe, expect, it } from 'vitest';
import { gameLiftError } from '../../src/api/errors.ts';
import type { Simulation } from '../../src/api/simulation.ts';
import { JSON_DIALECT } from '../../src/wire/aws-json.ts';
import { handle } from '../../src/wire/handle.ts';
import type { WireRequest } from '../../src/wire/messages.ts';
import { operationShapes } from '../../src/wire/operation-schemas.ts';
import { readInput } from '../../src/wire/read-input.ts';
import { CBOR_DIALECT } from '../../src/wire/rpc-v2-cbor.ts';
import { START_MS, activeFleet, fleetInput, jsonOf, jsonRequest, textOf, wireSimulation } from './support.ts';

/** Replaces `sim.execute` to see exactly what the codec hands to the core, or to make the core misbehave. */
function intercept(sim: Simulation, execute: (operation: string, input: unknown) => unknown): void {
  Object.defineProperty(sim, 'execute', { value: execute, configurable: true, writable: true });
}

function cborRequest(operation: string, body: unknown): WireRequest {
  return {
    method: 'POST',
    path: `/service/GameLift/operation/${operation}`,
    headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', accept: 'application/cbor' },
    body: cbor.serialize(body),
  };
}

describe('the codec, without a transport', () => {
  it('WR-1: POST / with X-Amz-Target GameLift.<Operation> runs that operation on the PascalCase body', () => {
    const sim = wireSimulation();
    const response = handle(sim, jsonRequest('CreateFleet', fleetInput()));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.1');
    const fleet = jsonOf(response).FleetAttributes as Record<string, unknown>;
    expect(fleet).toMatchObject({ Name: 'wire-fleet', Status: 'NEW' });
    expect(sim.world.fleets.has(fleet.FleetId as string)).toBe(true);
  });

  it('WR-1: header names are case-insensitive and the Content-Type is not required', () => {
    const sim = wireSimulation();
    const response = handle(sim, { method: 'POST', path: '/', headers: { 'X-AMZ-TARGET': 'GameLift.DescribeFleetAttributes' }, body: '' });
    expect(response.status).toBe(200);
    expect(jsonOf(response)).toEqual({ FleetAttributes: [] });
  });

  it.each([
    ['a target of another service', { 'x-amz-target': 'DynamoDB_20120810.ListTables' }, 'POST', '/'],
    ['no target', {}, 'POST', '/'],
    ['an operation GameLift has but the simulator does not implement', { 'x-amz-target': 'GameLift.CreateBuild' }, 'POST', '/'],
    ['an operation GameLift does not have', { 'x-amz-target': 'GameLift.Teleport' }, 'POST', '/'],
    ['a GET', { 'x-amz-target': 'GameLift.DescribeFleetAttributes' }, 'GET', '/'],
    ['another path', { 'x-amz-target': 'GameLift.DescribeFleetAttributes' }, 'POST', '/v2/fleets'],
  ])('WR-1: %s is UnknownOperationException (400)', (_, headers, method, path) => {
    const sim = wireSimulation();
    const before = sim.stateHash();
    const response = handle(sim, { method, path, headers, body: '{}' });
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    expect(jsonOf(response)).toMatchObject({ __type: 'UnknownOperationException' });
    expect(sim.stateHash()).toBe(before);
  });

  it.each([
    ['malformed JSON', '{"FleetId": ', /well-formed JSON/],
    ['a JSON array', '[1, 2]', /the body must be a structure, got a list/],
    ['JSON null', 'null', /the body must be a structure, got null/],
    ['a number where a string is expected', { FleetId: 12 }, /FleetId must be a string, got number 12/],
    ['a string where a number is expected', { FleetId: 'fleet-1', Limit: '5' }, /Limit must be a number, got the string "5"/],
    ['a structure where a string is expected', { FleetId: { Ref: 'x' } }, /FleetId must be a string, got a structure/],
    ['a boolean where a number is expected', { FleetId: 'fleet-1', Limit: true }, /Limit must be a number, got boolean true/],
  ])('WR-1: %s is SerializationException (400) naming the member', (_, body, message) => {
    const sim = wireSimulation();
    const before = sim.stateHash();
    const response = handle(sim, jsonRequest('DescribeGameSessions', body));
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('SerializationException');
    expect(jsonOf(response).message).toMatch(message);
    expect(sim.stateHash()).toBe(before);
  });

  it('WR-1: members are checked at every depth, in lists and maps too', () => {
    const sim = wireSimulation();
    const fleetId = activeFleet(sim);
    const property = handle(sim, jsonRequest('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2, GameProperties: [{ Key: 'k', Value: 7 }] }));
    expect(jsonOf(property).message).toBe('GameProperties[0].Value must be a string, got number 7');
    const hole = handle(sim, jsonRequest('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2, GameProperties: [null] }));
    expect(jsonOf(hole).message).toBe('GameProperties[0] must be a list item, not null, got null');
    const map = handle(sim, jsonRequest('CreatePlayerSessions', { GameSessionId: 'gs', PlayerIds: ['a'], PlayerDataMap: { a: ['x'] } }));
    expect(jsonOf(map).message).toBe('PlayerDataMap["a"] must be a string, got a list');
    const invalidUtf8 = handle(sim, { ...jsonRequest('DescribeFleetAttributes', ''), body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(jsonOf(invalidUtf8)).toMatchObject({ __type: 'SerializationException' });
  });

  it('WR-1: bodies nested a million levels deep, in JSON or CBOR, are SerializationException rather than a crash', () => {
    const sim = wireSimulation();
    const depth = 1_000_000;
    const json = handle(sim, jsonRequest('DescribeFleetAttributes', `${'['.repeat(depth)}${']'.repeat(depth)}`));
    expect(jsonOf(json)).toMatchObject({ __type: 'SerializationException' });
    const cborBody = new Uint8Array(depth).fill(0x81); // 0x81: a list of one item, over and over
    const deep = handle(sim, { ...cborRequest('DescribeFleetAttributes', {}), body: cborBody });
    expect(cbor.deserialize(deep.body)).toMatchObject({ __type: 'com.amazonaws.gamelift#SerializationException' });
  });

  it('WR-1 [C]: members the model lacks are dropped and null members are absent, before the operation sees the input', () => {
    const sim = wireSimulation();
    const seen: unknown[] = [];
    intercept(sim, (_operation, input) => {
      seen.push(input);
      return {};
    });
    handle(sim, jsonRequest('DescribeGameSessions', { FleetId: 'fleet-1', Limit: null, Bogus: 1, __proto__: { x: 1 } }));
    expect(seen).toEqual([{ FleetId: 'fleet-1' }]);
    expect(Object.getPrototypeOf(seen[0])).toBe(Object.prototype);
  });

  it('WR-3: a request timestamp in epoch seconds becomes the Date of that millisecond', () => {
    const input = operationShapes('DescribeFleetEvents')!.input;
    expect(readInput(input, { FleetId: 'fleet-1', StartTime: 1469498468.057 }, JSON_DIALECT))
      .toEqual({ ok: true, input: { FleetId: 'fleet-1', StartTime: new Date(1469498468057) }, canonical: true, recordedBy: expect.any(Function) });
    expect(readInput(input, { FleetId: 'fleet-1', StartTime: '2016-07-26' }, JSON_DIALECT))
      .toMatchObject({ ok: false, problem: { path: 'StartTime', expected: 'a timestamp' } });
    expect(readInput(input, { StartTime: tag({ tag: 1, value: 1469498468.057 }) }, CBOR_DIALECT))
      .toEqual({ ok: true, input: { StartTime: new Date(1469498468057) }, canonical: true, recordedBy: expect.any(Function) });
  });

  it('WR-3: output timestamps are epoch seconds with a millisecond fraction, as JSON numbers', () => {
    const sim = wireSimulation();
    expect(START_MS % 1000).toBe(57);
    const response = handle(sim, jsonRequest('CreateFleet', fleetInput()));
    const fleet = jsonOf(response).FleetAttributes as Record<string, unknown>;
    expect(fleet.CreationTime).toBe(START_MS / 1000);
    expect(textOf(response)).toContain(`"CreationTime":${Math.floor(START_MS / 1000)}.057`);
  });

  it('WR-3: absent members are omitted, never written as null', () => {
    const sim = wireSimulation();
    const fleetId = activeFleet(sim);
    const response = handle(sim, jsonRequest('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 }));
    const session = jsonOf(response).GameSession as Record<string, unknown>;
    expect(session.Status).toBe('ACTIVATING');
    for (const absent of ['TerminationTime', 'IpAddress', 'DnsName', 'Port', 'StatusReason', 'Name']) expect(session).not.toHaveProperty(absent);
    expect(textOf(response)).not.toContain('null');
  });

  it('WR-2: a GameLift refusal is 400 with {"__type", "message"} and x-amzn-ErrorType', () => {
    const sim = wireSimulation();
    const response = handle(sim, jsonRequest('DescribeGameSessions', { FleetId: 'fleet-00000000-0000-0000-0000-000000000000' }));
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('NotFoundException');
    const body = jsonOf(response);
    expect(Object.keys(body).sort()).toEqual(['__type', 'message']);
    expect(body.__type).toBe('NotFoundException');
    expect(body.message).toMatch(/fleet-00000000-0000-0000-0000-000000000000/);
  });

  it('WR-2: InternalServiceException from the simulator is 500', () => {
    const sim = wireSimulation();
    intercept(sim, () => {
      throw gameLiftError('InternalServiceException', 'injected');
    });
    const response = handle(sim, jsonRequest('DescribeFleetAttributes', {}));
    expect(response.status).toBe(500);
    expect(jsonOf(response)).toEqual({ __type: 'InternalServiceException', message: 'injected' });
  });

  it('WR-2: a simulator defect (any other error, or output of the wrong type) is 500 InternalServiceException, reported', () => {
    const sim = wireSimulation();
    const defects: unknown[] = [];
    intercept(sim, () => {
      throw new TypeError('boom');
    });
    const thrown = handle(sim, jsonRequest('DescribeFleetAttributes', {}), { onDefect: (e) => defects.push(e) });
    expect(thrown.status).toBe(500);
    expect(jsonOf(thrown)).toMatchObject({ __type: 'InternalServiceException', message: expect.stringContaining('boom') });
    intercept(sim, () => ({ FleetAttributes: [{ FleetId: 42 }] }));
    const wrongType = handle(sim, jsonRequest('DescribeFleetAttributes', {}), { onDefect: (e) => defects.push(e) });
    expect(wrongType.status).toBe(500);
    expect(jsonOf(wrongType).message).toMatch(/FleetAttributes\[0\]\.FleetId must be a string/);
    expect(defects).toHaveLength(2);
  });

  it('WR-4: Smithy RPC v2 CBOR requests are answered in CBOR, timestamps as tag 1, errors with a shape id', () => {
    const sim = wireSimulation();
    const created = handle(sim, cborRequest('CreateFleet', fleetInput()));
    expect(created.status).toBe(200);
    expect(created.headers).toMatchObject({ 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor' });
    const fleet = (cbor.deserialize(created.body) as { FleetAttributes: { CreationTime: { tag: number; value: number } } }).FleetAttributes;
    expect(fleet.CreationTime).toMatchObject({ tag: 1, value: START_MS / 1000 });
    const missing = handle(sim, cborRequest('DescribeAlias', { AliasId: 'alias-missing' }));
    expect(missing.status).toBe(400);
    expect(cbor.deserialize(missing.body)).toMatchObject({ __type: 'com.amazonaws.gamelift#NotFoundException' });
    const garbage = handle(sim, { ...cborRequest('DescribeAlias', {}), body: new Uint8Array([0xff]) });
    expect(cbor.deserialize(garbage.body)).toMatchObject({ __type: 'com.amazonaws.gamelift#SerializationException' });
    const unframed = handle(sim, { ...cborRequest('DescribeAlias', {}), headers: {} });
    expect(cbor.deserialize(unframed.body)).toMatchObject({ __type: 'com.amazonaws.gamelift#UnknownOperationException' });
  });
});
