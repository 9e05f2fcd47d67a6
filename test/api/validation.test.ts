import fc from 'fast-check';
import { EC2InstanceType } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import { KNOWN_REGIONS } from '../../src/model/regions.ts';
import { HOME, REMOTE } from '../support/core-arbitraries.ts';
import { activeFleet, activeGameSession, expectRefusedUnchanged, quickSimulation } from '../support/fixtures.ts';

/**
 * The input constraints of the rules file, one member at a time: each operation's valid input with one member made
 * invalid (wrong type, too short or long, bad pattern, out of range, missing, unknown id) is refused with the
 * exception GameLift sends, a message that names the member and shows the value, and no change to the state.
 */

/** What a member must be; `unknown` lists well-formed values that name nothing, with the exception they get. */
type Constraint =
  | { readonly t: 'string'; readonly required?: boolean; readonly min?: number; readonly max?: number; readonly pattern?: RegExp; readonly unknown?: Unknown[] }
  | { readonly t: 'int'; readonly required?: boolean; readonly min?: number; readonly max?: number }
  | { readonly t: 'enum'; readonly required?: boolean; readonly values: readonly string[] }
  | { readonly t: 'list'; readonly required?: boolean; readonly min?: number; readonly max?: number; readonly item: unknown }
  | { readonly t: 'object'; readonly required?: boolean };

interface Unknown {
  readonly value: fc.Arbitrary<string>;
  readonly exception: string;
}

/** One member of one operation's input, addressed by `path`, named in messages as `label`. */
interface MemberCase {
  readonly path: readonly (string | number)[];
  readonly label: string;
  readonly constraint: Constraint;
}

/** The invalid value (MISSING: the member left out) and the exception it must get. */
interface Invalid {
  readonly value: unknown;
  readonly exception: string;
}

const MISSING = Symbol('missing');

const wrongTypeForString = fc.oneof(fc.integer(), fc.boolean(), fc.constant({ a: 1 }), fc.constant([1, 2]));
const notAnInteger = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).filter((d) => !Number.isInteger(d)),
  fc.stringMatching(/^[0-9]{1,4}$/),
  fc.boolean(),
);

/** Every way to make a member with `constraint` invalid. */
function invalidValue(constraint: Constraint): fc.Arbitrary<Invalid> {
  const refused = (value: fc.Arbitrary<unknown>): fc.Arbitrary<Invalid> => value.map((v) => ({ value: v, exception: 'InvalidRequestException' }));
  const ways: fc.Arbitrary<Invalid>[] = [];
  if (constraint.required) ways.push(fc.constant({ value: MISSING, exception: 'InvalidRequestException' }));
  switch (constraint.t) {
    case 'string': {
      ways.push(refused(wrongTypeForString));
      const min = constraint.min ?? 0;
      if (min > 0) ways.push(refused(fc.string({ maxLength: min - 1 })));
      // The string just past the longest allowed as often as any other, where an off-by-one would hide.
      if (constraint.max !== undefined) {
        const max = constraint.max;
        ways.push(refused(fc.oneof(fc.constant(max + 1), fc.integer({ min: max + 1, max: max + 40 })).map((n) => 'x'.repeat(n))));
      }
      const pattern = constraint.pattern;
      if (pattern !== undefined) {
        const shortest = Math.max(min, 1);
        const longest = Math.min(constraint.max ?? 40, 40);
        ways.push(refused(fc.oneof(fc.string({ minLength: shortest, maxLength: longest }), fc.constant('has space'), fc.constant('ünïcödé')).filter((s) => s.length >= shortest && s.length <= longest && !pattern.test(s))));
      }
      for (const unknown of constraint.unknown ?? []) ways.push(unknown.value.map((v) => ({ value: v, exception: unknown.exception })));
      break;
    }
    case 'int': {
      ways.push(refused(notAnInteger));
      // The value just past each bound as often as any other, where an off-by-one would hide.
      if (constraint.min !== undefined) ways.push(refused(fc.oneof(fc.constant(constraint.min - 1), fc.integer({ min: constraint.min - 1000, max: constraint.min - 1 }))));
      if (constraint.max !== undefined) ways.push(refused(fc.oneof(fc.constant(constraint.max + 1), fc.integer({ min: constraint.max + 1, max: constraint.max + 1000 }))));
      break;
    }
    case 'enum': {
      const values = constraint.values;
      ways.push(refused(fc.oneof(fc.integer(), fc.string({ maxLength: 20 }), fc.constantFrom(...values.map((v) => v.toLowerCase()))).filter((v) => !values.includes(v as string))));
      break;
    }
    case 'list': {
      ways.push(refused(fc.oneof(fc.string({ minLength: 1, maxLength: 5 }), fc.constant({ a: 1 }), fc.integer())));
      if ((constraint.min ?? 0) > 0) ways.push(refused(fc.constant([])));
      if (constraint.max !== undefined) {
        const { max, item } = constraint;
        ways.push(refused(fc.integer({ min: max + 1, max: max + 3 }).map((n) => Array.from({ length: n }, () => item))));
      }
      break;
    }
    case 'object':
      ways.push(refused(fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant([1]))));
      break;
  }
  return fc.oneof(...ways);
}

