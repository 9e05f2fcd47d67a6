import {
  GameSessionStatus,
  PlayerSessionCreationPolicy,
  ProtectionPolicy,
  TerminationMode,
  type CreateGameSessionOutput,
  type DescribeGameSessionDetailsOutput,
  type DescribeGameSessionsOutput,
  type GameProperty,
  type TerminateGameSessionOutput,
  type UpdateGameSessionOutput,
} from '@aws-sdk/client-gamelift';
import type { Fleet, GameSession } from '../../model/entities.ts';
import { indexKey } from '../../model/session-index.ts';
import type { ApiContext } from '../context.ts';
import { fail } from '../errors.ts';
import { aliasOf, fleetOf, fleetOfAlias, gameSessionOf, locationOf } from '../resolve.ts';
import {
  ALIAS_ID_OR_ARN,
  FLEET_ID_OR_ARN,
  GAME_PROPERTIES_MAX,
  GAME_SESSION_DATA,
  GAME_SESSION_ID,
  ID_STRING_48,
  LOCATION,
  NON_EMPTY_1024,
  gameProperties,
  maximumPlayerSessionCount,
  nextToken,
  pageLimit,
} from '../shapes.ts';
import {
  exactlyOne,
  invalid,
  members,
  optionalEnum,
  optionalString,
  requiredEnum,
  requiredString,
} from '../validate.ts';
import { gameSessionView } from '../views.ts';

/** Statuses DescribeGameSessions filters on (DG-5); ERROR is accepted too [C]. */
const STATUS_FILTERS = Object.values(GameSessionStatus);

/** The fleet a request names by FleetId or AliasId, exactly one of which it must set. */
export function fleetOfRequest(ctx: ApiContext, fleetId: string | undefined, aliasId: string | undefined): Fleet {
  if (fleetId !== undefined) return fleetOf(ctx.world, fleetId);
  return fleetOfAlias(ctx.world, aliasOf(ctx.world, aliasId!));
}

/**
 * CreateGameSession: an ACTIVATING game session on a free server process of an ACTIVE fleet location (GS-1, GS-2),
 * the fleet named by exactly one of FleetId and AliasId (DG-2, DG-3), the home Region unless Location is sent. A
 * location not ACTIVE: InvalidFleetStatusException; none free: FleetCapacityExceededException. A GameSessionId or
 * IdempotencyToken becomes the id's last part; a token used again returns the session it created, as it is now; a
 * custom id used again is IdempotentParameterMismatchException [C].
 */
export function createGameSession(ctx: ApiContext, input: unknown): CreateGameSessionOutput {
  const { world } = ctx;
  const m = members(input);
  exactlyOne(m, ['FleetId', 'AliasId'], true);
  const fleetId = optionalString(m.FleetId, 'FleetId', FLEET_ID_OR_ARN);
  const aliasId = optionalString(m.AliasId, 'AliasId', ALIAS_ID_OR_ARN);
  const maxPlayers = maximumPlayerSessionCount(m.MaximumPlayerSessionCount, true)!;
  const name = optionalString(m.Name, 'Name', NON_EMPTY_1024);
  const properties = gameProperties(m.GameProperties) ?? [];
  const creatorId = optionalString(m.CreatorId, 'CreatorId', NON_EMPTY_1024);
  const customId = optionalString(m.GameSessionId, 'GameSessionId', ID_STRING_48);
  const token = optionalString(m.IdempotencyToken, 'IdempotencyToken', ID_STRING_48);
  const gameSessionData = optionalString(m.GameSessionData, 'GameSessionData', GAME_SESSION_DATA);
  const location = optionalString(m.Location, 'Location', LOCATION);

  const fleet = fleetOfRequest(ctx, fleetId, aliasId);
  const loc = locationOf(fleet, location ?? world.config.homeRegion);
  const suffix = token ?? customId;
  const asked = suffix === undefined ? undefined : world.gameSessionIdIn(loc, suffix);
  const existing = asked === undefined ? undefined : world.gameSessions.get(asked);
  // A repeated IdempotencyToken is the same request again: it gets the original game session, as it is now [D]. A
  // repeated custom GameSessionId is a new request that clashes with an existing session, and so is a token that
  // names a placement's game session (PL-4 [C]): no CreateGameSession request made that one.
  if (existing !== undefined && token !== undefined && existing.placementId === undefined) return { GameSession: gameSessionView(existing) };
  if (existing !== undefined) {
    const madeBy = existing.placementId === undefined ? '' : ` (made by placement ${existing.placementId})`;
    fail('IdempotentParameterMismatchException', `${token === undefined ? 'GameSessionId' : 'IdempotencyToken'} must not repeat a game session id of fleet ${fleet.fleetId} in ${loc.location}, got "${suffix}"${madeBy}`);
  }
  if (loc.status !== 'ACTIVE') {
    fail('InvalidFleetStatusException', `fleet ${fleet.fleetId} must be ACTIVE in ${loc.location} to host game sessions, it is ${loc.status}`);
  }
  if (loc.available.size === 0) {
    fail('FleetCapacityExceededException', `fleet ${fleet.fleetId} has no server process free for a new game session in ${loc.location}`);
  }
  // A new id is drawn only now, once nothing can refuse the request: a refused call changes nothing, streams included.
  const session = world.createGameSession(loc, {
    name, creatorId, gameProperties: properties, gameSessionData,
    maximumPlayerSessionCount: maxPlayers, placementId: undefined,
  }, asked ?? world.newGameSessionIdIn(loc));
  return { GameSession: gameSessionView(session) };
}

