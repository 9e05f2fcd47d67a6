import { describe, expect, it } from 'vitest';
import { activeFleet, expectRefusedUnchanged, quickSimulation } from '../../support/fixtures.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const UNKNOWN_ALIAS = 'alias-00000000-0000-4000-8000-000000000000';

function world(seed: number) {
  const sim = quickSimulation(seed);
  const fleetId = activeFleet(sim);
  const fleetArn = sim.call('DescribeFleetAttributes', { FleetIds: [fleetId] }).FleetAttributes![0]!.FleetArn!;
  return { sim, fleetId, fleetArn };
}

describe('CreateAlias, DescribeAlias', () => {
  it('a SIMPLE alias names a fleet by ID or ARN and is found again by its ID or ARN', () => {
    const { sim, fleetId, fleetArn } = world(1);
    const created = sim.call('CreateAlias', { Name: 'live', Description: 'd', RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetArn } }).Alias!;
    expect(created.AliasId).toMatch(new RegExp(`^alias-${UUID}$`));
    expect(created).toMatchObject({
      Name: 'live', Description: 'd', AliasArn: `arn:aws:gamelift:us-west-2:123456789012:alias/${created.AliasId}`,
      RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetId }, CreationTime: new Date(sim.nowMs), LastUpdatedTime: new Date(sim.nowMs),
    });
    expect(sim.call('DescribeAlias', { AliasId: created.AliasId }).Alias).toEqual(created);
    expect(sim.call('DescribeAlias', { AliasId: created.AliasArn }).Alias).toEqual(created);
  });

  it('refuses SIMPLE without a fleet, TERMINAL with one, an unknown fleet, a bad type or a blank name; nothing is created', () => {
    const { sim, fleetId } = world(2);
    const cases: [string, string, Record<string, unknown>][] = [
      ['InvalidRequestException', 'RoutingStrategy.FleetId', { Name: 'a', RoutingStrategy: { Type: 'SIMPLE' } }],
      ['InvalidRequestException', 'RoutingStrategy.FleetId', { Name: 'a', RoutingStrategy: { Type: 'TERMINAL', FleetId: fleetId } }],
      ['NotFoundException', 'RoutingStrategy.FleetId', { Name: 'a', RoutingStrategy: { Type: 'SIMPLE', FleetId: 'fleet-00000000-0000-4000-8000-000000000000' } }],
      ['InvalidRequestException', 'RoutingStrategy.Type', { Name: 'a', RoutingStrategy: { Type: 'ROUND_ROBIN', FleetId: fleetId } }],
      ['InvalidRequestException', 'RoutingStrategy', { Name: 'a' }],
      ['InvalidRequestException', 'Name', { Name: '   ', RoutingStrategy: { Type: 'TERMINAL' } }],
      ['InvalidRequestException', 'Name', { RoutingStrategy: { Type: 'TERMINAL' } }],
    ];
    for (const [exception, member, input] of cases) {
      expect(expectRefusedUnchanged(sim, exception, () => sim.call('CreateAlias', input as never))).toContain(member);
    }
    expect(sim.world.aliases.size).toBe(0);
  });

  it('DescribeAlias: an unknown alias, or another account\'s ARN of a known one, is NotFoundException; a malformed id InvalidRequestException', () => {
    const { sim } = world(3);
    const alias = sim.call('CreateAlias', { Name: 'x', RoutingStrategy: { Type: 'TERMINAL', Message: 'm' } }).Alias!;
    expect(expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeAlias', { AliasId: UNKNOWN_ALIAS }))).toContain(UNKNOWN_ALIAS);
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('DescribeAlias', { AliasId: alias.AliasArn!.replace(':123456789012:', ':210987654321:') }));
    expect(expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('DescribeAlias', { AliasId: 'fleet-1' }))).toContain('AliasId');
  });
});

