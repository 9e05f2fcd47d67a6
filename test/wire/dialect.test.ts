import { tag } from '@smithy/core/cbor';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JSON_DIALECT } from '../../src/wire/aws-json.ts';
import { CBOR_DIALECT } from '../../src/wire/rpc-v2-cbor.ts';

describe('how each wire format carries timestamps and blobs', () => {
  it('WR-3: every millisecond within ±1e15 ms of the epoch (years −29,700 to 33,600) survives JSON epoch seconds both ways', () => {
    // Beyond that a double's 53 bits cannot hold seconds and a millisecond fraction exactly; no simulation gets there.
    fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), (ms) => {
      const seconds = JSON_DIALECT.writeTimestamp(new Date(ms));
      expect(typeof seconds).toBe('number');
      expect(JSON_DIALECT.readTimestamp(JSON.parse(JSON.stringify(seconds)))).toEqual(new Date(ms));
    }));
  });

  it('WR-3: the example of the rules file is written as 1469498468.057', () => {
    expect(JSON.stringify(JSON_DIALECT.writeTimestamp(new Date(1469498468057)))).toBe('1469498468.057');
  });

  it('WR-3: what is no timestamp is refused: strings, non-finite numbers, dates beyond ECMAScript\'s range', () => {
    for (const value of ['1469498468', null, true, 1e16, Number.POSITIVE_INFINITY]) expect(JSON_DIALECT.readTimestamp(value)).toBeUndefined();
  });

  it('WR-4: CBOR timestamps are tag 1 around epoch seconds, with integer seconds as bigint or number', () => {
    expect(CBOR_DIALECT.writeTimestamp(new Date(1469498468057))).toMatchObject({ tag: 1, value: 1469498468.057 });
    expect(CBOR_DIALECT.readTimestamp(tag({ tag: 1, value: 1469498468n }))).toEqual(new Date(1469498468000));
    expect(CBOR_DIALECT.readTimestamp(tag({ tag: 0, value: '2016-07-26T02:01:08Z' }))).toBeUndefined();
    expect(CBOR_DIALECT.readTimestamp(1469498468)).toBeUndefined();
  });

  it('blobs are base64 in JSON and byte strings in CBOR, both ways', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      expect(JSON_DIALECT.readBlob(JSON_DIALECT.writeBlob(bytes))).toEqual(bytes);
      expect(CBOR_DIALECT.readBlob(CBOR_DIALECT.writeBlob(bytes))).toEqual(bytes);
    }));
    expect(JSON_DIALECT.readBlob('not base64!')).toBeUndefined();
  });
});
