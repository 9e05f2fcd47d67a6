import fc from 'fast-check';
import type { CreateFleetInput } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../../src/api/simulation.ts';
import { HOME, REMOTE } from '../../support/core-arbitraries.ts';
import { activeFleet, activeGameSession, expectRefusedUnchanged, quickSimulation } from '../../support/fixtures.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

function fleetInput(overrides: Partial<CreateFleetInput> = {}): CreateFleetInput {
  return {
    Name: 'arena',
    BuildId: 'build-1111',
    EC2InstanceType: 'c5.large',
    RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/local/game/server', ConcurrentExecutions: 3 }] },
    ...overrides,
  };
}

function capacity(sim: Simulation, FleetId: string, Location = HOME) {
  return sim.call('DescribeFleetLocationCapacity', { FleetId, Location }).FleetCapacity!.InstanceCounts!;
}

function status(sim: Simulation, fleetId: string) {
  return sim.call('DescribeFleetAttributes', { FleetIds: [fleetId] }).FleetAttributes![0]!.Status;
}

describe('CreateFleet', () => {
  it('creates a NEW fleet in its home Region and remote locations that becomes ACTIVE with one instance in each', () => {
    const sim = quickSimulation(1);
    const startMs = sim.nowMs;
    const out = sim.call('CreateFleet', fleetInput({ Locations: [{ Location: HOME }, { Location: REMOTE }], FleetType: 'SPOT', Description: 'd' }));
    const fleetId = out.FleetAttributes!.FleetId!;
    expect(fleetId).toMatch(new RegExp(`^fleet-${UUID}$`));
    expect(out.FleetAttributes).toMatchObject({
      FleetArn: `arn:aws:gamelift:${HOME}:123456789012:fleet/${fleetId}`,
      Name: 'arena', Description: 'd', BuildId: 'build-1111', FleetType: 'SPOT', InstanceType: 'c5.large', Status: 'NEW',
      CreationTime: new Date(startMs), NewGameSessionProtectionPolicy: 'NoProtection', CertificateConfiguration: { CertificateType: 'DISABLED' },
    });
    expect(out.LocationStates).toEqual([{ Location: HOME, Status: 'NEW' }, { Location: REMOTE, Status: 'NEW' }]);
    sim.advanceBy(20);
    expect(status(sim, fleetId)).toBe('ACTIVATING');
    sim.advanceBy(40);
    expect(status(sim, fleetId)).toBe('ACTIVE');
    for (const location of [HOME, REMOTE]) {
      expect(capacity(sim, fleetId, location)).toEqual({ DESIRED: 1, MINIMUM: 0, MAXIMUM: 1, PENDING: 0, ACTIVE: 1, IDLE: 1, TERMINATING: 0 });
    }
  });

  it('a Realtime fleet names a ScriptId instead of a BuildId', () => {
    const sim = quickSimulation(2);
    const out = sim.call('CreateFleet', fleetInput({ BuildId: undefined, ScriptId: 'script-1', CertificateConfiguration: { CertificateType: 'GENERATED' } }));
    expect(out.FleetAttributes).toMatchObject({ ScriptId: 'script-1', CertificateConfiguration: { CertificateType: 'GENERATED' } });
    expect(out.FleetAttributes!.BuildId).toBeUndefined();
  });

  it('refuses a bad request with the exception GameLift sends, and creates nothing', () => {
    const sim = quickSimulation(3);
    const process = (ConcurrentExecutions: number) => ({ LaunchPath: '/x', ConcurrentExecutions });
    const cases: [string, string, Partial<CreateFleetInput>][] = [
      ['InvalidRequestException', 'BuildId', { ScriptId: 'script-1' }],
      ['InvalidRequestException', 'BuildId', { BuildId: undefined }],
      ['InvalidRequestException', 'ComputeType', { ComputeType: 'ANYWHERE' }],
      ['InvalidRequestException', 'EC2InstanceType', { EC2InstanceType: 'c5.enormous' as never }],
      ['InvalidRequestException', 'FleetType', { FleetType: 'CHEAP' as never }],
      ['InvalidRequestException', 'Locations', { Locations: [{ Location: REMOTE }] }],
      ['InvalidRequestException', 'Locations[1]', { Locations: [{ Location: HOME }, { Location: HOME }] }],
      ['InvalidRequestException', 'Locations', { Locations: [] }],
      ['UnsupportedRegionException', 'Locations[1].Location', { Locations: [{ Location: HOME }, { Location: 'atlantis-1' }] }],
      ['InvalidRequestException', 'ServerProcesses', { RuntimeConfiguration: { ServerProcesses: [] } }],
      ['InvalidRequestException', 'ServerProcesses', { RuntimeConfiguration: { ServerProcesses: [process(30), process(21)] } }],
      ['InvalidRequestException', 'ConcurrentExecutions', { RuntimeConfiguration: { ServerProcesses: [process(0)] } }],
      ['InvalidRequestException', 'MaxConcurrentGameSessionActivations', { RuntimeConfiguration: { ServerProcesses: [process(1)], MaxConcurrentGameSessionActivations: 0 } }],
      ['InvalidRequestException', 'GameSessionActivationTimeoutSeconds', { RuntimeConfiguration: { ServerProcesses: [process(1)], GameSessionActivationTimeoutSeconds: 601 } }],
      ['InvalidRequestException', 'RuntimeConfiguration', { RuntimeConfiguration: undefined }],
      ['InvalidRequestException', 'Name', { Name: '' }],
    ];
    for (const [exception, member, overrides] of cases) {
      const message = expectRefusedUnchanged(sim, exception, () => sim.call('CreateFleet', fleetInput(overrides)));
      expect(message, `${member}: ${message}`).toContain(member);
    }
    expect(sim.call('DescribeFleetAttributes', {}).FleetAttributes).toEqual([]);
    // The largest runtime configuration is accepted: 50 processes per instance.
    expect(sim.call('CreateFleet', fleetInput({ RuntimeConfiguration: { ServerProcesses: [process(25), process(25)] } })).FleetAttributes!.Status).toBe('NEW');
  });
});

