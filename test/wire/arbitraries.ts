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
const DEPTH_MAX = 4;

/** Strings the simulator might recognise, to get past validation now and then, and strings it never will. */
function stringArb(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'ACTIVE', 'SIMPLE', 'TERMINAL', 'NORMAL', 'us-west-2', 'x'.repeat(2000)) },
  );
}

/** Any JSON-ish value, for members of the wrong type. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null), fc.boolean(), fc.double(), fc.string({ maxLength: 5 }), fc.constant([]), fc.constant({}),
  fc.constant([null]), fc.integer(),
);

/** Values of `schema`'s type, sometimes of the wrong type, with members picked at random. */
function valueArb(schema: NormalizedSchema, known: readonly string[], depth: number): fc.Arbitrary<unknown> {
  const right = ((): fc.Arbitrary<unknown> => {
    if (depth >= DEPTH_MAX) return fc.constant(undefined);
    if (schema.isStructSchema()) {
      const members = Object.fromEntries([...schema.structIterator()].map(([name, member]) => [name, valueArb(member, known, depth + 1)]));
      return fc.record(members, { requiredKeys: [] });
    }
    if (schema.isListSchema()) return fc.array(valueArb(schema.getValueSchema(), known, depth + 1), { maxLength: 4 });
    if (schema.isMapSchema()) return fc.dictionary(fc.string({ maxLength: 6 }), valueArb(schema.getValueSchema(), known, depth + 1), { maxKeys: 3 });
    if (schema.isTimestampSchema()) return fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.double({ noNaN: true }));
    if (schema.isBooleanSchema()) return fc.boolean();
    if (schema.isNumericSchema()) return fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double(), fc.constant(2 ** 53 + 2), fc.constant(1e308));
    if (schema.isStringSchema()) return stringArb(known);
    return fc.jsonValue({ maxDepth: 2 });
  })();
  return fc.oneof({ weight: 9, arbitrary: right }, { weight: 1, arbitrary: wrongValue });
}

/** A body for `operation`: its input shape filled in, right or wrong. */
function inputArb(operation: string, known: readonly string[]): fc.Arbitrary<unknown> {
  const shapes = operationShapes(operation);
  return shapes === undefined ? fc.jsonValue() : valueArb(shapes.input, known, 0);
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/**
 * Inputs that an operation accepts when the ids are right, so that a fair share of fuzzed requests get past
 * validation and exercise the output side of the codec; `known` is [fleetId, fleetArn, aliasId, aliasArn,
 * gameSessionId, playerSessionId, queueName, placementId, …].
 */
function acceptedInput(operation: string, known: readonly string[]): fc.Arbitrary<unknown> | undefined {
  const [fleetId, fleetArn, aliasId, , gameSessionId, , queue, placementId] = known;
  const players = fc.integer({ min: 0, max: 10 });
  const id = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
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

/** Body bytes: JSON of a plausible input, CBOR of one, random JSON, truncated JSON, deep nesting, or noise. */
function bodyArb(operation: string, known: readonly string[]): fc.Arbitrary<Uint8Array> {
  const accepted = acceptedInput(operation, known);
  const input = accepted === undefined ? inputArb(operation, known) : fc.oneof(accepted, inputArb(operation, known));
  return fc.oneof(
    { weight: 6, arbitrary: input.map((v) => text(JSON.stringify(v) ?? '')) },
    { weight: 2, arbitrary: input.map((v) => cbor.serialize(JSON.parse(JSON.stringify(v ?? {})) as unknown)) },
    { weight: 2, arbitrary: fc.json().map(text) },
    { weight: 1, arbitrary: input.chain((v) => {
      const json = JSON.stringify(v) ?? '';
      return fc.nat({ max: json.length }).map((cut) => text(json.slice(0, cut)));
    }) },
    { weight: 1, arbitrary: fc.nat({ max: 50_000 }).map((n) => text('['.repeat(n) + ']'.repeat(n))) },
    { weight: 1, arbitrary: fc.nat({ max: 100_000 }).map((n) => text(`{"Name":"${'\\u0041'.repeat(n)}"}`)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constant(new Uint8Array()) },
  );
}

/** Header values a client can put on the wire (visible ASCII and spaces). */
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);

/** A request to the server: mostly GameLift-shaped, with every part sometimes wrong. */
export function fuzzRequestArb(known: readonly string[]): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...IMPLEMENTED).chain((operation) => {
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
      fc.dictionary(headerName, headerValue, { maxKeys: 3 }),
      bodyArb(operation, known),
    ).map(([frame, extra, body]) => ({ method: frame.method, path: frame.path, headers: { ...extra, ...frame.headers }, body }));
  });
}
