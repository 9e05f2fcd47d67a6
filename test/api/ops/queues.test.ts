import type { CreateGameSessionQueueInput, GameSessionQueue, PriorityType } from '@aws-sdk/client-gamelift';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../../src/api/simulation.ts';
import { activeFleet, expectRefusedUnchanged, quickSimulation } from '../../support/fixtures.ts';
import { HOME, REMOTE, fillLocation, placementOf, queueOver, startPlacement } from '../../support/placement-arbitraries.ts';

const ACCOUNT = '123456789012';
const PRIORITIES: PriorityType[] = ['LATENCY', 'COST', 'DESTINATION', 'LOCATION'];
const queueArnOf = (name: string): string => `arn:aws:gamelift:${HOME}:${ACCOUNT}:gamesessionqueue/${name}`;

function fleetWorld(): { sim: Simulation; fleetId: string; fleetArn: string; aliasArn: string } {
  const sim = quickSimulation(1);
  const fleetId = activeFleet(sim, { processesPerInstance: 1, locations: [HOME, ...REMOTE] });
  const fleetArn = sim.call('DescribeFleetAttributes', { FleetIds: [fleetId] }).FleetAttributes![0]!.FleetArn!;
  const aliasArn = sim.call('CreateAlias', { Name: 'alias', RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetId } }).Alias!.AliasArn!;
  return { sim, fleetId, fleetArn, aliasArn };
}

function describeQueue(sim: Simulation, name: string): GameSessionQueue {
  return sim.call('DescribeGameSessionQueues', { Names: [name] }).GameSessionQueues![0]!;
}

const queueNameArb = fc.stringMatching(/^[a-zA-Z0-9-]{1,128}$/);
const locationsArb = (minLength: number) => fc.shuffledSubarray([HOME, ...REMOTE, 'us-east-1', 'custom-home'], { minLength });

/** Well-formed optional settings of a queue; destinations are chosen later, as they must exist. */
const settingsArb = fc.record(
  {
    TimeoutInSeconds: fc.integer({ min: 10, max: 600 }),
    PlayerLatencyPolicies: fc.array(fc.record(
      { MaximumIndividualPlayerLatencyMilliseconds: fc.nat({ max: 1000 }), PolicyDurationSeconds: fc.nat({ max: 600 }) },
      { requiredKeys: ['MaximumIndividualPlayerLatencyMilliseconds'] },
    ), { maxLength: 4 }),
    FilterConfiguration: fc.record({ AllowedLocations: locationsArb(1) }),
    PriorityConfiguration: fc.record(
      { PriorityOrder: fc.shuffledSubarray(PRIORITIES, { minLength: 1 }), LocationOrder: locationsArb(1) },
      { requiredKeys: [] },
    ),
    CustomEventData: fc.string({ maxLength: 256 }),
    NotificationTarget: fc.constant(`arn:aws:sns:${HOME}:${ACCOUNT}:placements`),
  },
  { requiredKeys: [] },
);

/** The members of a queue that its settings set. */
function settingsOf(q: GameSessionQueue): Partial<GameSessionQueue> {
  const { TimeoutInSeconds, PlayerLatencyPolicies, FilterConfiguration, PriorityConfiguration, CustomEventData, NotificationTarget } = q;
  return { TimeoutInSeconds, PlayerLatencyPolicies, FilterConfiguration, PriorityConfiguration, CustomEventData, NotificationTarget };
}

/** What a queue created (or updated) with `settings` shows for them. */
function shownSettings(settings: Partial<CreateGameSessionQueueInput>): Partial<GameSessionQueue> {
  return {
    TimeoutInSeconds: settings.TimeoutInSeconds ?? 600,
    PlayerLatencyPolicies: settings.PlayerLatencyPolicies ?? [],
    FilterConfiguration: settings.FilterConfiguration,
    PriorityConfiguration: settings.PriorityConfiguration === undefined || Object.keys(settings.PriorityConfiguration).length === 0
      ? undefined
      : settings.PriorityConfiguration,
    CustomEventData: settings.CustomEventData,
    NotificationTarget: settings.NotificationTarget,
  };
}