/** How a message shows a value: a string quoted (long ones cut short), anything else as JSON (cut short). */
function shown(value: unknown): string {
  if (typeof value === 'string') return `"${value.slice(0, 40)}`;
  return JSON.stringify(value).slice(0, 40);
}

/** `input` with the member at `path` set to `value`, or removed for MISSING (null in a list); `input` itself is untouched. */
function withMember(input: Record<string, unknown>, path: readonly (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(input);
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  // JSON has no holes in a list: a missing item is a null there.
  if (value === MISSING && Array.isArray(at)) at[last] = null;
  else if (value === MISSING) delete at[last];
  else at[last] = value;
  return copy;
}

/** The world every case runs in: built the same way each time, so its ids are the same in every build. */
interface ValidationWorld {
  readonly sim: Simulation;
  readonly fleetId: string;
  readonly aliasId: string;
  readonly gameSessionId: string;
  readonly playerSessionId: string;
}

function validationWorld(): ValidationWorld {
  const sim = quickSimulation('validation');
  const fleetId = activeFleet(sim, { locations: [HOME, REMOTE], processesPerInstance: 10 });
  const aliasId = sim.call('CreateAlias', { Name: 'v', RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetId } }).Alias!.AliasId!;
  const gameSessionId = activeGameSession(sim, fleetId, 20);
  const playerSessionId = sim.call('CreatePlayerSession', { GameSessionId: gameSessionId, PlayerId: 'player-1' }).PlayerSession!.PlayerSessionId!;
  return { sim, fleetId, aliasId, gameSessionId, playerSessionId };
}

const uuid = fc.uuid({ version: 4 });
const unsupportedLocation = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((s) => !KNOWN_REGIONS.has(s) && !s.startsWith('custom-'));
const otherRegion = fc.constantFrom(...[...KNOWN_REGIONS].filter((r) => r !== HOME && r !== REMOTE));

