import {
  CertificateType,
  ComputeType,
  EC2InstanceType,
  FleetType,
  ProtectionPolicy,
  type CreateFleetLocationsOutput,
  type CreateFleetOutput,
  type DescribeFleetAttributesOutput,
  type DescribeFleetCapacityOutput,
  type DescribeFleetLocationCapacityOutput,
  type FleetAttributes,
  type UpdateFleetCapacityOutput,
} from '@aws-sdk/client-gamelift';
import { fleetArn } from '../../model/arn.ts';
import type { Fleet, RuntimeConfig } from '../../model/entities.ts';
import { destinationFleet } from '../../model/placement/destinations.ts';
import { isKnownLocation } from '../../model/regions.ts';
import type { ApiContext } from '../context.ts';
import { fail } from '../errors.ts';
import { fleetOf, locationOf } from '../resolve.ts';
import { FLEET_ID_OR_ARN, LOCATION, NON_EMPTY_1024, nextToken, pageLimit } from '../shapes.ts';
import {
  invalid,
  memberOf,
  members,
  optionalEnum,
  optionalInt,
  optionalList,
  optionalObject,
  optionalString,
  requiredInt,
  requiredList,
  requiredObject,
  requiredString,
} from '../validate.ts';
import { fleetAttributesView, fleetCapacityView, locationStateView } from '../views.ts';

/** Server processes on one instance at most (rules file: RuntimeConfiguration). */
export const PROCESSES_PER_INSTANCE_MAX = 50;
/** Instances one fleet location may be asked for; a bound on the simulation's size [C]. */
export const INSTANCES_PER_LOCATION_MAX = 100_000;

const BUILD_ID = { min: 1, pattern: /^build-\S+$|^arn:.*:build\/build-\S+$/, patternText: '^build-\\S+ or ^arn:.*:build/build-\\S+' };
const SCRIPT_ID = { min: 1, pattern: /^script-\S+$|^arn:.*:script\/script-\S+$/, patternText: '^script-\\S+ or ^arn:.*:script/script-\\S+' };

/** RuntimeConfiguration: 1–50 ServerProcesses, at most 50 processes per instance (GS-2). */
function runtimeConfiguration(value: unknown): RuntimeConfig {
  const field = 'RuntimeConfiguration';
  const rc = requiredObject(value, field);
  const serverProcesses = requiredList(rc.ServerProcesses, `${field}.ServerProcesses`, { min: 1, max: 50 }, (item, path) => {
    const sp = requiredObject(item, path);
    return {
      launchPath: requiredString(sp.LaunchPath, memberOf(path, 'LaunchPath'), NON_EMPTY_1024),
      parameters: optionalString(sp.Parameters, memberOf(path, 'Parameters'), NON_EMPTY_1024),
      concurrentExecutions: requiredInt(sp.ConcurrentExecutions, memberOf(path, 'ConcurrentExecutions'), { min: 1 }),
    };
  });
  const processesPerInstance = serverProcesses.reduce((sum, sp) => sum + sp.concurrentExecutions, 0);
  if (processesPerInstance > PROCESSES_PER_INSTANCE_MAX) {
    invalid(`${field}.ServerProcesses`, `must run at most ${PROCESSES_PER_INSTANCE_MAX} processes per instance in all`, processesPerInstance);
  }
  return {
    serverProcesses,
    processesPerInstance,
    maxConcurrentGameSessionActivations:
      optionalInt(rc.MaxConcurrentGameSessionActivations, `${field}.MaxConcurrentGameSessionActivations`, { min: 1, max: 2_147_483_647 }) ?? 2_147_483_647,
    gameSessionActivationTimeoutSeconds:
      optionalInt(rc.GameSessionActivationTimeoutSeconds, `${field}.GameSessionActivationTimeoutSeconds`, { min: 1, max: 600 }) ?? 600,
  };
}

/** A list of LocationConfiguration: known locations, each once. */
function locationList(value: unknown, field: string, required: boolean): string[] | undefined {
  const check = (item: unknown, path: string): string => {
    const member = memberOf(path, 'Location');
    const location = requiredString(requiredObject(item, path).Location, member, LOCATION);
    if (!isKnownLocation(location)) {
      fail('UnsupportedRegionException', `${member} must be an AWS Region, local zone or custom location, got "${location}"`);
    }
    return location;
  };
  return required
    ? requiredList(value, field, { min: 1, max: 100, unique: true }, check)
    : optionalList(value, field, { min: 1, max: 100, unique: true }, check);
}