describe('CreateGameSessionQueue', () => {
  it('creates a queue with the settings sent, TimeoutInSeconds 600 by default, destinations as ARNs; Describe shows the same', () => {
    // A fleet by id or by ARN is the same destination, which a queue holds once; an alias to it is another one.
    const destinationKindsArb = fc.tuple(fc.constantFrom('fleetId' as const, 'fleetArn' as const), fc.constant('aliasArn' as const))
      .chain((kinds) => fc.shuffledSubarray(kinds));
    fc.assert(
      fc.property(queueNameArb, settingsArb, destinationKindsArb, (name, settings, destinationKinds) => {
        const { sim, ...ids } = fleetWorld();
        const destinations = destinationKinds.map((kind) => ids[kind]);
        const created = sim.call('CreateGameSessionQueue', { Name: name, ...settings, Destinations: destinations.map((DestinationArn) => ({ DestinationArn })) }).GameSessionQueue!;
        expect(created).toMatchObject({ Name: name, GameSessionQueueArn: queueArnOf(name) });
        expect(settingsOf(created)).toEqual(shownSettings(settings));
        const expectedArns = destinationKinds.map((kind) => (kind === 'aliasArn' ? ids.aliasArn : ids.fleetArn));
        expect(created.Destinations!.map((d) => d.DestinationArn)).toEqual(expectedArns);
        expect(describeQueue(sim, name)).toEqual(created);
        expect(describeQueue(sim, queueArnOf(name))).toEqual(created);
      }),
    );
  });

  it('TimeoutInSeconds must be an integer from 10 to 600; any other value is refused and changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -100, max: 1000 }), fc.double({ noNaN: false })), (timeout) => {
        const sim = quickSimulation(1);
        const run = () => sim.call('CreateGameSessionQueue', { Name: 'q', TimeoutInSeconds: timeout });
        if (Number.isInteger(timeout) && timeout >= 10 && timeout <= 600) expect(run().GameSessionQueue!.TimeoutInSeconds).toBe(timeout);
        else expect(expectRefusedUnchanged(sim, 'InvalidRequestException', run)).toContain('TimeoutInSeconds');
      }),
    );
  });

  it('PriorityOrder must hold 1–4 of LATENCY, COST, DESTINATION, LOCATION, each at most once; otherwise refused, nothing changes', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PRIORITIES, 'SPEED'), { maxLength: 6 }), (order) => {
        const sim = quickSimulation(1);
        const run = () => sim.execute('CreateGameSessionQueue', { Name: 'q', PriorityConfiguration: { PriorityOrder: order } });
        const valid = order.length >= 1 && order.length <= 4 && new Set(order).size === order.length && !order.includes('SPEED');
        if (valid) run();
        else expect(expectRefusedUnchanged(sim, 'InvalidRequestException', run)).toContain('PriorityOrder');
      }),
    );
  });

  it('LocationOrder and AllowedLocations hold 1–100 distinct well-formed locations; otherwise refused, nothing changes', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `custom-${i}`);
    for (const field of ['LocationOrder', 'AllowedLocations'] as const) {
      const input = (locations: string[]) => field === 'LocationOrder'
        ? { Name: 'q', PriorityConfiguration: { PriorityOrder: ['LOCATION'], LocationOrder: locations } }
        : { Name: 'q', FilterConfiguration: { AllowedLocations: locations } };
      for (const bad of [[], many(101), [HOME, HOME], ['us west'], ['a'.repeat(65)], [42]]) {
        const sim = quickSimulation(1);
        expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.execute('CreateGameSessionQueue', input(bad as string[])))).toContain(field);
      }
      for (const good of [[HOME], many(100)]) quickSimulation(1).execute('CreateGameSessionQueue', input(good));
    }
  });

  it('other malformed members are refused with InvalidRequestException, an unknown destination with NotFoundException; nothing changes', () => {
    const { sim, fleetId } = fleetWorld();
    queueOver(sim, [fleetId], {}, 'taken');
    const refusals: [string, Record<string, unknown>][] = [
      ['InvalidRequestException', {}],
      ['InvalidRequestException', { Name: '' }],
      ['InvalidRequestException', { Name: 'a'.repeat(129) }],
      ['InvalidRequestException', { Name: 'a b' }],
      ['InvalidRequestException', { Name: 'a_b' }],
      ['InvalidRequestException', { Name: 'taken' }],
      ['InvalidRequestException', { Name: 'q', PlayerLatencyPolicies: [{ PolicyDurationSeconds: 5 }] }],
      ['InvalidRequestException', { Name: 'q', PlayerLatencyPolicies: [{ MaximumIndividualPlayerLatencyMilliseconds: -1 }] }],
      ['InvalidRequestException', { Name: 'q', PlayerLatencyPolicies: [{ MaximumIndividualPlayerLatencyMilliseconds: 50, PolicyDurationSeconds: -1 }] }],
      ['InvalidRequestException', { Name: 'q', Destinations: [{ DestinationArn: 'fleet_1' }] }],
      ['InvalidRequestException', { Name: 'q', Destinations: [{ DestinationArn: 'queue-1' }] }],
      ['InvalidRequestException', { Name: 'q', Destinations: [{ DestinationArn: fleetId }, { DestinationArn: fleetId }] }],
      ['InvalidRequestException', { Name: 'q', Destinations: [{}] }],
      ['InvalidRequestException', { Name: 'q', CustomEventData: 'x'.repeat(257) }],
      ['InvalidRequestException', { Name: 'q', PriorityConfiguration: 'LOCATION' }],
      ['NotFoundException', { Name: 'q', Destinations: [{ DestinationArn: 'fleet-00000000-0000-4000-8000-000000000000' }] }],
      ['NotFoundException', { Name: 'q', Destinations: [{ DestinationArn: 'alias-00000000-0000-4000-8000-000000000000' }] }],
    ];
    for (const [error, input] of refusals) {
      expectRefusedUnchanged(sim, error, () => sim.execute('CreateGameSessionQueue', input));
    }
  });

  it('a malformed member of a PlayerLatencyPolicies or Destinations entry is refused naming the entry and the member; nothing changes', () => {
    const { sim, fleetId } = fleetWorld();
    const policy = { MaximumIndividualPlayerLatencyMilliseconds: 50, PolicyDurationSeconds: 5 };
    const cases: [string, Record<string, unknown>, string][] = [
      ['InvalidRequestException', { PlayerLatencyPolicies: [policy, { PolicyDurationSeconds: 5 }] }, 'PlayerLatencyPolicies[1].MaximumIndividualPlayerLatencyMilliseconds is required, got nothing'],
      ['InvalidRequestException', { PlayerLatencyPolicies: [policy, { ...policy, PolicyDurationSeconds: -1 }] }, 'PlayerLatencyPolicies[1].PolicyDurationSeconds must be at least 0, got -1'],
      ['InvalidRequestException', { Destinations: [{ DestinationArn: fleetId }, {}] }, 'Destinations[1].DestinationArn is required, got nothing'],
      ['InvalidRequestException', { Destinations: [{ DestinationArn: fleetId }, { DestinationArn: 'queue-1' }] }, 'Destinations[1].DestinationArn must name a fleet or an alias, got "queue-1"'],
      ['NotFoundException', { Destinations: [{ DestinationArn: fleetId }, { DestinationArn: 'alias-00000000-0000-4000-8000-000000000000' }] }, 'Destinations[1].DestinationArn must name an existing alias, got "alias-00000000-0000-4000-8000-000000000000"'],
    ];
    for (const [error, input, message] of cases) {
      expect(expectRefusedUnchanged(sim, error, () => sim.execute('CreateGameSessionQueue', { Name: 'q', ...input }))).toBe(message);
    }
  });
});