describe('CreateFleetLocations', () => {
  it('adds remote locations to an ACTIVE fleet; each activates with one instance and hosts game sessions', () => {
    const sim = quickSimulation(11);
    const fleetId = activeFleet(sim);
    const out = sim.call('CreateFleetLocations', { FleetId: fleetId, Locations: [{ Location: REMOTE }, { Location: 'eu-west-1' }] });
    expect(out.FleetId).toBe(fleetId);
    expect(out.LocationStates).toEqual([{ Location: REMOTE, Status: 'NEW' }, { Location: 'eu-west-1', Status: 'NEW' }]);
    expect(capacity(sim, fleetId, REMOTE)).toMatchObject({ DESIRED: 1, ACTIVE: 0 });
    sim.advanceBy(60);
    expect(capacity(sim, fleetId, 'eu-west-1')).toMatchObject({ DESIRED: 1, ACTIVE: 1, IDLE: 1 });
    const s = activeGameSession(sim, fleetId, 2, 'eu-west-1');
    expect(s).toContain(`/${fleetId}/eu-west-1/`);
  });

  it('refuses a fleet that is not ACTIVE, an unknown fleet, a location the fleet has, or one that is no Region', () => {
    const sim = quickSimulation(12);
    const fresh = sim.call('CreateFleet', fleetInput()).FleetAttributes!.FleetId!;
    expectRefusedUnchanged(sim, 'InvalidFleetStatusException', () => sim.call('CreateFleetLocations', { FleetId: fresh, Locations: [{ Location: REMOTE }] }));
    sim.advanceBy(60);
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('CreateFleetLocations', { FleetId: 'fleet-00000000-0000-4000-8000-000000000000', Locations: [{ Location: REMOTE }] }));
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('CreateFleetLocations', { FleetId: fresh, Locations: [{ Location: HOME }] }))).toContain(HOME);
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('CreateFleetLocations', { FleetId: fresh, Locations: [] }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('CreateFleetLocations', { FleetId: fresh, Locations: [{ Location: REMOTE }, { Location: REMOTE }] }));
    expectRefusedUnchanged(sim, 'UnsupportedRegionException', () => sim.call('CreateFleetLocations', { FleetId: fresh, Locations: [{ Location: 'narnia-1' }] }));
    sim.call('CreateFleetLocations', { FleetId: fresh, Locations: [{ Location: REMOTE }] });
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('CreateFleetLocations', { FleetId: fresh, Locations: [{ Location: 'eu-west-1' }, { Location: REMOTE }] }));
  });
});