/**
 * UpdateGameSession: an ACTIVATING or ACTIVE game session takes new limits, policies, name and properties; any other
 * status is InvalidGameSessionStatusException [C]. A MaximumPlayerSessionCount below the players it holds or a
 * placement will seat is InvalidRequestException (PS-3 [C]); GameProperties merge by key, at most 16 remaining [C].
 */
export function updateGameSession(ctx: ApiContext, input: unknown): UpdateGameSessionOutput {
  const { world } = ctx;
  const m = members(input);
  const gameSessionId = requiredString(m.GameSessionId, 'GameSessionId', GAME_SESSION_ID);
  const maxPlayers = maximumPlayerSessionCount(m.MaximumPlayerSessionCount, false);
  const name = optionalString(m.Name, 'Name', NON_EMPTY_1024);
  const policy = optionalEnum(m.PlayerSessionCreationPolicy, 'PlayerSessionCreationPolicy', Object.values(PlayerSessionCreationPolicy));
  const protection = optionalEnum(m.ProtectionPolicy, 'ProtectionPolicy', Object.values(ProtectionPolicy));
  const properties = gameProperties(m.GameProperties);
  const session = gameSessionOf(world, gameSessionId);
  if (session.status !== 'ACTIVE' && session.status !== 'ACTIVATING') {
    fail('InvalidGameSessionStatusException', `game session ${gameSessionId} must be ACTIVE or ACTIVATING to be updated, it is ${session.status}`);
  }
  // The players a placement will seat when the session activates are as good as there already (PL-4, PS-3).
  const seated = session.currentPlayerSessionCount + ctx.placements.playersToSeat(session);
  if (maxPlayers !== undefined && maxPlayers < seated) {
    invalid('MaximumPlayerSessionCount', `must not be below the game session's ${seated} current and placed players (PS-3)`, maxPlayers);
  }
  const merged = properties === undefined ? undefined : mergeProperties(session.gameProperties, properties);
  if (merged !== undefined && merged.length > GAME_PROPERTIES_MAX) {
    invalid('GameProperties', `must leave at most ${GAME_PROPERTIES_MAX} properties on the game session`, merged.length);
  }
  world.updateGameSession(session, {
    ...(maxPlayers !== undefined && { maximumPlayerSessionCount: maxPlayers }),
    ...(name !== undefined && { name }),
    ...(policy !== undefined && { playerSessionCreationPolicy: policy }),
    ...(protection !== undefined && { protectionPolicy: protection }),
    ...(merged !== undefined && { gameProperties: merged }),
  });
  return { GameSession: gameSessionView(session) };
}

/** Properties with the same key are replaced, new keys added; none is ever removed (UpdateGameSession). */
function mergeProperties(current: readonly GameProperty[], updates: readonly GameProperty[]): GameProperty[] {
  const merged = current.map((p) => ({ ...p }));
  for (const update of updates) {
    const existing = merged.find((p) => p.Key === update.Key);
    if (existing === undefined) merged.push({ ...update });
    else existing.Value = update.Value;
  }
  return merged;
}

/**
 * TerminateGameSession (GS-1, GS-4): an ERROR session is refused with InvalidGameSessionStatusException. An ACTIVE
 * one is answered TERMINATING, with the mode as its StatusReason, and is TERMINATED after the TERMINATING delay, in
 * either mode. [C] An ACTIVATING one is answered TERMINATED at once (GS-1 has no ACTIVATING → TERMINATING); a
 * TERMINATING or TERMINATED one is answered as it is and unchanged, so a retried call succeeds. Unknown game session:
 * NotFoundException.
 */