describe('DescribeGameSessionQueues', () => {
  it('pages through every queue once, in creation order, NextToken exactly when more follow; queues deleted before their page are left out', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.subarray([...Array(12).keys()]),
        (names, limit, deleteAfterFirstPage) => {
          const sim = quickSimulation(1);
          for (const name of names) sim.call('CreateGameSessionQueue', { Name: name });
          const deleted = new Set(deleteAfterFirstPage.filter((i) => i < names.length).map((i) => names[i]!));
          const served: string[] = [];
          let token: string | undefined;
          let pages = 0;
          do {
            const page = sim.call('DescribeGameSessionQueues', { Limit: limit, NextToken: token });
            expect(page.GameSessionQueues!.length).toBeLessThanOrEqual(limit);
            served.push(...page.GameSessionQueues!.map((q) => q.Name!));
            token = page.NextToken;
            if (pages++ === 0) for (const name of deleted) sim.call('DeleteGameSessionQueue', { Name: name });
            if (token !== undefined) expect(page.GameSessionQueues!.length).toBe(limit);
          } while (token !== undefined);
          const firstPage = names.slice(0, limit);
          expect(served).toEqual(names.filter((n) => firstPage.includes(n) || !deleted.has(n)));
        },
      ),
    );
  });

  it('Names lists those queues by name or ARN; an unknown name is NotFoundException; a bad Limit or NextToken is InvalidRequestException', () => {
    const sim = quickSimulation(1);
    for (const name of ['a', 'b', 'c']) sim.call('CreateGameSessionQueue', { Name: name });
    expect(sim.call('DescribeGameSessionQueues', { Names: ['c', queueArnOf('a')] }).GameSessionQueues!.map((q) => q.Name)).toEqual(['c', 'a']);
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeGameSessionQueues', { Names: ['a', 'zzz'] }));
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeGameSessionQueues', { Names: [`arn:aws:gamelift:${HOME}:999999999999:gamesessionqueue/a`] }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessionQueues', { Names: Array.from({ length: 21 }, () => 'a') }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessionQueues', { Limit: 0 }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessionQueues', { Limit: 1.5 }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessionQueues', { NextToken: 'not-a-token' }));
    const first = sim.call('DescribeGameSessionQueues', { Limit: 1 });
    expect(first.NextToken).toBeDefined();
    // A token issued for another listing is not one for this one.
    activeFleet(sim);
    activeFleet(sim);
    const fleetToken = sim.call('DescribeFleetAttributes', { Limit: 1 }).NextToken!;
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeGameSessionQueues', { NextToken: fleetToken }));
    expect(sim.call('DescribeGameSessionQueues', { Limit: 5, NextToken: first.NextToken }).GameSessionQueues!.map((q) => q.Name)).toEqual(['b', 'c']);
  });
});

