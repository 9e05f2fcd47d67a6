import type { Alias, Fleet, FleetLocation, GameSession } from '../model/entities.ts';
import { resourceIdOf } from '../model/arn.ts';
import { isKnownLocation } from '../model/regions.ts';
import type { World } from '../model/world.ts';
import { fail } from './errors.ts';

/** Lookups that turn a request's ids into entities, or refuse with the exception GameLift sends. */

/** A fleet by id or ARN (DG-2); an ARN must name this account's fleet. */
export function fleetOf(world: World, idOrArn: string, field = 'FleetId'): Fleet {
  const fleet = world.fleets.get(resourceIdOf(idOrArn));
  if (fleet === undefined || (idOrArn.startsWith('arn:') && fleet.fleetArn !== idOrArn)) {
    fail('NotFoundException', `${field} must name an existing fleet, got "${idOrArn}"`);
  }
  return fleet;
}

/** An alias by id or ARN. */
export function aliasOf(world: World, idOrArn: string, field = 'AliasId'): Alias {
  const alias = world.aliases.get(resourceIdOf(idOrArn));
  if (alias === undefined || (idOrArn.startsWith('arn:') && alias.aliasArn !== idOrArn)) {
    fail('NotFoundException', `${field} must name an existing alias, got "${idOrArn}"`);
  }
  return alias;
}

/** The fleet a SIMPLE alias routes to; a TERMINAL alias refuses with its message (DG-3). */
export function fleetOfAlias(world: World, alias: Alias): Fleet {
  if (alias.routingType === 'TERMINAL') {
    fail('TerminalRoutingStrategyException', alias.message ?? `alias ${alias.aliasId} has a TERMINAL routing strategy`);
  }
  const fleet = alias.fleetId === undefined ? undefined : world.fleets.get(alias.fleetId);
  if (fleet === undefined) fail('NotFoundException', `alias ${alias.aliasId} routes to fleet "${alias.fleetId}", which does not exist`);
  return fleet;
}

/**
 * One of the fleet's locations (DG-4): a name that is no Region or custom location is UnsupportedRegionException
 * [C]; a real location the fleet does not have is NotFoundException [C].
 */
export function locationOf(fleet: Fleet, location: string, field = 'Location'): FleetLocation {
  const loc = fleet.locations.get(location);
  if (loc !== undefined) return loc;
  if (!isKnownLocation(location)) {
    fail('UnsupportedRegionException', `${field} must be an AWS Region, local zone or custom location, got "${location}"`);
  }
  fail('NotFoundException', `${field} must be a location of fleet ${fleet.fleetId}, got "${location}"`);
}

/** A retained game session by its ARN (DG-8). */
export function gameSessionOf(world: World, gameSessionId: string): GameSession {
  const session = world.gameSessions.get(gameSessionId);
  if (session === undefined) fail('NotFoundException', `GameSessionId must name an existing game session, got "${gameSessionId}"`);
  return session;
}
