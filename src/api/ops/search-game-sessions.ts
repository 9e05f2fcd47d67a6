import type { SearchGameSessionsOutput } from '@aws-sdk/client-gamelift';
import type { GameSession } from '../../model/entities.ts';
import type { ApiContext } from '../context.ts';
import { locationOf } from '../resolve.ts';
import type { Filter, Sort } from '../search/ast.ts';
import { matches, operandValue } from '../search/evaluate.ts';
import {
  compareOrderKeys,
  keyOfPosition,
  positionOf,
  type OrderKey,
} from '../search/order.ts';
import { parseFilter, parseSort } from '../search/parser.ts';
import type { IndexedOrder, Population } from '../search/search-index.ts';
import { SearchSyntaxError } from '../search/syntax-error.ts';
import { ALIAS_ID_OR_ARN, FLEET_ID_OR_ARN, LOCATION, nextToken } from '../shapes.ts';
import { exactlyOne, invalid, members, optionalInt, optionalString, type StringRule } from '../validate.ts';
import { gameSessionView } from '../views.ts';
import { fleetOfRequest } from './game-sessions.ts';

/** The most game sessions one page holds, "even if this value is not set or is set higher than 20" (SG-4 [D]). */
export const SEARCH_PAGE_SIZE_MAX = 20;
/** FilterExpression and SortExpression: NonZeroAndMaxString, 1–1024 characters (service model). */
const EXPRESSION: StringRule = { min: 1, max: 1024 };
/** How much of the expression after an error's position a message quotes. */
const NEAR_CHARS_MAX = 24;

/**
 * SearchGameSessions (SG-1..SG-4): the ACTIVE game sessions of one fleet, named by exactly one of FleetId and AliasId
 * (DG-2, DG-3), optionally in one Location (DG-4's errors), that match FilterExpression, in SortExpression's order
 * or the run's random order, at most 20 a page, with NextToken keyset paging (DG-6, DG-7). A malformed expression is
 * InvalidRequestException naming its position. Reads only: a search changes nothing.
 */
export function searchGameSessions(ctx: ApiContext, input: unknown): SearchGameSessionsOutput {
  const m = members(input);
  exactlyOne(m, ['FleetId', 'AliasId'], true);
  const fleetId = optionalString(m.FleetId, 'FleetId', FLEET_ID_OR_ARN);
  const aliasId = optionalString(m.AliasId, 'AliasId', ALIAS_ID_OR_ARN);
  const location = optionalString(m.Location, 'Location', LOCATION);
  const filterText = optionalString(m.FilterExpression, 'FilterExpression', EXPRESSION);
  const sortText = optionalString(m.SortExpression, 'SortExpression', EXPRESSION);
  const limit = Math.min(optionalInt(m.Limit, 'Limit', { min: 1 }) ?? SEARCH_PAGE_SIZE_MAX, SEARCH_PAGE_SIZE_MAX);
  const token = nextToken(m.NextToken);
  const filter = filterText === undefined ? undefined : parsed('FilterExpression', filterText, parseFilter);
  const sort = sortText === undefined ? undefined : parsed('SortExpression', sortText, parseSort);

  const fleet = fleetOfRequest(ctx, fleetId, aliasId);
  const loc = location === undefined ? undefined : locationOf(fleet, location).location;
  const query = { fleet: fleet.fleetId, location: loc, filter: filterText, sort: sortText };
  const indexed = indexedOrderOf(sort);
  const { items, NextToken } = ctx.paging.page('SearchGameSessions', query, token, (after) => {
    const search: Search = {
      ctx, fleetId: fleet.fleetId, location: loc, population: populationFor(filter), filter, descending: sort?.order === 'DESC', limit,
      after: after === undefined ? undefined : keyOfPosition(after, sort?.order === 'DESC', (id) => {
        const session = ctx.world.gameSessions.get(id);
        return session === undefined || sort === undefined ? undefined : operandValue(session, sort.operand);
      }),
    };
    const found = indexed === undefined ? bestOfAll(search, sort!) : walkIndex(search, indexed);
    const more = found.length > limit;
    const shown = found.slice(0, limit);
    return { items: shown.map(([, session]) => session), next: more ? positionOf(shown.at(-1)![0]) : undefined };
  });
  return { GameSessions: items.map(gameSessionView), NextToken };
}

