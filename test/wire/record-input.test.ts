import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeValue, RECORD_STRING_CHARS_MAX, RecordWriter, ShapeWritten } from '../../src/engine/record-codec.ts';
import { JSON_DIALECT } from '../../src/wire/aws-json.ts';
import type { Dialect } from '../../src/wire/dialect.ts';
import { operationShapes } from '../../src/wire/operation-schemas.ts';
import { CBOR_DIALECT } from '../../src/wire/rpc-v2-cbor.ts';
import { readInput } from '../../src/wire/read-input.ts';
import { inputRecorder } from '../../src/wire/record-input.ts';
import { operationInputArb } from './arbitraries.ts';

/** What the writer compiled for `operation`'s input shape writes for `input`. */
function recorded(operation: string, input: unknown, dialect: Dialect): string {
  const writer = new RecordWriter(64);
  inputRecorder(operationShapes(operation)!.input, dialect)(writer, input);
  return writer.text(0, writer.length);
}

describe('inputRecorder', () => {
  it('DT-1: the writer compiled for an input\'s shape writes the very record the codec\'s walk writes for it', () => {
    const dialects = fc.constantFrom(JSON_DIALECT, { ...JSON_DIALECT, dropsNullItems: true }, CBOR_DIALECT);
    fc.assert(fc.property(operationInputArb(['fleet-1', 'queue-1', 'player-1', 'us-west-2']), dialects, ([operation, input], dialect) => {
      const read = readInput(operationShapes(operation)!.input, JSON.parse(JSON.stringify(input) ?? '{}'), dialect);
      if (!read.ok || !read.canonical) return;
      expect(read.recordedBy).toBe(inputRecorder(operationShapes(operation)!.input, dialect));
      expect(recorded(operation, read.input, dialect)).toBe(encodeValue(read.input));
      expect(encodeValue(new ShapeWritten(read.input, read.recordedBy!))).toBe(encodeValue(read.input));
    }), { numRuns: 500 });
  });

  it('DT-1: list items are written like the item before exactly when they have its very members', () => {
    // PlayerData present in some items only: an item after one with other members is written whole.
    const players = fc.array(fc.record({ PlayerId: fc.string({ maxLength: 4 }), PlayerData: fc.option(fc.string({ maxLength: 4 }), { nil: undefined }) }), { maxLength: 8 });
    fc.assert(fc.property(players, fc.boolean(), (desired, withLatencies) => {
      const body = {
        PlacementId: 'p', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 10,
        DesiredPlayerSessions: desired.map(({ PlayerId, PlayerData }) => (PlayerData === undefined ? { PlayerId } : { PlayerId, PlayerData })),
        ...(withLatencies && { PlayerLatencies: desired.map(({ PlayerId }, i) => (i % 3 === 0 ? { PlayerId } : { PlayerId, RegionIdentifier: 'us-west-2', LatencyInMilliseconds: i })) }),
      };
      const read = readInput(operationShapes('StartGameSessionPlacement')!.input, body, JSON_DIALECT);
      expect(read.ok && read.canonical).toBe(true);
      if (read.ok) expect(recorded('StartGameSessionPlacement', read.input, JSON_DIALECT)).toBe(encodeValue(read.input));
    }));
  });

  it('DT-1: a null item in a list of structures is N, and the item after it is written whole, as the walk writes it', () => {
    const input = { DesiredPlayerSessions: [{ PlayerId: 'a' }, null, { PlayerId: 'b' }, { PlayerId: 'c' }, undefined, { PlayerId: 'd' }], PlacementId: 'p' };
    const written = recorded('StartGameSessionPlacement', input, JSON_DIALECT);
    expect(written).toBe(encodeValue(input));
    expect(written).toContain('N{8"PlayerId1"b}(1"c');
  });

  it('DT-1: a member\'s value repeated from any item before is written as the walk writes it, whatever the value', () => {
    // Player latencies repeat a player's id for each region, and the regions for each player: a value among the last few
    // is copied from where it was written, not encoded again. More values than are remembered, so that some are forgotten.
    const ids = fc.constantFrom('p-1', 'p-2', 'p-3', 'p-4', '\u00e9\u{1f600}', 'x'.repeat(RECORD_STRING_CHARS_MAX + 1), '');
    // Members in code-unit order, as a canonical input (readInput's) has them.
    const latency = fc.tuple(fc.nat(500), ids, fc.option(ids, { nil: undefined }))
      .map(([LatencyInMilliseconds, PlayerId, RegionIdentifier]) => ({ LatencyInMilliseconds, PlayerId, ...(RegionIdentifier !== undefined && { RegionIdentifier }) }));
    fc.assert(fc.property(fc.array(fc.option(latency, { nil: null }), { maxLength: 24 }), (items) => {
      const input = { PlacementId: 'p', PlayerLatencies: items };
      expect(recorded('StartGameSessionPlacement', input, JSON_DIALECT)).toBe(encodeValue(input));
    }));
  });

  it('an input with a map is not canonical, and has no writer of its own: the trace sorts its keys', () => {
    const read = readInput(operationShapes('CreatePlayerSessions')!.input, { GameSessionId: 'gs', PlayerIds: ['9'], PlayerDataMap: { 9: 'a' } }, JSON_DIALECT);
    expect(read).toMatchObject({ ok: true, canonical: false, recordedBy: undefined });
  });
});