/** Constraints shared by several operations, with the unknown values that make sense in the validation world. */
function shapes(w: ValidationWorld) {
  const fleetId: Constraint = {
    t: 'string', required: true, min: 1, max: 512, pattern: /^[a-z]*fleet-[a-zA-Z0-9-]+$|^arn:.*:[a-z]*fleet\/[a-z]*fleet-[a-zA-Z0-9-]+$/,
    unknown: [{ value: uuid.map((u) => `fleet-${u}`), exception: 'NotFoundException' }],
  };
  const aliasId: Constraint = {
    t: 'string', required: true, min: 1, pattern: /^alias-\S+$|^arn:.*:alias\/alias-\S+$/,
    unknown: [{ value: uuid.map((u) => `alias-${u}`), exception: 'NotFoundException' }],
  };
  const gameSessionId: Constraint = {
    t: 'string', required: true, min: 1, max: 512, pattern: /^[a-zA-Z0-9:/-]+$/,
    unknown: [{ value: uuid.map((u) => `arn:aws:gamelift:${HOME}::gamesession/${w.fleetId}/gsess-${u}`), exception: 'NotFoundException' }],
  };
  const location = (required: boolean): Constraint => ({
    t: 'string', required, min: 1, max: 64, pattern: /^[A-Za-z0-9-]+$/,
    unknown: [{ value: otherRegion, exception: 'NotFoundException' }, { value: unsupportedLocation, exception: 'UnsupportedRegionException' }],
  });
  const newLocation: Constraint = {
    t: 'string', required: true, min: 1, max: 64, pattern: /^[A-Za-z0-9-]+$/,
    unknown: [{ value: unsupportedLocation, exception: 'UnsupportedRegionException' }],
  };
  const text = (max: number, required = false): Constraint => ({ t: 'string', required, min: 1, max });
  const limit: Constraint = { t: 'int', min: 1 };
  const nextToken: Constraint = { t: 'string', min: 1, max: 1024, unknown: [{ value: fc.stringMatching(/^[0-9a-f]{32}$/), exception: 'InvalidRequestException' }] };
  const gameProperties: MemberCase[] = [
    { path: ['GameProperties'], label: 'GameProperties', constraint: { t: 'list', max: 16, item: { Key: 'k', Value: 'v' } } },
    { path: ['GameProperties', 0], label: 'GameProperties[0]', constraint: { t: 'object', required: true } },
    { path: ['GameProperties', 0, 'Key'], label: 'GameProperties[0].Key', constraint: { t: 'string', required: true, max: 32 } },
    { path: ['GameProperties', 0, 'Value'], label: 'GameProperties[0].Value', constraint: { t: 'string', required: true, max: 96 } },
  ];
  return { fleetId, aliasId, gameSessionId, location, newLocation, text, limit, nextToken, gameProperties };
}

/** One operation's valid input and the members the property makes invalid, one at a time. */
interface OperationCase {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly members: readonly MemberCase[];
}