describe('UpdateGameSessionQueue', () => {
  it('sent members replace the queue\'s, unsent ones stay; an empty filter or priority configuration removes it', () => {
    fc.assert(
      fc.property(settingsArb, settingsArb, fc.boolean(), fc.boolean(), fc.boolean(), (before, update, clearFilter, clearPriority, byArn) => {
        const { sim, fleetId } = fleetWorld();
        queueOver(sim, [fleetId], before, 'q');
        const sent = {
          ...update,
          ...(clearFilter && { FilterConfiguration: {} }),
          ...(clearPriority && { PriorityConfiguration: {} }),
        };
        const updated = sim.call('UpdateGameSessionQueue', { Name: byArn ? queueArnOf('q') : 'q', ...sent }).GameSessionQueue!;
        const merged = { ...before, ...sent };
        expect(updated.Name).toBe('q');
        expect(settingsOf(updated)).toEqual({ ...shownSettings(merged), FilterConfiguration: clearFilter ? undefined : merged.FilterConfiguration });
        expect(updated.Destinations).toHaveLength(1);
        expect(describeQueue(sim, 'q')).toEqual(updated);
      }),
    );
  });

  it('an update that is malformed or names an unknown queue is refused and changes nothing', () => {
    const { sim, fleetId } = fleetWorld();
    queueOver(sim, [fleetId], { TimeoutInSeconds: 100 }, 'q');
    for (const [error, input] of [
      ['InvalidRequestException', { Name: 'q', TimeoutInSeconds: 9 }],
      ['InvalidRequestException', { Name: 'q', TimeoutInSeconds: 601 }],
      ['InvalidRequestException', { Name: 'q', PriorityConfiguration: { PriorityOrder: ['COST', 'COST'] } }],
      ['InvalidRequestException', { Name: 'q', FilterConfiguration: { AllowedLocations: [] } }],
      ['InvalidRequestException', { Name: 'q b' }],
      ['NotFoundException', { Name: 'unknown', TimeoutInSeconds: 20 }],
      ['NotFoundException', { Name: 'q', Destinations: [{ DestinationArn: 'fleet-00000000-0000-4000-8000-000000000000' }] }],
    ] as const) {
      expectRefusedUnchanged(sim, error, () => sim.execute('UpdateGameSessionQueue', input));
    }
    expect(describeQueue(sim, 'q').TimeoutInSeconds).toBe(100);
  });

  it('PL-8: a placement waiting for capacity uses the queue\'s new destinations and filter at once', () => {
    const { sim, fleetId } = fleetWorld();
    for (const loc of [HOME, ...REMOTE]) fillLocation(sim, fleetId, loc);
    const spare = activeFleet(sim, { processesPerInstance: 1, locations: [HOME, 'eu-west-1'] });
    const queue = queueOver(sim, [fleetId], { FilterConfiguration: { AllowedLocations: ['eu-west-1'] } });
    startPlacement(sim, 'p', queue);
    sim.advanceBy(5);
    expect(placementOf(sim, 'p').GameSessionId).toBeUndefined();
    sim.call('UpdateGameSessionQueue', { Name: queue, Destinations: [{ DestinationArn: fleetId }, { DestinationArn: spare }] });
    sim.advanceBy(0);
    expect(placementOf(sim, 'p').GameSessionRegion).toBe('eu-west-1');
    expect(placementOf(sim, 'p').GameSessionId).toContain(spare);
  });
});

