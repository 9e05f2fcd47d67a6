import { describe, expect, it } from 'vitest';
import { DescribeInstancesCommand, paginateDescribeInstances, type Instance } from '@aws-sdk/client-gamelift';
import { gameLiftClientFor } from '../../../src/wire/client.ts';
import { activeFleet, expectRefusedUnchanged, quickSimulation, settleFleets } from '../../support/fixtures.ts';

describe('DescribeInstances', () => {
  it('lists a fleet\'s live instances in every location, with the service model\'s members', () => {
    const sim = quickSimulation(11);
    const fleetId = activeFleet(sim, { locations: ['us-west-2', 'eu-west-1'], desiredInstances: 2, tls: true });
    const { Instances, NextToken } = sim.call('DescribeInstances', { FleetId: fleetId });
    expect(NextToken).toBeUndefined();
    expect(Instances).toHaveLength(4);
    const fleet = sim.world.fleets.get(fleetId)!;
    for (const i of Instances!) {
      expect(i).toMatchObject({ FleetId: fleetId, FleetArn: fleet.fleetArn, Status: 'ACTIVE', Type: 'c5.large', OperatingSystem: 'AMAZON_LINUX_2023' });
      expect(i.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
      expect(i.IpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(i.DnsName).toMatch(/amazongamelift\.com$/);
      expect(i.CreationTime).toBeInstanceOf(Date);
    }
    expect(new Set(Instances!.map((i) => i.Location))).toEqual(new Set(['us-west-2', 'eu-west-1']));
    const inEurope = sim.call('DescribeInstances', { FleetId: fleetId, Location: 'eu-west-1' }).Instances!;
    expect(inEurope.map((i) => i.Location)).toEqual(['eu-west-1', 'eu-west-1']);
    const one = sim.call('DescribeInstances', { FleetId: fleet.fleetArn, InstanceId: inEurope[1]!.InstanceId }).Instances!;
    expect(one).toEqual([inEurope[1]]);
  });

  it('shows PENDING while an instance starts and TERMINATING while a reclaimed one drains', () => {
    const sim = quickSimulation(12);
    const fleetId = activeFleet(sim, { fleetType: 'SPOT' });
    const [first] = sim.call('DescribeInstances', { FleetId: fleetId }).Instances!;
    sim.reclaimSpotInstance(first!.InstanceId!);
    const statuses = sim.call('DescribeInstances', { FleetId: fleetId }).Instances!.map((i) => i.Status);
    // The reclaimed instance hosts no game session, so it goes at once; its replacement is starting.
    expect(statuses).toEqual(['PENDING']);
    settleFleets(sim);
    expect(sim.call('DescribeInstances', { FleetId: fleetId }).Instances!.map((i) => i.Status)).toEqual(['ACTIVE']);
  });

  it('DG-6: pages in launch order with a NextToken exactly when more follow; every instance once', () => {
    const sim = quickSimulation(13);
    const fleetId = activeFleet(sim, { locations: ['us-west-2', 'us-east-1'], desiredInstances: 3 });
    const all = sim.call('DescribeInstances', { FleetId: fleetId }).Instances!;
    const paged: Instance[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = sim.call('DescribeInstances', { FleetId: fleetId, Limit: 2, NextToken: token });
      paged.push(...out.Instances!);
      token = out.NextToken;
      pages++;
    } while (token !== undefined);
    expect(pages).toBe(3);
    expect(paged).toEqual(all);
    const keys = all.map((i) => [i.CreationTime!.getTime(), i.InstanceId!] as const);
    expect([...keys].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))).toEqual(keys);
  });

  it('refuses bad requests with the exception GameLift sends, and a refusal changes nothing', () => {
    const sim = quickSimulation(14);
    const fleetId = activeFleet(sim);
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeInstances', {} as never))).toMatch(/^FleetId is required/);
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeInstances', { FleetId: 'nope' }));
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeInstances', { FleetId: 'fleet-missing' }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeInstances', { FleetId: fleetId, Limit: 0 }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeInstances', { FleetId: fleetId, InstanceId: 'i x' }));
    expect(expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeInstances', { FleetId: fleetId, InstanceId: 'i-0' }))).toMatch(/InstanceId/);
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeInstances', { FleetId: fleetId, Location: 'eu-west-1' }));
    expectRefusedUnchanged(sim, 'UnsupportedRegionException', () => sim.call('DescribeInstances', { FleetId: fleetId, Location: 'moon-1' }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeInstances', { FleetId: fleetId, NextToken: 'forged' }));
  });

  it('WR-1: works through the real SDK, paginator included, with Dates at the launch time', async () => {
    const sim = quickSimulation(15);
    const fleetId = activeFleet(sim, { desiredInstances: 5 });
    const client = gameLiftClientFor(sim);
    const direct = sim.call('DescribeInstances', { FleetId: fleetId }).Instances!;
    const seen: Instance[] = [];
    for await (const page of paginateDescribeInstances({ client, pageSize: 2 }, { FleetId: fleetId })) seen.push(...page.Instances!);
    expect(seen.map((i) => i.InstanceId)).toEqual(direct.map((i) => i.InstanceId));
    expect(seen[0]!.CreationTime!.getTime()).toBe(direct[0]!.CreationTime!.getTime());
    await expect(client.send(new DescribeInstancesCommand({ FleetId: 'fleet-missing' }))).rejects.toMatchObject({ name: 'NotFoundException' });
  });
});