/**
 * CreateFleet: an EC2 fleet in the home Region and any remote locations, each starting NEW with one desired instance
 * and ACTIVE after the fleet activation time [C]. A ComputeType other than EC2, not exactly one of BuildId and
 * ScriptId, or Locations without the home Region: InvalidRequestException; a location name that is no Region, local
 * zone or custom location: UnsupportedRegionException. Builds and scripts are not modelled, so their ids are not
 * looked up [C].
 */
export function createFleet(ctx: ApiContext, input: unknown): CreateFleetOutput {
  const { world } = ctx;
  const m = members(input);
  const name = requiredString(m.Name, 'Name', NON_EMPTY_1024);
  const description = optionalString(m.Description, 'Description', NON_EMPTY_1024);
  const buildId = optionalString(m.BuildId, 'BuildId', BUILD_ID);
  const scriptId = optionalString(m.ScriptId, 'ScriptId', SCRIPT_ID);
  const computeType = optionalEnum(m.ComputeType, 'ComputeType', Object.values(ComputeType)) ?? 'EC2';
  if (computeType !== 'EC2') invalid('ComputeType', 'must be EC2: the simulator runs managed EC2 fleets only', computeType);
  if ((buildId === undefined) === (scriptId === undefined)) {
    fail('InvalidRequestException', `exactly one of BuildId and ScriptId must be set for an EC2 fleet, got ${buildId === undefined ? 'neither' : 'both'}`);
  }
  const instanceType = requiredString(m.EC2InstanceType, 'EC2InstanceType');
  if (!(Object.values(EC2InstanceType) as string[]).includes(instanceType)) {
    invalid('EC2InstanceType', 'must be an EC2 instance type GameLift supports', instanceType);
  }
  const fleetType = optionalEnum(m.FleetType, 'FleetType', Object.values(FleetType)) ?? 'ON_DEMAND';
  const runtime = runtimeConfiguration(m.RuntimeConfiguration);
  const protection = optionalEnum(m.NewGameSessionProtectionPolicy, 'NewGameSessionProtectionPolicy', Object.values(ProtectionPolicy)) ?? 'NoProtection';
  const certificate = optionalObject(m.CertificateConfiguration, 'CertificateConfiguration');
  const certificateType = certificate === undefined
    ? 'DISABLED'
    : optionalEnum(certificate.CertificateType, 'CertificateConfiguration.CertificateType', Object.values(CertificateType)) ?? 'DISABLED';
  const home = world.config.homeRegion;
  const locations = locationList(m.Locations, 'Locations', false) ?? [home];
  if (!locations.includes(home)) invalid('Locations', `must include the fleet's home Region ${home}`, m.Locations);

  const fleetId = world.ids.uuid('fleet');
  const fleet: Fleet = {
    fleetId,
    fleetArn: fleetArn(home, world.config.accountId, fleetId),
    name, description, buildId, scriptId, fleetType, instanceType,
    tls: certificateType === 'GENERATED',
    creationTimeMs: world.nowMs,
    status: 'NEW',
    runtime,
    newGameSessionProtectionPolicy: protection,
    locations: new Map(),
  };
  world.fleets.set(fleetId, fleet);
  world.change('fleetCreated', { fleetId, fleetType, locations });
  world.addLocation(fleet, home, true);
  for (const location of locations) if (location !== home) world.addLocation(fleet, location, false);
  return { FleetAttributes: fleetAttributesView(fleet), LocationStates: [...fleet.locations.values()].map(locationStateView) };
}

/**
 * CreateFleetLocations: remote locations added to an ACTIVE fleet, each starting with one desired instance. A fleet
 * not ACTIVE: InvalidFleetStatusException [C]; a location the fleet has: InvalidRequestException; an unknown location
 * name: UnsupportedRegionException; unknown fleet: NotFoundException. Waiting placements that could use the fleet try
 * again at once [C].
 */
export function createFleetLocations(ctx: ApiContext, input: unknown): CreateFleetLocationsOutput {
  const { world } = ctx;
  const m = members(input);
  const fleetIdOrArn = requiredString(m.FleetId, 'FleetId', FLEET_ID_OR_ARN);
  const locations = locationList(m.Locations, 'Locations', true)!;
  const fleet = fleetOf(world, fleetIdOrArn);
  if (fleet.status !== 'ACTIVE') fail('InvalidFleetStatusException', `FleetId must name an ACTIVE fleet, got ${fleet.fleetId} in status ${fleet.status}`);
  locations.forEach((location, i) => {
    if (fleet.locations.has(location)) invalid(`Locations[${i}].Location`, `must not be a location fleet ${fleet.fleetId} already has`, location);
  });
  const added = locations.map((location) => world.addLocation(fleet, location, false));
  ctx.placements.destinationsChanged((queue) => queue.destinations.some((arn) => destinationFleet(world, arn) === fleet));
  return { FleetId: fleet.fleetId, FleetArn: fleet.fleetArn, LocationStates: added.map(locationStateView) };
}