describe('UpdateFleetCapacity', () => {
  it('GS-2: scaling up launches instances that add capacity once ACTIVE; scaling down retires idle ones at once and drains busy ones', () => {
    const sim = quickSimulation(21);
    const fleetId = activeFleet(sim, { processesPerInstance: 1 });
    const fleetArn = sim.call('DescribeFleetAttributes', { FleetIds: [fleetId] }).FleetAttributes![0]!.FleetArn!;
    expect(sim.call('UpdateFleetCapacity', { FleetId: fleetArn, DesiredInstances: 3, MaxSize: 3 })).toEqual({ FleetId: fleetId, FleetArn: fleetArn, Location: HOME });
    expect(capacity(sim, fleetId)).toMatchObject({ DESIRED: 3, MAXIMUM: 3, PENDING: 2, ACTIVE: 1 });
    sim.advanceBy(30);
    expect(capacity(sim, fleetId)).toMatchObject({ PENDING: 0, ACTIVE: 3, IDLE: 3 });
    const busy = activeGameSession(sim, fleetId);
    sim.call('UpdateFleetCapacity', { FleetId: fleetId, DesiredInstances: 0, MinSize: 0 });
    expect(capacity(sim, fleetId)).toMatchObject({ DESIRED: 0, ACTIVE: 0, TERMINATING: 1 });
    expectRefusedUnchanged(sim, 'FleetCapacityExceededException', () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 }));
    sim.advanceBy(600);
    expect(capacity(sim, fleetId)).toMatchObject({ TERMINATING: 1 });
    sim.call('TerminateGameSession', { GameSessionId: busy, TerminationMode: 'FORCE_TERMINATE' });
    sim.advanceBy(1); // GS-4: the session is TERMINATED after the TERMINATING delay, and the instance goes with it
    expect(capacity(sim, fleetId)).toMatchObject({ DESIRED: 0, PENDING: 0, ACTIVE: 0, TERMINATING: 0 });
  });

  it('capacity set before the fleet is ACTIVE is what it activates with; a remote location scales on its own', () => {
    const sim = quickSimulation(22);
    const fleetId = sim.call('CreateFleet', fleetInput({ Locations: [{ Location: HOME }, { Location: REMOTE }] })).FleetAttributes!.FleetId!;
    sim.call('UpdateFleetCapacity', { FleetId: fleetId, Location: REMOTE, DesiredInstances: 2, MinSize: 1, MaxSize: 4 });
    sim.advanceBy(60);
    expect(capacity(sim, fleetId, REMOTE)).toEqual({ DESIRED: 2, MINIMUM: 1, MAXIMUM: 4, PENDING: 0, ACTIVE: 2, IDLE: 2, TERMINATING: 0 });
    expect(capacity(sim, fleetId, HOME)).toMatchObject({ DESIRED: 1, ACTIVE: 1 });
  });

  it('refuses limits that do not hold MinSize ≤ DesiredInstances ≤ MaxSize, negative counts, unknown fleets and locations', () => {
    const sim = quickSimulation(23);
    const fleetId = activeFleet(sim);
    const cases: [string, string, Record<string, unknown>][] = [
      ['InvalidRequestException', 'DesiredInstances', { DesiredInstances: 2 }],
      ['InvalidRequestException', 'MinSize', { MinSize: 3, MaxSize: 2 }],
      ['InvalidRequestException', 'DesiredInstances', { DesiredInstances: 0, MinSize: 1 }],
      ['InvalidRequestException', 'DesiredInstances', { DesiredInstances: -1 }],
      ['InvalidRequestException', 'MaxSize', { MaxSize: 1.5 }],
      ['NotFoundException', 'Location', { Location: 'eu-west-1' }],
      ['UnsupportedRegionException', 'Location', { Location: 'nowhere-9' }],
    ];
    for (const [exception, member, input] of cases) {
      const message = expectRefusedUnchanged(sim, exception, () => sim.call('UpdateFleetCapacity', { FleetId: fleetId, ...input }));
      expect(message).toContain(member);
    }
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('UpdateFleetCapacity', { FleetId: 'fleet-00000000-0000-4000-8000-000000000000', DesiredInstances: 1 }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('UpdateFleetCapacity', { DesiredInstances: 1 } as never));
  });
});