describe('queue destinations', () => {
  it('PL-8: an alias destination places on the fleet it routes to now; a TERMINAL alias offers no destination', () => {
    const sim = quickSimulation(1);
    const first = activeFleet(sim, { processesPerInstance: 1 });
    const second = activeFleet(sim, { processesPerInstance: 1 });
    const alias = sim.call('CreateAlias', { Name: 'alias', RoutingStrategy: { Type: 'TERMINAL', Message: 'closed' } }).Alias!.AliasId!;
    const queue = queueOver(sim, [alias]);
    startPlacement(sim, 'p', queue);
    sim.advanceBy(5);
    expect(placementOf(sim, 'p').GameSessionId).toBeUndefined();
    sim.call('UpdateAlias', { AliasId: alias, RoutingStrategy: { Type: 'SIMPLE', FleetId: second } });
    sim.advanceBy(3);
    expect(placementOf(sim, 'p')).toMatchObject({ Status: 'FULFILLED', GameSessionId: expect.stringContaining(second) });
    sim.call('UpdateAlias', { AliasId: alias, RoutingStrategy: { Type: 'SIMPLE', FleetId: first } });
    startPlacement(sim, 'q', queue);
    sim.advanceBy(3);
    expect(placementOf(sim, 'q')).toMatchObject({ Status: 'FULFILLED', GameSessionId: expect.stringContaining(first) });
  });
});

describe('DeleteGameSessionQueue', () => {
  it('a deleted queue is gone for Describe, Update, Delete and new placements; started placements go on until they settle [C]', () => {
    const { sim, fleetId } = fleetWorld();
    const queue = queueOver(sim, [fleetId], { CustomEventData: 'blue' });
    startPlacement(sim, 'p', queue);
    expect(sim.call('DeleteGameSessionQueue', { Name: queueArnOf(queue) })).toEqual({});
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeGameSessionQueues', { Names: [queue] }));
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('UpdateGameSessionQueue', { Name: queue, TimeoutInSeconds: 30 }));
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DeleteGameSessionQueue', { Name: queue }));
    expectRefusedUnchanged(sim, 'NotFoundException', () => startPlacement(sim, 'p2', queue));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.execute('DeleteGameSessionQueue', { Name: 'a b' }));
    expect(sim.call('DescribeGameSessionQueues', {}).GameSessionQueues).toEqual([]);

    sim.advanceBy(3);
    expect(placementOf(sim, 'p')).toMatchObject({ Status: 'FULFILLED', GameSessionQueueName: queue });
    expect(sim.placementEvents()[0]).toMatchObject({ resources: [queueArnOf(queue)], detail: { customEventData: 'blue' } });

    // The name is free again; the new queue is a different one.
    queueOver(sim, [], {}, queue);
    expect(describeQueue(sim, queue).Destinations).toEqual([]);
  });
});