/**
 * UpdateFleetCapacity: desired, minimum and maximum instances in one location (the home Region by default). Values
 * not sent keep theirs; MinSize ≤ DesiredInstances ≤ MaxSize must hold after, else InvalidRequestException. Unknown
 * fleet or location: as DG-2 and DG-4. Scale-down never ends a game session: busy instances drain [C].
 */
export function updateFleetCapacity(ctx: ApiContext, input: unknown): UpdateFleetCapacityOutput {
  const { world } = ctx;
  const m = members(input);
  const fleetIdOrArn = requiredString(m.FleetId, 'FleetId', FLEET_ID_OR_ARN);
  const limit = { min: 0, max: INSTANCES_PER_LOCATION_MAX };
  const desired = optionalInt(m.DesiredInstances, 'DesiredInstances', limit);
  const min = optionalInt(m.MinSize, 'MinSize', limit);
  const max = optionalInt(m.MaxSize, 'MaxSize', limit);
  const location = optionalString(m.Location, 'Location', LOCATION);
  const fleet = fleetOf(world, fleetIdOrArn);
  const loc = locationOf(fleet, location ?? world.config.homeRegion);
  const next = { desired: desired ?? loc.desired, min: min ?? loc.min, max: max ?? loc.max };
  if (next.min > next.max) invalid('MinSize', `must not exceed MaxSize ${next.max}`, next.min);
  if (next.desired < next.min || next.desired > next.max) {
    invalid('DesiredInstances', `must lie between MinSize ${next.min} and MaxSize ${next.max}`, next.desired);
  }
  world.setCapacity(loc, next.desired, next.min, next.max);
  return { FleetId: fleet.fleetId, FleetArn: fleet.fleetArn, Location: loc.location };
}

/** The fleets a Describe call asks for: the listed ones (1–50, each known), or a page of all of them. */
function describeFleets(ctx: ApiContext, operation: string, input: unknown): { fleets: Fleet[]; NextToken?: string } {
  const { world, paging } = ctx;
  const m = members(input);
  const ids = optionalList(m.FleetIds, 'FleetIds', { min: 1, max: 50 }, (v, path) => requiredString(v, path, FLEET_ID_OR_ARN));
  const limit = pageLimit(m.Limit);
  const token = nextToken(m.NextToken);
  if (ids !== undefined) return { fleets: ids.map((id, i) => fleetOf(world, id, `FleetIds[${i}]`)) };
  const { items, NextToken } = paging.page(operation, {}, token, (after) => {
    // Fleets are listed in creation order and never removed, so the count already served is a stable position.
    const all = [...world.fleets.values()];
    const from = after === undefined ? 0 : after[0] as number;
    const end = Math.min(from + limit, all.length);
    return { items: all.slice(from, end), next: end < all.length ? [end] : undefined };
  });
  return { fleets: items, NextToken };
}

/**
 * DescribeFleetAttributes: the fleets in FleetIds (1–50, each must exist: NotFoundException), or a page of every
 * fleet in creation order, with a NextToken as every listing has (DG-7).
 */
export function describeFleetAttributes(ctx: ApiContext, input: unknown): DescribeFleetAttributesOutput {
  const { fleets, NextToken } = describeFleets(ctx, 'DescribeFleetAttributes', input);
  const FleetAttributes: FleetAttributes[] = fleets.map(fleetAttributesView);
  return { FleetAttributes, NextToken };
}

/**
 * DescribeFleetCapacity: each fleet's capacity in its home Region; the fleets are chosen, and refused, as
 * DescribeFleetAttributes chooses them.
 */
export function describeFleetCapacity(ctx: ApiContext, input: unknown): DescribeFleetCapacityOutput {
  const { fleets, NextToken } = describeFleets(ctx, 'DescribeFleetCapacity', input);
  const home = ctx.world.config.homeRegion;
  return { FleetCapacity: fleets.map((f) => fleetCapacityView(f.locations.get(home)!)), NextToken };
}

/**
 * DescribeFleetLocationCapacity: one location's capacity. Unknown fleet: NotFoundException (DG-2); a location the
 * fleet does not have: NotFoundException, no known location at all: UnsupportedRegionException (DG-4 [C]).
 */
export function describeFleetLocationCapacity(ctx: ApiContext, input: unknown): DescribeFleetLocationCapacityOutput {
  const m = members(input);
  const fleetIdOrArn = requiredString(m.FleetId, 'FleetId', FLEET_ID_OR_ARN);
  const location = requiredString(m.Location, 'Location', LOCATION);
  const loc = locationOf(fleetOf(ctx.world, fleetIdOrArn), location);
  return { FleetCapacity: fleetCapacityView(loc) };
}
