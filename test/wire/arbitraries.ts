import { cbor } from '@smithy/core/cbor';
import type { NormalizedSchema } from '@smithy/core/schema';
import fc from 'fast-check';
import { OPERATIONS } from '../../src/api/operations.ts';
import { operationShapes } from '../../src/wire/operation-schemas.ts';

/** Requests as a fuzzer sends them: anything a socket can carry to the server, well formed or not. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

const IMPLEMENTED = Object.keys(OPERATIONS);
/** How deep generated members nest; GameLift's input shapes are shallow, and recursive shapes must end. */
const DEPTH_MAX = 3;

/** Any JSON-ish value, for members of the wrong type. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null), fc.boolean(), fc.double(), fc.string({ maxLength: 5 }), fc.constant([]), fc.constant({}),
  fc.constant([null]), fc.integer(),
);
const timestampValue = fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.double({ noNaN: true }));
const numberValue = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double(), fc.constant(2 ** 53 + 2), fc.constant(1e308));
const mapKey = fc.string({ maxLength: 6 });
/** Any code point, lone surrogates included; cheaper to build than fast-check's `unit: 'binary'`. */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c));

/**
 * Values of an input shape's members, sometimes of the wrong type, with members picked at random. Built once per set
 * of known ids and shared by every operation: shapes recur (GameProperty, LocationConfiguration…), and building
 * fast-check arbitraries costs more than drawing from them.
 */
class InputValues {
  readonly #built = new Map<string, fc.Arbitrary<unknown>>();
  /** Strings the simulator might recognise, to get past validation now and then, and strings it never will. */
  readonly #string: fc.Arbitrary<string>;

