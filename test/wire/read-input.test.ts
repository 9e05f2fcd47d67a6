import { tag } from '@smithy/core/cbor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallerShaped, encodeValue } from '../../src/engine/record-codec.ts';
import { JSON_DIALECT } from '../../src/wire/aws-json.ts';
import type { Dialect } from '../../src/wire/dialect.ts';
import { operationShapes } from '../../src/wire/operation-schemas.ts';
import { CBOR_DIALECT } from '../../src/wire/rpc-v2-cbor.ts';
import { readInput } from '../../src/wire/read-input.ts';
import { operationInputArb } from './arbitraries.ts';
import { reversed } from '../support/reversed.ts';

/** The JSON dialect as the fast path reads: null items of dense lists left out, as the SDK's serializer leaves them. */
const DROPPING_DIALECT: Dialect = { ...JSON_DIALECT, dropsNullItems: true };

function inputShape(operation: string) {
  return operationShapes(operation)!.input;
}

/** Whether an operation's input shape holds no map: then what it reads is always canonical. */
function hasNoMap(operation: string): boolean {
  const read = readInput(inputShape(operation), {}, JSON_DIALECT);
  return read.ok && read.canonical;
}

describe('readInput', () => {
  it('DT-1: a canonical input is recorded as it stands exactly as with its keys sorted, whatever order its members came in', () => {
    fc.assert(fc.property(operationInputArb(['fleet-1', 'queue-1', 'player-1', 'us-west-2']), ([operation, input]) => {
      const body: unknown = JSON.parse(JSON.stringify(input) ?? '{}');
      const schema = inputShape(operation);
      const read = readInput(schema, body, JSON_DIALECT);
      const again = readInput(schema, reversed(body), JSON_DIALECT);
      expect(again.ok).toBe(read.ok);
      if (!read.ok || !again.ok) {
        // A map's first problem depends on its entries' order; a structure's never does.
        if (hasNoMap(operation)) expect(again).toEqual(read);
        return;
      }
      const sorted = encodeValue(new CallerShaped(read.input));
      expect(encodeValue(new CallerShaped(again.input))).toBe(sorted);
      expect(again.canonical).toBe(read.canonical);
      if (read.canonical) {
        expect(encodeValue(read.input)).toBe(sorted);
        expect(encodeValue(again.input)).toBe(sorted);
      }
    }), { numRuns: 500 });
  });

  it('DT-1: an input with a map is not canonical, as a map may hold integer-like keys that no object keeps in insertion order', () => {
    const schema = inputShape('CreatePlayerSessions');
    const read = readInput(schema, { GameSessionId: 'gs', PlayerIds: ['9', '10'], PlayerDataMap: { 9: 'a', 10: 'b' } }, JSON_DIALECT);
    expect(read).toMatchObject({ ok: true, canonical: false });
    if (!read.ok) return;
    // Written as it stands, "10" would come before "9" was meant to go first: the trace must sort it.
    expect(encodeValue(read.input)).not.toBe(encodeValue(new CallerShaped(read.input)));
    expect(readInput(schema, { GameSessionId: 'gs', PlayerIds: ['a'] }, JSON_DIALECT)).toMatchObject({ ok: true, canonical: false });
    expect(readInput(inputShape('StartGameSessionPlacement'), {}, JSON_DIALECT)).toMatchObject({ ok: true, canonical: true });
  });

  it('DT-1: a structure is built with its members in code-unit order at every depth', () => {
    const read = readInput(inputShape('StartGameSessionPlacement'), {
      PlacementId: 'p', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2,
      PlayerLatencies: [{ PlayerId: 'a', RegionIdentifier: 'us-west-2', LatencyInMilliseconds: 20 }],
      DesiredPlayerSessions: [{ PlayerId: 'a', PlayerData: 'd' }],
    }, JSON_DIALECT);
    if (!read.ok) throw new Error('refused');
    const input = read.input as { PlayerLatencies: object[]; DesiredPlayerSessions: object[] };
    expect(Object.keys(input)).toEqual(['DesiredPlayerSessions', 'GameSessionQueueName', 'MaximumPlayerSessionCount', 'PlacementId', 'PlayerLatencies']);
    expect(Object.keys(input.PlayerLatencies[0]!)).toEqual(['LatencyInMilliseconds', 'PlayerId', 'RegionIdentifier']);
    expect(Object.keys(input.DesiredPlayerSessions[0]!)).toEqual(['PlayerData', 'PlayerId']);
  });

  it('WR-1: of two members of the wrong type, the one named is the first in the model\'s order, whatever order the caller built them in', () => {
    const schema = inputShape('StartGameSessionPlacement');
    const problem = { ok: false, problem: { path: 'GameSessionQueueName', expected: 'a string', got: 'number 5' } };
    expect(readInput(schema, { GameSessionQueueName: 5, MaximumPlayerSessionCount: 'x' }, JSON_DIALECT)).toEqual(problem);
    expect(readInput(schema, { MaximumPlayerSessionCount: 'x', GameSessionQueueName: 5 }, JSON_DIALECT)).toEqual(problem);
  });

  it('WR-1: a CBOR tag is not a structure; a symbol-keyed member is no member, as the SDK\'s serializer leaves it out', () => {
    const schema = inputShape('StartGameSessionPlacement');
    expect(readInput(schema, { PriorityConfigurationOverride: tag({ tag: 1, value: 0 }) }, CBOR_DIALECT)).toEqual({
      ok: false, problem: { path: 'PriorityConfigurationOverride', expected: 'a structure', got: 'a CBOR tag' },
    });
    expect(readInput(schema, tag({ tag: 1, value: 0 }), CBOR_DIALECT)).toMatchObject({ ok: false, problem: { path: 'the body' } });
    expect(readInput(schema, { PlacementId: 'p', [Symbol('mark')]: 1 }, JSON_DIALECT)).toEqual({ ok: true, input: { PlacementId: 'p' }, canonical: true, recordedBy: expect.any(Function) });
  });

  it('WR-1: a member inherited from a polluted Object.prototype is no member; an own one of the same value is', () => {
    const schema = inputShape('StartGameSessionPlacement');
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.GameSessionName = 'polluted';
    try {
      expect(readInput(schema, { PlacementId: 'p' }, JSON_DIALECT)).toEqual({ ok: true, input: { PlacementId: 'p' }, canonical: true, recordedBy: expect.any(Function) });
      const own = readInput(schema, { PlacementId: 'p', GameSessionName: 'polluted' }, JSON_DIALECT);
      expect(own.ok && Object.hasOwn(own.input, 'GameSessionName') && own.input.GameSessionName).toBe('polluted');
    } finally {
      delete prototype.GameSessionName;
    }
  });

  it('WR-1: a problem names its path at every depth, and a list item by its index among the items kept', () => {
    const schema = inputShape('StartGameSessionPlacement');
    const body = { PlayerLatencies: [null, { PlayerId: 'a' }, { PlayerId: 'b', LatencyInMilliseconds: 'slow' }] };
    expect(readInput(schema, body, DROPPING_DIALECT)).toEqual({
      ok: false, problem: { path: 'PlayerLatencies[1].LatencyInMilliseconds', expected: 'a number', got: 'the string "slow"' },
    });
    expect(readInput(schema, body, JSON_DIALECT)).toEqual({
      ok: false, problem: { path: 'PlayerLatencies[0]', expected: 'a list item, not null', got: 'null' },
    });
    expect(readInput(schema, [], JSON_DIALECT)).toEqual({ ok: false, problem: { path: 'the body', expected: 'a structure', got: 'a list' } });
    expect(readInput(schema, null, JSON_DIALECT)).toEqual({ ok: false, problem: { path: 'the body', expected: 'a structure', got: 'null' } });
    expect(readInput(inputShape('CreatePlayerSessions'), { PlayerDataMap: { 'a"b': 1 } }, JSON_DIALECT)).toEqual({
      ok: false, problem: { path: 'PlayerDataMap["a\\"b"]', expected: 'a string', got: 'number 1' },
    });
  });
});
