import type { DescribeInstancesOutput, Instance as SdkInstance } from '@aws-sdk/client-gamelift';
import type { Fleet, Instance } from '../../model/entities.ts';
import type { ApiContext } from '../context.ts';
import { fail } from '../errors.ts';
import { fleetOf, locationOf } from '../resolve.ts';
import { FLEET_ID_OR_ARN, LOCATION, nextToken, pageLimit } from '../shapes.ts';
import { members, optionalString, requiredString, type StringRule } from '../validate.ts';

/** InstanceId as the service model bounds it. */
const INSTANCE_ID: StringRule = { min: 1, pattern: /^[a-zA-Z0-9.-]+$/, patternText: '[a-zA-Z0-9\\.-]+' };

/**
 * The operating system every simulated instance reports: builds are not modelled, so there is no build's OS to
 * copy [C]; Amazon Linux 2023 is what new GameLift builds run on.
 */
const OPERATING_SYSTEM = 'AMAZON_LINUX_2023';

/**
 * Where a listing of instances resumes: just after the instance with this (CreationTime, InstanceId) — a plain
 * tuple, as keyset page tokens carry positions.
 */
type InstanceKey = readonly [creationTimeMs: number, instanceId: string];

const keyOf = (i: Instance): InstanceKey => [i.creationTimeMs, i.instanceId];

/** Launch order: CreationTime, then InstanceId. */
function byLaunch(a: InstanceKey, b: InstanceKey): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

/** An EC2 instance as DescribeInstances shows it. */
export function instanceView(i: Instance): SdkInstance {
  const fleet = i.location.fleet;
  return {
    FleetId: fleet.fleetId,
    FleetArn: fleet.fleetArn,
    InstanceId: i.instanceId,
    IpAddress: i.ipAddress,
    DnsName: i.dnsName,
    OperatingSystem: OPERATING_SYSTEM,
    Type: fleet.instanceType as SdkInstance['Type'],
    Status: i.status,
    CreationTime: new Date(i.creationTimeMs),
    Location: i.location.location,
  };
}

/**
 * DescribeInstances: a fleet's EC2 instances that are not yet terminated (PENDING, ACTIVE, TERMINATING), in all its
 * locations or in Location, or the one named by InstanceId. Unknown fleet: NotFoundException (DG-2); a location as
 * DG-4 refuses it; an InstanceId the fleet (and Location, when set) does not hold: NotFoundException [C]. Listings
 * page in launch order (CreationTime, then InstanceId) with keyset positions, as DG-6 pages game sessions: a page
 * shows instances as they are at the time of the call; one launched meanwhile appears at the end.
 */
export function describeInstances(ctx: ApiContext, input: unknown): DescribeInstancesOutput {
  const { world, paging } = ctx;
  const m = members(input);
  const fleetIdOrArn = requiredString(m.FleetId, 'FleetId', FLEET_ID_OR_ARN);
  const instanceId = optionalString(m.InstanceId, 'InstanceId', INSTANCE_ID);
  const location = optionalString(m.Location, 'Location', LOCATION);
  const limit = pageLimit(m.Limit);
  const token = nextToken(m.NextToken);
  const fleet = fleetOf(world, fleetIdOrArn);
  const locations = location === undefined ? [...fleet.locations.values()] : [locationOf(fleet, location)];
  if (instanceId !== undefined) {
    const found = locations.flatMap((loc) => [...loc.instances]).find((i) => i.instanceId === instanceId);
    if (found === undefined) fail('NotFoundException', `InstanceId must name an instance of fleet ${fleet.fleetId}${location === undefined ? '' : ` in ${location}`}, got "${instanceId}"`);
    return { Instances: [instanceView(found)] };
  }
  const { items, NextToken } = paging.page('DescribeInstances', { FleetId: fleet.fleetId, Location: location }, token,
    (after) => pageAfter(fleet, location, after as InstanceKey | undefined, limit));
  return { Instances: items.map(instanceView), NextToken };
}

/** Up to `limit` live instances after `after` in launch order, and the key to resume from when more follow. */
function pageAfter(fleet: Fleet, location: string | undefined, after: InstanceKey | undefined, limit: number): { items: Instance[]; next: InstanceKey | undefined } {
  const live: Instance[] = [];
  for (const loc of fleet.locations.values()) {
    if (location !== undefined && loc.location !== location) continue;
    for (const i of loc.instances) if (after === undefined || byLaunch(keyOf(i), after) > 0) live.push(i);
  }
  live.sort((a, b) => byLaunch(keyOf(a), keyOf(b)));
  const items = live.slice(0, limit);
  const last = items.at(-1);
  return { items, next: live.length > limit && last !== undefined ? keyOf(last) : undefined };
}