describe('UpdateAlias, ResolveAlias', () => {
  it('DG-3: ResolveAlias gives a SIMPLE alias\'s fleet; a TERMINAL alias is TerminalRoutingStrategyException carrying its message', () => {
    const { sim, fleetId, fleetArn } = world(11);
    const simple = sim.call('CreateAlias', { Name: 's', RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetId } }).Alias!;
    expect(sim.call('ResolveAlias', { AliasId: simple.AliasId })).toEqual({ FleetId: fleetId, FleetArn: fleetArn });
    expect(sim.call('ResolveAlias', { AliasId: simple.AliasArn })).toEqual({ FleetId: fleetId, FleetArn: fleetArn });
    const terminal = sim.call('CreateAlias', { Name: 't', RoutingStrategy: { Type: 'TERMINAL', Message: 'Season 1 is over' } }).Alias!;
    expect(expectRefusedUnchanged(sim, 'TerminalRoutingStrategyException', () => sim.call('ResolveAlias', { AliasId: terminal.AliasId }))).toBe('Season 1 is over');
    const silent = sim.call('CreateAlias', { Name: 'q', RoutingStrategy: { Type: 'TERMINAL' } }).Alias!;
    expect(expectRefusedUnchanged(sim, 'TerminalRoutingStrategyException', () => sim.call('ResolveAlias', { AliasId: silent.AliasId }))).toContain(silent.AliasId);
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('ResolveAlias', { AliasId: UNKNOWN_ALIAS }));
  });

  it('UpdateAlias changes name, description and routing, and stamps LastUpdatedTime; the old routing no longer applies', () => {
    const { sim, fleetId } = world(12);
    const other = activeFleet(sim);
    const alias = sim.call('CreateAlias', { Name: 'a', RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetId } }).Alias!;
    sim.advanceBy(10);
    const moved = sim.call('UpdateAlias', { AliasId: alias.AliasId, Name: 'b', Description: 'moved', RoutingStrategy: { Type: 'SIMPLE', FleetId: other } }).Alias!;
    expect(moved).toMatchObject({ Name: 'b', Description: 'moved', RoutingStrategy: { Type: 'SIMPLE', FleetId: other }, CreationTime: alias.CreationTime, LastUpdatedTime: new Date(sim.nowMs) });
    expect(sim.call('ResolveAlias', { AliasId: alias.AliasId }).FleetId).toBe(other);
    const closed = sim.call('UpdateAlias', { AliasId: alias.AliasArn, RoutingStrategy: { Type: 'TERMINAL', Message: 'closed' } }).Alias!;
    expect(closed.RoutingStrategy).toEqual({ Type: 'TERMINAL', FleetId: undefined, Message: 'closed' });
    expect(expectRefusedUnchanged(sim, 'TerminalRoutingStrategyException', () => sim.call('ResolveAlias', { AliasId: alias.AliasId }))).toBe('closed');
    const reopened = sim.call('UpdateAlias', { AliasId: alias.AliasId, RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetId } }).Alias!;
    expect(reopened.RoutingStrategy).toEqual({ Type: 'SIMPLE', FleetId: fleetId, Message: undefined });
    expect(reopened.Name).toBe('b');
  });

  it('UpdateAlias refuses an unknown alias, an unknown fleet or an inconsistent routing strategy, and changes nothing', () => {
    const { sim, fleetId } = world(13);
    const alias = sim.call('CreateAlias', { Name: 'a', RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetId } }).Alias!;
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('UpdateAlias', { AliasId: UNKNOWN_ALIAS, Name: 'x' }));
    expectRefusedUnchanged(sim, 'NotFoundException', () => sim.call('UpdateAlias', { AliasId: alias.AliasId, RoutingStrategy: { Type: 'SIMPLE', FleetId: 'fleet-00000000-0000-4000-8000-000000000000' } }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('UpdateAlias', { AliasId: alias.AliasId, RoutingStrategy: { Type: 'SIMPLE' } }));
    expectRefusedUnchanged(sim, 'InvalidRequestException', () => sim.call('UpdateAlias', { AliasId: alias.AliasId, Name: '' }));
    expect(sim.call('DescribeAlias', { AliasId: alias.AliasId }).Alias).toEqual(alias);
  });
});