export function terminateGameSession(ctx: ApiContext, input: unknown): TerminateGameSessionOutput {
  const { world } = ctx;
  const m = members(input);
  const gameSessionId = requiredString(m.GameSessionId, 'GameSessionId', GAME_SESSION_ID);
  const mode = requiredEnum(m.TerminationMode, 'TerminationMode', Object.values(TerminationMode));
  const session = gameSessionOf(world, gameSessionId);
  if (session.status === 'ERROR') {
    fail('InvalidGameSessionStatusException', `game session ${gameSessionId} cannot be terminated in status ${session.status} (GS-4)`);
  }
  world.terminateGameSession(session, mode);
  return { GameSession: gameSessionView(session) };
}

/**
 * The game sessions a DescribeGameSessions or DescribeGameSessionDetails request selects (DG-1..DG-9): one game
 * session by id, or a page of a fleet's (or alias's fleet's) sessions, narrowed to a location and a status, in
 * (CreationTime, GameSessionId) order, keyset-paged per operation. Exceptions: InvalidRequestException,
 * NotFoundException, TerminalRoutingStrategyException and UnsupportedRegionException as those rules say; a NextToken
 * sent with GameSessionId is InvalidRequestException [C].
 */
function selectGameSessions(ctx: ApiContext, operation: string, input: unknown): { sessions: GameSession[]; NextToken?: string } {
  const { world, paging } = ctx;
  const m = members(input);
  exactlyOne(m, ['FleetId', 'GameSessionId', 'AliasId'], true);
  const fleetId = optionalString(m.FleetId, 'FleetId', FLEET_ID_OR_ARN);
  const gameSessionId = optionalString(m.GameSessionId, 'GameSessionId', GAME_SESSION_ID);
  const aliasId = optionalString(m.AliasId, 'AliasId', ALIAS_ID_OR_ARN);
  const location = optionalString(m.Location, 'Location', LOCATION);
  const statusText = optionalString(m.StatusFilter, 'StatusFilter', { min: 1, max: 1024 });
  const status = statusText === undefined ? undefined : requiredEnum(statusText, 'StatusFilter', STATUS_FILTERS);
  const limit = pageLimit(m.Limit);
  const token = nextToken(m.NextToken);

  if (gameSessionId !== undefined) {
    const session = gameSessionOf(world, gameSessionId);
    if (token !== undefined) invalid('NextToken', 'must not be set when GameSessionId names one game session', token);
    // Location narrows as it does for a fleet (DG-4): it must be one of the session's fleet's locations.
    if (location !== undefined) locationOf(session.fleet, location);
    const matches = (location === undefined || session.location.location === location) && (status === undefined || session.status === status);
    return { sessions: matches ? [session] : [] };
  }

  const fleet = fleetOfRequest(ctx, fleetId, aliasId);
  const loc = location === undefined ? undefined : locationOf(fleet, location).location;
  const key = indexKey(fleet.fleetId, loc, status);
  // Keyset paging (DG-6): a token is the (CreationTime, GameSessionId) of the last session served.
  const { items, NextToken } = paging.page(operation, { fleet: fleet.fleetId, location: loc, status }, token, (after) => {
    const cursor = after === undefined ? undefined : { creationTimeMs: after[0] as number, gameSessionId: after[1] as string };
    const { sessions, more } = world.sessionIndex.page(key, cursor, limit);
    const last = sessions.at(-1);
    return { items: sessions, next: more && last !== undefined ? [last.creationTimeMs, last.gameSessionId] : undefined };
  });
  return { sessions: items, NextToken };
}

/** DescribeGameSessions (DG-1..DG-10): the game sessions a request selects, as `selectGameSessions` says. */
export function describeGameSessions(ctx: ApiContext, input: unknown): DescribeGameSessionsOutput {
  const { sessions, NextToken } = selectGameSessions(ctx, 'DescribeGameSessions', input);
  return { GameSessions: sessions.map(gameSessionView), NextToken };
}

/**
 * DescribeGameSessionDetails: the same selection and paging as DescribeGameSessions (its tokens are its own), each
 * game session with its ProtectionPolicy (the fleet's NewGameSessionProtectionPolicy when it was created, then as
 * UpdateGameSession sets it).
 */
export function describeGameSessionDetails(ctx: ApiContext, input: unknown): DescribeGameSessionDetailsOutput {
  const { sessions, NextToken } = selectGameSessions(ctx, 'DescribeGameSessionDetails', input);
  return { GameSessionDetails: sessions.map((s) => ({ GameSession: gameSessionView(s), ProtectionPolicy: s.protectionPolicy })), NextToken };
}