/** One page's search: where, what, in which direction, how many, and after which key. */
interface Search {
  readonly ctx: ApiContext;
  readonly fleetId: string;
  readonly location: string | undefined;
  /** The sessions that can match at all: only those with a free slot when the filter requires one. */
  readonly population: Population;
  readonly filter: Filter | undefined;
  /** Whether the order is a SortExpression's DESC: the random order always ascends. */
  readonly descending: boolean;
  readonly limit: number;
  readonly after: OrderKey | undefined;
}

/** The index that lists sessions in the order a sort asks for, if one does. */
function indexedOrderOf(sort: Sort | undefined): IndexedOrder | undefined {
  if (sort === undefined) return 'random';
  const { operand } = sort;
  return operand.kind === 'number' && (operand.name === 'creationTimeMillis' || operand.name === 'playerSessionCount') ? operand.name : undefined;
}

/**
 * The sessions a filter can match: those with a free player slot when it requires `hasAvailablePlayerSessions`
 * (a comparison `= true` or `<> false`, alone or in a top-level AND), all ACTIVE ones otherwise. The filter is
 * still applied to each session read; this only skips full ones without reading them.
 */
function populationFor(filter: Filter | undefined): Population {
  const requires = (f: Filter): boolean =>
    f.kind === 'compare'
      ? f.operand.kind === 'boolean' && (f.comparator === '=') === f.value
      : f.kind === 'and' && f.operands.some(requires);
  return filter !== undefined && requires(filter) ? 'available' : 'all';
}

/** Up to limit + 1 matching sessions after the position, read in order from the index: stops once it has them. */
function walkIndex(search: Search, indexed: IndexedOrder): [OrderKey, GameSession][] {
  const found: [OrderKey, GameSession][] = [];
  const walk = search.ctx.search.walk(search.fleetId, search.location, search.population, indexed, search.descending, search.after);
  for (const entry of walk) {
    if (search.filter !== undefined && !matches(entry[1], search.filter)) continue;
    found.push(entry);
    if (found.length > search.limit) break;
  }
  return found;
}

/**
 * Up to limit + 1 matching sessions after the position in an order no index keeps (a name, an id, a game property,
 * maximumSessions, hasAvailablePlayerSessions): one pass over the ACTIVE sessions, keeping the best few in a short
 * sorted buffer, so a page costs one read of the fleet's ACTIVE sessions and no sort of them all.
 */
function bestOfAll(search: Search, sort: Sort): [OrderKey, GameSession][] {
  const { after, filter, limit, descending } = search;
  const best: [OrderKey, GameSession][] = [];
  search.ctx.search.forEach(search.fleetId, search.location, search.population, (session) => {
    if (filter !== undefined && !matches(session, filter)) return;
    const value = operandValue(session, sort.operand);
    const key: OrderKey = { missing: value === undefined, value: value ?? null, gameSessionId: session.gameSessionId };
    if (after !== undefined && compareOrderKeys(key, after, descending) <= 0) return;
    if (best.length > limit && compareOrderKeys(key, best[limit]![0], descending) >= 0) return;
    let at = best.length;
    while (at > 0 && compareOrderKeys(key, best[at - 1]![0], descending) < 0) at--;
    best.splice(at, 0, [key, session]);
    if (best.length > limit + 1) best.pop();
  });
  return best;
}

/** An expression parsed, or InvalidRequestException naming the member, the problem, its position and the text. */
function parsed<T>(member: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof SearchSyntaxError)) throw error;
    const rest = text.slice(error.at, error.at + NEAR_CHARS_MAX);
    const near = error.at >= text.length ? 'at its end' : `at "${rest}${error.at + NEAR_CHARS_MAX < text.length ? '…' : ''}"`;
    invalid(member, `is malformed at character ${error.at + 1} (${near}): ${error.message} (${member === 'SortExpression' ? 'SG-3' : 'SG-2'})`, text);
  }
}