function operationCases(w: ValidationWorld): OperationCase[] {
  const s = shapes(w);
  const member = (path: string, constraint: Constraint): MemberCase => ({ path: [path], label: path, constraint });
  const rc = 'RuntimeConfiguration';
  const sp0 = `${rc}.ServerProcesses[0]`;
  return [
    {
      operation: 'CreateFleet',
      input: {
        Name: 'n', Description: 'd', BuildId: 'build-1', EC2InstanceType: 'c5.large', FleetType: 'SPOT',
        RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/x', Parameters: '-p', ConcurrentExecutions: 2 }], MaxConcurrentGameSessionActivations: 2, GameSessionActivationTimeoutSeconds: 60 },
        Locations: [{ Location: HOME }, { Location: REMOTE }], NewGameSessionProtectionPolicy: 'FullProtection', CertificateConfiguration: { CertificateType: 'GENERATED' },
      },
      members: [
        member('Name', s.text(1024, true)),
        member('Description', s.text(1024)),
        member('BuildId', { t: 'string', required: true, min: 1, pattern: /^build-\S+$|^arn:.*:build\/build-\S+$/ }),
        member('EC2InstanceType', { t: 'enum', required: true, values: Object.values(EC2InstanceType) }),
        member('FleetType', { t: 'enum', values: ['ON_DEMAND', 'SPOT'] }),
        member('NewGameSessionProtectionPolicy', { t: 'enum', values: ['NoProtection', 'FullProtection'] }),
        member('CertificateConfiguration', { t: 'object' }),
        { path: ['CertificateConfiguration', 'CertificateType'], label: 'CertificateConfiguration.CertificateType', constraint: { t: 'enum', values: ['DISABLED', 'GENERATED'] } },
        member(rc, { t: 'object', required: true }),
        { path: [rc, 'ServerProcesses'], label: `${rc}.ServerProcesses`, constraint: { t: 'list', required: true, min: 1, max: 50, item: { LaunchPath: '/x', ConcurrentExecutions: 1 } } },
        { path: [rc, 'ServerProcesses', 0, 'LaunchPath'], label: `${sp0}.LaunchPath`, constraint: s.text(1024, true) },
        { path: [rc, 'ServerProcesses', 0, 'Parameters'], label: `${sp0}.Parameters`, constraint: s.text(1024) },
        { path: [rc, 'ServerProcesses', 0, 'ConcurrentExecutions'], label: `${sp0}.ConcurrentExecutions`, constraint: { t: 'int', required: true, min: 1 } },
        { path: [rc, 'MaxConcurrentGameSessionActivations'], label: `${rc}.MaxConcurrentGameSessionActivations`, constraint: { t: 'int', min: 1, max: 2_147_483_647 } },
        { path: [rc, 'GameSessionActivationTimeoutSeconds'], label: `${rc}.GameSessionActivationTimeoutSeconds`, constraint: { t: 'int', min: 1, max: 600 } },
        { path: ['Locations'], label: 'Locations', constraint: { t: 'list', min: 1, max: 100, item: { Location: HOME } } },
        { path: ['Locations', 1, 'Location'], label: 'Locations[1].Location', constraint: s.newLocation },
      ],
    },
    {
      operation: 'CreateFleetLocations',
      input: { FleetId: w.fleetId, Locations: [{ Location: 'eu-west-1' }] },
      members: [
        member('FleetId', s.fleetId),
        { path: ['Locations'], label: 'Locations', constraint: { t: 'list', required: true, min: 1, max: 100, item: { Location: 'eu-west-1' } } },
        { path: ['Locations', 0], label: 'Locations[0]', constraint: { t: 'object', required: true } },
        { path: ['Locations', 0, 'Location'], label: 'Locations[0].Location', constraint: s.newLocation },
      ],
    },
    {
      operation: 'UpdateFleetCapacity',
      input: { FleetId: w.fleetId, DesiredInstances: 1, MinSize: 0, MaxSize: 2, Location: REMOTE },
      members: [
        member('FleetId', s.fleetId),
        member('DesiredInstances', { t: 'int', min: 0, max: 100_000 }),
        member('MinSize', { t: 'int', min: 0, max: 100_000 }),
        member('MaxSize', { t: 'int', min: 0, max: 100_000 }),
        member('Location', s.location(false)),
      ],
    },
    ...(['DescribeFleetAttributes', 'DescribeFleetCapacity'] as const).flatMap((operation): OperationCase[] => [
      {
        operation,
        input: { FleetIds: [w.fleetId] },
        members: [
          { path: ['FleetIds'], label: 'FleetIds', constraint: { t: 'list', min: 1, max: 50, item: w.fleetId } },
          { path: ['FleetIds', 0], label: 'FleetIds[0]', constraint: s.fleetId },
        ],
      },
      { operation, input: { Limit: 1 }, members: [member('Limit', s.limit), member('NextToken', s.nextToken)] },
    ]),
    {
      operation: 'DescribeFleetLocationCapacity',
      input: { FleetId: w.fleetId, Location: REMOTE },
      members: [member('FleetId', s.fleetId), member('Location', s.location(true))],
    },
    {
      operation: 'CreateAlias',
      input: { Name: 'a', Description: 'd', RoutingStrategy: { Type: 'SIMPLE', FleetId: w.fleetId } },
      members: [
        member('Name', { t: 'string', required: true, min: 1, max: 1024, pattern: /\S/ }),
        member('Description', s.text(1024)),
        member('RoutingStrategy', { t: 'object', required: true }),
        { path: ['RoutingStrategy', 'Type'], label: 'RoutingStrategy.Type', constraint: { t: 'enum', required: true, values: ['SIMPLE', 'TERMINAL'] } },
        { path: ['RoutingStrategy', 'FleetId'], label: 'RoutingStrategy.FleetId', constraint: s.fleetId },
      ],
    },
    ...(['DescribeAlias', 'ResolveAlias'] as const).map((operation) => ({ operation, input: { AliasId: w.aliasId }, members: [member('AliasId', s.aliasId)] })),
    {
      operation: 'UpdateAlias',
      input: { AliasId: w.aliasId, Name: 'b', Description: 'e', RoutingStrategy: { Type: 'SIMPLE', FleetId: w.fleetId } },
      members: [
        member('AliasId', s.aliasId),
        member('Name', { t: 'string', min: 1, max: 1024, pattern: /\S/ }),
        member('Description', s.text(1024)),
        member('RoutingStrategy', { t: 'object' }),
        { path: ['RoutingStrategy', 'Type'], label: 'RoutingStrategy.Type', constraint: { t: 'enum', required: true, values: ['SIMPLE', 'TERMINAL'] } },
        { path: ['RoutingStrategy', 'FleetId'], label: 'RoutingStrategy.FleetId', constraint: s.fleetId },
      ],
    },
    {
      operation: 'CreateGameSession',
      input: {
        FleetId: w.fleetId, MaximumPlayerSessionCount: 4, Name: 'g', GameProperties: [{ Key: 'k', Value: 'v' }], CreatorId: 'c',
        GameSessionId: 'custom-1', GameSessionData: 'data', Location: REMOTE,
      },
      members: [
        member('FleetId', s.fleetId),
        member('MaximumPlayerSessionCount', { t: 'int', required: true, min: 0, max: 200 }),
        member('Name', s.text(1024)),
        member('CreatorId', s.text(1024)),
        member('GameSessionId', { t: 'string', min: 1, max: 48, pattern: /^[a-zA-Z0-9-]+$/ }),
        member('IdempotencyToken', { t: 'string', min: 1, max: 48, pattern: /^[a-zA-Z0-9-]+$/ }),
        member('GameSessionData', { t: 'string', min: 1 }),
        member('Location', s.location(false)),
        ...s.gameProperties,
      ],
    },
    {
      operation: 'CreateGameSession',
      input: { AliasId: w.aliasId, MaximumPlayerSessionCount: 4 },
      members: [member('AliasId', s.aliasId)],
    },
    {
      operation: 'DescribeGameSessions',
      input: { FleetId: w.fleetId, Location: HOME, StatusFilter: 'ACTIVE', Limit: 5 },
      members: [
        member('FleetId', s.fleetId),
        member('Location', s.location(false)),
        member('StatusFilter', { t: 'enum', values: ['ACTIVE', 'ACTIVATING', 'TERMINATED', 'TERMINATING', 'ERROR'] }),
        member('Limit', s.limit),
        member('NextToken', s.nextToken),
      ],
    },
    { operation: 'DescribeGameSessions', input: { GameSessionId: w.gameSessionId }, members: [member('GameSessionId', s.gameSessionId)] },
    { operation: 'DescribeGameSessions', input: { AliasId: w.aliasId, Limit: 2 }, members: [member('AliasId', s.aliasId)] },
    {
      operation: 'UpdateGameSession',
      input: {
        GameSessionId: w.gameSessionId, MaximumPlayerSessionCount: 12, Name: 'x', PlayerSessionCreationPolicy: 'ACCEPT_ALL',
        ProtectionPolicy: 'NoProtection', GameProperties: [{ Key: 'k', Value: 'v' }],
      },
      members: [
        member('GameSessionId', s.gameSessionId),
        // At least the one player already seated: a smaller maximum is refused too (PS-3).
        member('MaximumPlayerSessionCount', { t: 'int', min: 1, max: 200 }),
        member('Name', s.text(1024)),
        member('PlayerSessionCreationPolicy', { t: 'enum', values: ['ACCEPT_ALL', 'DENY_ALL'] }),
        member('ProtectionPolicy', { t: 'enum', values: ['NoProtection', 'FullProtection'] }),
        ...s.gameProperties,
      ],
    },
    {
      operation: 'TerminateGameSession',
      input: { GameSessionId: w.gameSessionId, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' },
      members: [member('GameSessionId', s.gameSessionId), member('TerminationMode', { t: 'enum', required: true, values: ['TRIGGER_ON_PROCESS_TERMINATE', 'FORCE_TERMINATE'] })],
    },
    {
      operation: 'CreatePlayerSession',
      input: { GameSessionId: w.gameSessionId, PlayerId: 'p', PlayerData: 'd' },
      members: [member('GameSessionId', s.gameSessionId), member('PlayerId', s.text(1024, true)), member('PlayerData', s.text(2048))],
    },
    {
      operation: 'CreatePlayerSessions',
      input: { GameSessionId: w.gameSessionId, PlayerIds: ['a', 'b'], PlayerDataMap: { a: 'x' } },
      members: [
        member('GameSessionId', s.gameSessionId),
        { path: ['PlayerIds'], label: 'PlayerIds', constraint: { t: 'list', required: true, min: 1, max: 25, item: 'a' } },
        { path: ['PlayerIds', 0], label: 'PlayerIds[0]', constraint: s.text(1024, true) },
        member('PlayerDataMap', { t: 'object' }),
        { path: ['PlayerDataMap', 'a'], label: 'PlayerDataMap.a', constraint: s.text(2048) },
      ],
    },
    {
      operation: 'DescribePlayerSessions',
      input: { GameSessionId: w.gameSessionId, PlayerSessionStatusFilter: 'RESERVED', Limit: 1 },
      members: [
        member('GameSessionId', s.gameSessionId),
        member('PlayerSessionStatusFilter', { t: 'enum', values: ['RESERVED', 'ACTIVE', 'COMPLETED', 'TIMEDOUT'] }),
        member('Limit', s.limit),
        member('NextToken', s.nextToken),
      ],
    },
    {
      operation: 'DescribePlayerSessions',
      input: { PlayerSessionId: w.playerSessionId },
      members: [member('PlayerSessionId', {
        t: 'string', required: true, pattern: /^psess-\S+$/, unknown: [{ value: uuid.map((u) => `psess-${u}`), exception: 'NotFoundException' }],
      })],
    },
    { operation: 'DescribePlayerSessions', input: { PlayerId: 'player-1' }, members: [member('PlayerId', s.text(1024, true))] },
  ];
}

describe('input constraints', () => {
  const shared = validationWorld();
  const cases = operationCases(shared);

  it('every operation\'s valid input here is accepted, so that each refusal below is the changed member\'s doing', () => {
    for (const c of cases) {
      const w = validationWorld();
      expect(() => w.sim.execute(c.operation, c.input), `${c.operation} ${JSON.stringify(c.input)}`).not.toThrow();
    }
  });

  for (const operation of new Set(cases.map((c) => c.operation))) {
    it(`input constraints, ${operation}: one member made invalid is refused with the right exception, a message naming the member and showing the value, and no change`, () => {
      // Members by label (unique within an operation), so that a counterexample prints as label, value and exception.
      const members = new Map(cases.filter((c) => c.operation === operation).flatMap((c) => c.members.map((m) => [m.label, { c, m }] as const)));
      const arbitrary = fc
        .constantFrom(...members.keys())
        .chain((label) => invalidValue(members.get(label)!.m.constraint).map((invalid) => ({ label, ...invalid })));
      fc.assert(
        fc.property(arbitrary, ({ label, ...invalid }) => {
          const { c, m } = members.get(label)!;
          const input = withMember(c.input, m.path, invalid.value);
          const message = expectRefusedUnchanged(shared.sim, invalid.exception, () => shared.sim.execute(operation, input));
          expect(message).toContain(m.label);
          if (invalid.value !== MISSING) expect(message).toContain(shown(invalid.value));
        }),
        { numRuns: 100 },
      );
    });
  }

  it('input constraints: a request that is no structure, or names an operation the simulator lacks, is InvalidRequestException', () => {
    const { sim } = shared;
    for (const input of ['x', 3, [1], null]) expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.execute('DescribeGameSessions', input));
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.execute('DeleteFleet', {}))).toContain('"DeleteFleet"');
  });
});