describe('DescribeFleetAttributes, DescribeFleetCapacity, DescribeFleetLocationCapacity', () => {
  it('DescribeFleetAttributes pages through every fleet in creation order, each once, with NextToken exactly when more follow, while fleets are created meanwhile', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 10 }),
        fc.constantFrom('DescribeFleetAttributes' as const, 'DescribeFleetCapacity' as const),
        (before, Limit, createdBetweenPages, operation) => {
          const sim = quickSimulation(31);
          const create = () => sim.call('CreateFleet', fleetInput()).FleetAttributes!.FleetId!;
          const existing = Array.from({ length: before }, create);
          const got: string[] = [];
          let NextToken: string | undefined;
          let page = 0;
          do {
            const out = sim.execute(operation, { Limit, NextToken }) as { FleetAttributes?: { FleetId?: string }[]; FleetCapacity?: { FleetId?: string }[]; NextToken?: string };
            const ids = (out.FleetAttributes ?? out.FleetCapacity!).map((f) => f.FleetId!);
            expect(ids.length).toBeLessThanOrEqual(Limit);
            if (out.NextToken !== undefined) expect(ids).toHaveLength(Limit);
            else expect(got.length + ids.length).toBe(sim.world.fleets.size);
            got.push(...ids);
            NextToken = out.NextToken;
            for (let i = 0; i < (createdBetweenPages[page++] ?? 0); i++) create();
          } while (NextToken !== undefined);
          // Every fleet that existed when paging began, once each, in creation order; later ones may follow.
          const all = [...sim.world.fleets.keys()];
          expect(got).toEqual(all.slice(0, got.length));
          expect(got.slice(0, existing.length)).toEqual(existing);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('named fleets by ID or ARN, in the order asked; an unknown one is NotFoundException naming its place', () => {
    const sim = quickSimulation(32);
    const a = activeFleet(sim);
    const b = activeFleet(sim, { locations: [HOME, REMOTE] });
    const arnOfB = sim.call('DescribeFleetAttributes', { FleetIds: [b] }).FleetAttributes![0]!.FleetArn!;
    expect(sim.call('DescribeFleetAttributes', { FleetIds: [arnOfB, a] }).FleetAttributes!.map((f) => f.FleetId)).toEqual([b, a]);
    const capacities = sim.call('DescribeFleetCapacity', { FleetIds: [a, b] }).FleetCapacity!;
    expect(capacities.map((c) => [c.FleetId, c.Location, c.InstanceType])).toEqual([[a, HOME, 'c5.large'], [b, HOME, 'c5.large']]);
    const unknown = 'fleet-00000000-0000-4000-8000-000000000000';
    const message = expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeFleetCapacity', { FleetIds: [a, unknown] }));
    expect(message).toContain('FleetIds[1]');
    expect(message).toContain(unknown);
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeFleetAttributes', { FleetIds: [] }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeFleetAttributes', { Limit: 0 }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeFleetAttributes', { NextToken: 'never-issued' }));
  });

  it('DescribeFleetLocationCapacity reads one location; a location the fleet lacks is NotFoundException', () => {
    const sim = quickSimulation(33);
    const fleetId = activeFleet(sim, { locations: [HOME, REMOTE], desiredInstances: 2 });
    activeGameSession(sim, fleetId, 2, REMOTE);
    expect(sim.call('DescribeFleetLocationCapacity', { FleetId: fleetId, Location: REMOTE }).FleetCapacity).toMatchObject({
      FleetId: fleetId, Location: REMOTE, InstanceCounts: { DESIRED: 2, ACTIVE: 2, IDLE: 1 },
    });
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeFleetLocationCapacity', { FleetId: fleetId, Location: 'eu-west-1' }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeFleetLocationCapacity', { FleetId: fleetId } as never));
  });
});
