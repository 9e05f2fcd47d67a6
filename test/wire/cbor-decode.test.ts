import { cbor } from '@smithy/core/cbor';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CborError, decodeCbor } from '../../src/wire/cbor-decode.ts';
import { startServer, type SimulatorServer } from '../../src/wire/server.ts';
import { activeFleet, wireSimulation } from './support.ts';

const servers: SimulatorServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const CBOR_HEADERS = { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', accept: 'application/cbor' };

describe('the strict CBOR decoder (WR-4)', () => {
  it('WR-4: decodes what the SDK encodes', () => {
    // The SDK's decoder assigns keys, so it drops a "__proto__" key that ours keeps as data (tested on its own).
    const withoutProtoKeys = fc.jsonValue().filter((value) => !JSON.stringify(value).includes('"__proto__"'));
    fc.assert(fc.property(withoutProtoKeys, (value) => {
      expect(decodeCbor(cbor.serialize(value))).toEqual(cbor.deserialize(cbor.serialize(value)));
    }));
    expect(decodeCbor(new Uint8Array([0xf9, 0x3c, 0x00]))).toBe(1);
    expect(decodeCbor(new Uint8Array([0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe(2n ** 64n - 1n);
    expect(decodeCbor(new Uint8Array([0x7f, 0x61, 0x61, 0x61, 0x62, 0xff]))).toBe('ab');
  });

  it('WR-4: refuses invalid UTF-8, trailing data, truncation, duplicate and non-text keys, and lengths beyond the body, in one line', () => {
    const bad: [number[], RegExp][] = [
      [[0x62, 0xff, 0xfe], /not valid UTF-8/],
      [[0x01, 0x02], /1 bytes follow the data item/],
      [[0x19, 0x01], /ends inside a data item/],
      [[0x62, 0x61], /a length of 2 exceeds the body/],
      [[0xa2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02], /appears twice/],
      [[0xa1, 0x01, 0x02], /map key must be a text string/],
      [[0x9b, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff], /exceeds the body/],
      [[0xff], /break code outside/],
      [[0x1c], /reserved/],
      [Array.from({ length: 100 }, () => 0x81), /nesting deeper/],
    ];
    for (const [bytes, message] of bad) {
      const thrown = (() => { try { decodeCbor(new Uint8Array(bytes)); return undefined; } catch (e) { return e; } })();
      expect(thrown).toBeInstanceOf(CborError);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).not.toContain('\n');
    }
  });

  it('WR-4: "__proto__" is an ordinary key, as JSON.parse makes it, never the prototype', () => {
    const decoded = decodeCbor(cbor.serialize(Object.fromEntries([['__proto__', { polluted: true }], ['Limit', 2]]))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__', 'Limit']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('WR-4: over HTTP, hostile bodies get one-line 400s and nothing on standard error; __proto__ keys are served sanely', async () => {
    const sim = wireSimulation();
    const fleetId = activeFleet(sim);
    const logged: string[] = [];
    const server = await startServer(sim, { port: 0, clock: 'manual', log: (line) => logged.push(line) });
    servers.push(server);
    const stderr = vi.spyOn(process.stderr, 'write');
    const warn = vi.spyOn(console, 'warn');
    const url = `${server.url}/service/GameLift/operation/DescribeGameSessions`;
    // Integers past 2^53 made the SDK's decoder print a stack trace per request.
    const hostile = [[0xa1, 0x1b, 0xd2, 0x41, 0x32, 0x0d, 0x4a, 0x7f, 0xe2, 0xef, 0x00], [0x62, 0xff, 0xfe], [0xa0, 0x00]];
    for (const bytes of hostile) {
      const answer = await fetch(url, { method: 'POST', headers: CBOR_HEADERS, body: new Uint8Array(bytes) });
      expect(answer.status).toBe(400);
      const body = cbor.deserialize(new Uint8Array(await answer.arrayBuffer())) as { __type: string; message: string };
      expect(body.__type).toBe('com.amazonaws.gamelift#SerializationException');
      expect(body.message).not.toContain('\n');
    }
    const proto = await fetch(url, { method: 'POST', headers: CBOR_HEADERS, body: cbor.serialize(Object.fromEntries([['__proto__', {}], ['FleetId', fleetId]])) });
    expect(proto.status).toBe(200);
    expect(stderr).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(logged).toEqual([]);
  });
});
