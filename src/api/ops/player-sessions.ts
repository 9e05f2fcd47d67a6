import {
  PlayerSessionStatus,
  type CreatePlayerSessionOutput,
  type CreatePlayerSessionsOutput,
  type DescribePlayerSessionsOutput,
} from '@aws-sdk/client-gamelift';
import { playerSessionStatus, type GameSession, type PlayerSession } from '../../model/entities.ts';
import type { ApiContext } from '../context.ts';
import { fail } from '../errors.ts';
import { gameSessionOf } from '../resolve.ts';
import { GAME_SESSION_ID, PLAYER_DATA, PLAYER_ID, PLAYER_SESSION_ID, nextToken, pageLimit } from '../shapes.ts';
import {
  exactlyOne,
  members,
  optionalEnum,
  optionalObject,
  optionalString,
  requiredList,
  requiredString,
} from '../validate.ts';
import { playerSessionView } from '../views.ts';

/** Players one CreatePlayerSessions call may add (PS-1). */
export const PLAYERS_PER_REQUEST_MAX = 25;

/**
 * PS-1: players join only an ACTIVE game session that accepts them (else InvalidGameSessionStatusException) and has
 * room for all of them (else GameSessionFullException); the request is all or nothing.
 */
function admit(session: GameSession, count: number): void {
  if (session.status !== 'ACTIVE' || session.playerSessionCreationPolicy !== 'ACCEPT_ALL') {
    fail('InvalidGameSessionStatusException', `game session ${session.gameSessionId} must be ACTIVE and ACCEPT_ALL to take players, it is ${session.status} and ${session.playerSessionCreationPolicy}`);
  }
  const room = session.maximumPlayerSessionCount - session.currentPlayerSessionCount;
  if (count > room) {
    fail('GameSessionFullException', `game session ${session.gameSessionId} has room for ${room} more players, asked for ${count}`);
  }
}

/**
 * CreatePlayerSession: one RESERVED player session (PS-1, PS-2). Unknown game session: NotFoundException; one not
 * ACTIVE or not ACCEPT_ALL: InvalidGameSessionStatusException; one with no room: GameSessionFullException.
 */
export function createPlayerSession(ctx: ApiContext, input: unknown): CreatePlayerSessionOutput {
  const m = members(input);
  const gameSessionId = requiredString(m.GameSessionId, 'GameSessionId', GAME_SESSION_ID);
  const playerId = requiredString(m.PlayerId, 'PlayerId', PLAYER_ID);
  const playerData = optionalString(m.PlayerData, 'PlayerData', PLAYER_DATA);
  const session = gameSessionOf(ctx.world, gameSessionId);
  admit(session, 1);
  const [ps] = ctx.world.createPlayerSessions(session, [{ playerId, playerData }]);
  return { PlayerSession: playerSessionView(ps!, ctx.world.nowMs) };
}

/**
 * CreatePlayerSessions: RESERVED player sessions for 1–25 distinct players, all or none (PS-1). PlayerDataMap entries
 * for players not in PlayerIds are ignored (PS-4), once checked against the model's shape as every entry is.
 * Exceptions as for CreatePlayerSession, with room needed for every player.
 */
export function createPlayerSessions(ctx: ApiContext, input: unknown): CreatePlayerSessionsOutput {
  const m = members(input);
  const gameSessionId = requiredString(m.GameSessionId, 'GameSessionId', GAME_SESSION_ID);
  const playerIds = requiredList(m.PlayerIds, 'PlayerIds', { min: 1, max: PLAYERS_PER_REQUEST_MAX, unique: true }, (v, path) => requiredString(v, path, PLAYER_ID));
  const dataMap = optionalObject(m.PlayerDataMap, 'PlayerDataMap') ?? {};
  const playerData = new Map<string, string>();
  for (const [playerId, data] of Object.entries(dataMap)) {
    const checked = requiredString(data, `PlayerDataMap.${playerId}`, PLAYER_DATA);
    if (playerIds.includes(playerId)) playerData.set(playerId, checked);
  }
  const session = gameSessionOf(ctx.world, gameSessionId);
  admit(session, playerIds.length);
  const created = ctx.world.createPlayerSessions(session, playerIds.map((playerId) => ({ playerId, playerData: playerData.get(playerId) })));
  return { PlayerSessions: created.map((ps) => playerSessionView(ps, ctx.world.nowMs)) };
}

/**
 * DescribePlayerSessions: one player session by id, or a page of a game session's or a player's player sessions in
 * creation order [C]. PlayerSessionStatusFilter narrows a game session's listing to one status, and has no effect
 * with PlayerSessionId or PlayerId (PS-4), though it must still be a status. Exactly one of GameSessionId, PlayerId
 * and PlayerSessionId, else InvalidRequestException; an unknown game session or player session is
 * NotFoundException, an unknown player has none.
 */
export function describePlayerSessions(ctx: ApiContext, input: unknown): DescribePlayerSessionsOutput {
  const { world, paging } = ctx;
  const m = members(input);
  exactlyOne(m, ['GameSessionId', 'PlayerId', 'PlayerSessionId'], true);
  const gameSessionId = optionalString(m.GameSessionId, 'GameSessionId', GAME_SESSION_ID);
  const playerId = optionalString(m.PlayerId, 'PlayerId', PLAYER_ID);
  const playerSessionId = optionalString(m.PlayerSessionId, 'PlayerSessionId', PLAYER_SESSION_ID);
  const statusText = optionalString(m.PlayerSessionStatusFilter, 'PlayerSessionStatusFilter', { min: 1, max: 1024 });
  const statusFilter = statusText === undefined ? undefined : optionalEnum(statusText, 'PlayerSessionStatusFilter', Object.values(PlayerSessionStatus));
  // PS-4: "when a PlayerSessionId or PlayerId is provided …, the PlayerSessionStatusFilter has no effect".
  const status = gameSessionId === undefined ? undefined : statusFilter;
  const limit = pageLimit(m.Limit);
  const token = nextToken(m.NextToken);

  const nowMs = world.nowMs;
  if (playerSessionId !== undefined) {
    const ps = world.playerSessions.get(playerSessionId);
    if (ps === undefined) fail('NotFoundException', `PlayerSessionId must name an existing player session, got "${playerSessionId}"`);
    return { PlayerSessions: [playerSessionView(ps, nowMs)] };
  }
  const list: readonly PlayerSession[] = gameSessionId !== undefined
    ? world.playerSessions.inGameSession(gameSessionOf(world, gameSessionId))
    : world.playerSessions.ofPlayer(playerId!);
  const query = { gameSessionId, playerId, status };
  const { items, NextToken } = paging.page('DescribePlayerSessions', query, token, (after) => {
    // Lists are in creation order; resuming after the ordinal of the last session served skips nothing even when
    // older sessions expired meanwhile.
    const found: PlayerSession[] = [];
    let i = after === undefined ? 0 : firstAfter(list, after[0] as number);
    for (; i < list.length && found.length < limit; i++) {
      const ps = list[i]!;
      if (status === undefined || playerSessionStatus(ps, nowMs) === status) found.push(ps);
    }
    while (i < list.length && status !== undefined && playerSessionStatus(list[i]!, nowMs) !== status) i++;
    return { items: found, next: i < list.length ? [found.at(-1)!.ordinal] : undefined };
  });
  return { PlayerSessions: items.map((ps) => playerSessionView(ps, nowMs)), NextToken };
}

/** The index of the first player session created after `ordinal`, by binary search of a list in creation order. */
function firstAfter(list: readonly PlayerSession[], ordinal: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.ordinal <= ordinal) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
