import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeGraph, encodeGraph } from '../../src/engine/graph-codec.ts';

/** Plain data of every kind the codec keeps, including the numbers and `undefined` JSON cannot write. */
const leaf = fc.oneof(
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(-0, Infinity, -Infinity, NaN),
);

const plain = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object'), tie('map'), tie('set')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', '0', '12')), tie('value'), { maxKeys: 5, noNullPrototype: true }),
  map: fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 4 }).map((entries) => new Map(entries)),
  set: fc.array(tie('value'), { maxLength: 4 }).map((items) => new Set(items)),
})).value;

describe('graph codec', () => {
  it('DT-3: plain data comes back equal, and encodes to the same text again', () => {
    fc.assert(
      fc.property(plain, (value) => {
        const text = encodeGraph(value);
        const back = decodeGraph(text);
        expect(back).toStrictEqual(value);
        expect(encodeGraph(back)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('DT-3: an object met twice is one object after decoding, cycles and Map keys included', () => {
    const location: Record<string, unknown> = { name: 'us-west-2' };
    const fleet = { id: 'fleet-1', locations: new Map([['us-west-2', location]]) };
    location.fleet = fleet;
    const session = { id: 'gsess-1', location };
    const graph = { fleet, sessions: [session], events: [{ kind: 'x', session }], waitLists: new Map([[location, [1]]]), waking: new Set([location]) };
    const back = decodeGraph(encodeGraph(graph)) as typeof graph;
    const backLocation = back.fleet.locations.get('us-west-2')!;
    expect(backLocation.fleet).toBe(back.fleet);
    expect(back.sessions[0]).toBe(back.events[0]!.session);
    expect(back.sessions[0]!.location).toBe(backLocation);
    expect([...back.waitLists.keys()][0]).toBe(backLocation);
    expect([...back.waking][0]).toBe(backLocation);
  });

  it('a key named __proto__ stays data and never becomes the prototype', () => {
    const back = decodeGraph(encodeGraph(JSON.parse('{"__proto__":{"polluted":true}}'))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses what is not plain data, naming where it is', () => {
    expect(() => encodeGraph({ a: [{ b: () => 1 }] })).toThrow('a snapshot holds plain data only, got a function at $.a.b');
    expect(() => encodeGraph({ when: new Date(0) })).toThrow('got a Date at $.when');
    expect(() => encodeGraph({ n: 1n })).toThrow('got a bigint at $.n');
  });

  it('refuses text with a reference before its object or an unknown tag', () => {
    expect(() => decodeGraph('[3,0]')).toThrow(/refers to object 0 before it appears/);
    expect(() => decodeGraph('[9]')).toThrow(/unknown tag 9/);
  });
});
