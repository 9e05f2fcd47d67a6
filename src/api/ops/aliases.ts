import {
  RoutingStrategyType,
  type CreateAliasOutput,
  type DescribeAliasOutput,
  type ResolveAliasOutput,
  type UpdateAliasOutput,
} from '@aws-sdk/client-gamelift';
import { aliasArn } from '../../model/arn.ts';
import type { Alias } from '../../model/entities.ts';
import type { ApiContext } from '../context.ts';
import { aliasOf, fleetOf, fleetOfAlias } from '../resolve.ts';
import { ALIAS_ID_OR_ARN, FLEET_ID_OR_ARN, NON_EMPTY_1024 } from '../shapes.ts';
import { invalid, members, optionalString, requiredEnum, requiredObject, requiredString } from '../validate.ts';
import { aliasView } from '../views.ts';

const ALIAS_NAME = { min: 1, max: 1024, pattern: /.*\S.*/, patternText: '.*\\S.*' };

/** A RoutingStrategy: SIMPLE names an existing fleet; TERMINAL names none and may carry a message. */
function routingStrategy(ctx: ApiContext, value: unknown): Pick<Alias, 'routingType' | 'fleetId' | 'message'> {
  const field = 'RoutingStrategy';
  const rs = requiredObject(value, field);
  const routingType = requiredEnum(rs.Type, `${field}.Type`, Object.values(RoutingStrategyType));
  const fleetId = optionalString(rs.FleetId, `${field}.FleetId`, FLEET_ID_OR_ARN);
  const message = optionalString(rs.Message, `${field}.Message`);
  if (routingType === 'SIMPLE') {
    if (fleetId === undefined) invalid(`${field}.FleetId`, 'is required for a SIMPLE routing strategy', fleetId);
    return { routingType, fleetId: fleetOf(ctx.world, fleetId, `${field}.FleetId`).fleetId, message: undefined };
  }
  if (fleetId !== undefined) invalid(`${field}.FleetId`, 'must not be set for a TERMINAL routing strategy', fleetId);
  return { routingType, fleetId: undefined, message };
}

/**
 * CreateAlias: a new alias with its RoutingStrategy. SIMPLE needs the FleetId of an existing fleet (unknown:
 * NotFoundException), TERMINAL takes none; other bad input is InvalidRequestException. Names need not be unique [C].
 */
export function createAlias(ctx: ApiContext, input: unknown): CreateAliasOutput {
  const { world } = ctx;
  const m = members(input);
  const name = requiredString(m.Name, 'Name', ALIAS_NAME);
  const description = optionalString(m.Description, 'Description', NON_EMPTY_1024);
  const routing = routingStrategy(ctx, m.RoutingStrategy);
  const aliasId = world.ids.uuid('alias');
  const alias: Alias = {
    aliasId,
    aliasArn: aliasArn(world.config.homeRegion, world.config.accountId, aliasId),
    name, description, ...routing,
    creationTimeMs: world.nowMs,
    lastUpdatedTimeMs: world.nowMs,
  };
  world.aliases.set(aliasId, alias);
  world.change('aliasCreated', { aliasId, ...routing });
  return { Alias: aliasView(alias) };
}

/** DescribeAlias: the alias named by id or ARN; unknown: NotFoundException. */
export function describeAlias(ctx: ApiContext, input: unknown): DescribeAliasOutput {
  const m = members(input);
  return { Alias: aliasView(aliasOf(ctx.world, requiredString(m.AliasId, 'AliasId', ALIAS_ID_OR_ARN))) };
}

/**
 * UpdateAlias: the members sent replace the alias's, and LastUpdatedTime is now. A new RoutingStrategy makes the
 * waiting placements of every queue that lists the alias try again at once [C]. Unknown alias or fleet:
 * NotFoundException.
 */
export function updateAlias(ctx: ApiContext, input: unknown): UpdateAliasOutput {
  const { world } = ctx;
  const m = members(input);
  const aliasIdOrArn = requiredString(m.AliasId, 'AliasId', ALIAS_ID_OR_ARN);
  const name = optionalString(m.Name, 'Name', ALIAS_NAME);
  const description = optionalString(m.Description, 'Description', NON_EMPTY_1024);
  const routing = m.RoutingStrategy === undefined ? undefined : routingStrategy(ctx, m.RoutingStrategy);
  const alias = aliasOf(world, aliasIdOrArn);
  if (name !== undefined) alias.name = name;
  if (description !== undefined) alias.description = description;
  if (routing !== undefined) Object.assign(alias, routing);
  alias.lastUpdatedTimeMs = world.nowMs;
  world.change('aliasUpdated', { aliasId: alias.aliasId, name, description, ...routing });
  if (routing !== undefined) ctx.placements.destinationsChanged((queue) => queue.destinations.includes(alias.aliasArn));
  return { Alias: aliasView(alias) };
}

/**
 * ResolveAlias: the fleet a SIMPLE alias points to; a TERMINAL alias answers with TerminalRoutingStrategyException
 * carrying its message (DG-3). Unknown alias: NotFoundException.
 */
export function resolveAlias(ctx: ApiContext, input: unknown): ResolveAliasOutput {
  const m = members(input);
  const alias = aliasOf(ctx.world, requiredString(m.AliasId, 'AliasId', ALIAS_ID_OR_ARN));
  const fleet = fleetOfAlias(ctx.world, alias);
  return { FleetId: fleet.fleetId, FleetArn: fleet.fleetArn };
}