  constructor(known: readonly string[]) {
    this.#string = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...known) },
      { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
      { weight: 1, arbitrary: fc.string({ unit: anyCodePoint, maxLength: 20 }) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', 'ACTIVE', 'SIMPLE', 'TERMINAL', 'NORMAL', 'us-west-2', 'x'.repeat(2000)) },
    );
  }

  of(schema: NormalizedSchema, depth: number): fc.Arbitrary<unknown> {
    const key = `${schema.getName(true) ?? schema.getMemberName()}@${depth}`;
    let arbitrary = this.#built.get(key);
    if (arbitrary === undefined) {
      arbitrary = fc.oneof({ weight: 9, arbitrary: this.#right(schema, depth) }, { weight: 1, arbitrary: wrongValue });
      this.#built.set(key, arbitrary);
    }
    return arbitrary;
  }

  #right(schema: NormalizedSchema, depth: number): fc.Arbitrary<unknown> {
    if (depth >= DEPTH_MAX) return fc.constant(undefined);
    if (schema.isStructSchema()) {
      const members = Object.fromEntries([...schema.structIterator()].map(([name, member]) => [name, this.of(member, depth + 1)]));
      return fc.record(members, { requiredKeys: [] });
    }
    if (schema.isListSchema()) return fc.array(this.of(schema.getValueSchema(), depth + 1), { maxLength: 4 });
    if (schema.isMapSchema()) return fc.dictionary(mapKey, this.of(schema.getValueSchema(), depth + 1), { maxKeys: 3 });
    if (schema.isTimestampSchema()) return timestampValue;
    if (schema.isBooleanSchema()) return fc.boolean();
    if (schema.isNumericSchema()) return numberValue;
    if (schema.isStringSchema()) return this.#string;
    return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A body for `operation`: its input shape filled in, right or wrong. */
function inputArb(operation: string, values: InputValues): fc.Arbitrary<unknown> {
  const shapes = operationShapes(operation);
  return shapes === undefined ? fc.jsonValue() : values.of(shapes.input, 0);
}

/** An operation's name and an input for it, its members right or wrong, as plain data before any encoding. */
export function operationInputArb(known: readonly string[]): fc.Arbitrary<readonly [string, unknown]> {
  const values = new InputValues(known);
  return fc.oneof(...IMPLEMENTED.map((operation) => inputArb(operation, values).map((input) => [operation, input] as const)));
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/**
 * Inputs that an operation accepts when the ids are right, so that a fair share of fuzzed requests get past
 * validation and exercise the output side of the codec; `known` is [fleetId, fleetArn, aliasId, aliasArn,
 * gameSessionId, playerSessionId, queueName, placementId, …].
 */
const shortId = fc.stringMatching(/^[a-z0-9-]{1,12}$/);

function acceptedInput(operation: string, known: readonly string[]): fc.Arbitrary<unknown> | undefined {
  const [fleetId, fleetArn, aliasId, , gameSessionId, , queue, placementId] = known;
  const players = fc.integer({ min: 0, max: 10 });
  const id = shortId;
  const inputs: Record<string, fc.Arbitrary<unknown>> = {
    CreateAlias: id.map((Name) => ({ Name, RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetId } })),
    CreateGameSession: players.map((MaximumPlayerSessionCount) => ({ FleetId: fleetId, MaximumPlayerSessionCount })),
    CreatePlayerSession: id.map((PlayerId) => ({ GameSessionId: gameSessionId, PlayerId })),
    CreatePlayerSessions: fc.uniqueArray(id, { minLength: 1, maxLength: 3 }).map((PlayerIds) => ({ GameSessionId: gameSessionId, PlayerIds })),
    DescribeAlias: fc.constant({ AliasId: aliasId }),
    DescribeFleetAttributes: fc.constantFrom({}, { FleetIds: [fleetId] }, { Limit: 1 }),
    DescribeFleetCapacity: fc.constantFrom({}, { FleetIds: [fleetArn] }),
    DescribeGameSessionPlacement: fc.constant({ PlacementId: placementId }),
    DescribeGameSessionQueues: fc.constantFrom({}, { Names: [queue] }),
    DescribeGameSessions: fc.constantFrom({ FleetId: fleetId }, { AliasId: aliasId, Limit: 1 }, { GameSessionId: gameSessionId }),
    DescribePlayerSessions: fc.constant({ GameSessionId: gameSessionId }),
    ResolveAlias: fc.constant({ AliasId: aliasId }),
    StartGameSessionPlacement: fc.tuple(id, players).map(([PlacementId, MaximumPlayerSessionCount]) => ({ PlacementId, GameSessionQueueName: queue, MaximumPlayerSessionCount })),
    UpdateGameSession: id.map((Name) => ({ GameSessionId: gameSessionId, Name })),
  };
  return Object.hasOwn(inputs, operation) ? inputs[operation] : undefined;
}

/** Bodies that need no operation: random JSON, deep nesting, long escapes, noise, nothing. */
const anyBody = fc.oneof(
  { weight: 2, arbitrary: fc.json().map(text) },
  { weight: 1, arbitrary: fc.nat({ max: 2_000 }).map((n) => text('['.repeat(n) + ']'.repeat(n))) },
  { weight: 1, arbitrary: fc.nat({ max: 5_000 }).map((n) => text(`{"Name":"${'\\u0041'.repeat(n)}"}`)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array()) },
);

/** Body bytes: JSON of a plausible input, CBOR of one, random JSON, truncated JSON, deep nesting, or noise. */
function bodyArb(operation: string, known: readonly string[], values: InputValues): fc.Arbitrary<Uint8Array> {
  const accepted = acceptedInput(operation, known);
  const input = accepted === undefined ? inputArb(operation, values) : fc.oneof(accepted, inputArb(operation, values));
  return fc.oneof(
    { weight: 6, arbitrary: input.map((v) => text(JSON.stringify(v) ?? '')) },
    { weight: 2, arbitrary: input.map((v) => cbor.serialize(JSON.parse(JSON.stringify(v ?? {})) as unknown)) },
    { weight: 1, arbitrary: fc.tuple(input, fc.double({ min: 0, max: 1, noNaN: true })).map(([v, share]) => {
      const json = JSON.stringify(v) ?? '';
      return text(json.slice(0, Math.floor(json.length * share)));
    }) },
    { weight: 6, arbitrary: anyBody },
  );
}

/** Header values a client can put on the wire (visible ASCII and spaces). */
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const extraHeaders = fc.dictionary(headerName, headerValue, { maxKeys: 3 });

/** A request to the server: mostly GameLift-shaped, with every part sometimes wrong. */
export function fuzzRequestArb(known: readonly string[]): fc.Arbitrary<FuzzRequest> {
  // One arbitrary per operation, built once: building them per sample (with `chain`) costs more than running them.
  const values = new InputValues(known);
  return fc.oneof(...IMPLEMENTED.map((operation) => requestArbFor(operation, known, values)));
}

function requestArbFor(operation: string, known: readonly string[], values: InputValues): fc.Arbitrary<FuzzRequest> {
  const target = fc.oneof(
    { weight: 20, arbitrary: fc.constant(`GameLift.${operation}`) },
    { weight: 1, arbitrary: fc.constantFrom('GameLift.CreateBuild', 'GameLift.', 'DynamoDB_20120810.GetItem', `gamelift.${operation}`) },
    { weight: 1, arbitrary: headerValue },
  );
  const cborFramed = fc.record({
    method: fc.constant('POST'),
    path: fc.oneof({ weight: 20, arbitrary: fc.constant(`/service/GameLift/operation/${operation}`) }, { weight: 1, arbitrary: fc.constantFrom('/service/GameLift/operation/', '/service/Other/operation/X') }),
    headers: fc.record({
      'smithy-protocol': fc.oneof({ weight: 20, arbitrary: fc.constant('rpc-v2-cbor') }, { weight: 1, arbitrary: headerValue }),
      'content-type': fc.constant('application/cbor'),
    }, { requiredKeys: ['smithy-protocol'] }),
  });
  const jsonFramed = fc.record({
    method: fc.oneof({ weight: 20, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') }),
    path: fc.oneof({ weight: 20, arbitrary: fc.constant('/') }, { weight: 1, arbitrary: fc.constantFrom('/?x=1', '//', '/_sim/events', '/_sim/advance', '/_sim/', '/%ff') }),
    headers: fc.oneof({ weight: 20, arbitrary: fc.record({
      'x-amz-target': target,
      'content-type': fc.constantFrom('application/x-amz-json-1.1', 'application/json', 'text/plain', 'application/cbor'),
    }, { requiredKeys: ['x-amz-target'] }) }, { weight: 1, arbitrary: fc.constant({}) }),
  });
  return fc.tuple(
    fc.oneof({ weight: 4, arbitrary: jsonFramed }, { weight: 1, arbitrary: cborFramed }),
    extraHeaders,
    bodyArb(operation, known, values),
  ).map(([frame, extra, body]) => ({ method: frame.method, path: frame.path, headers: { ...extra, ...frame.headers }, body }));
}
