import type { SearchGameSessionsOutput } from '@aws-sdk/client-gamelift';
import type { GameSession } from '../../model/entities.ts';
import type { ApiContext } from '../context.ts';
import { locationOf } from '../resolve.ts';
import type { Filter, Operand } from '../search/ast.ts';
import { matches, operandValue } from '../search/evaluate.ts';
import { keyOfPosition, positionOf, type OrderKey } from '../search/order.ts';
import { parseFilter, parseSort } from '../search/parser.ts';
import type { Population } from '../search/search-index.ts';
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
  const { items, NextToken } = ctx.paging.page('SearchGameSessions', query, token, (after) => {
    const search: Search = {
      ctx, fleetId: fleet.fleetId, location: loc, population: populationFor(filter), filter, operand: sort?.operand,
      descending: sort?.order === 'DESC', limit,
      after: after === undefined ? undefined : keyOfPosition(after, sort?.order === 'DESC', (id) => {
        const session = ctx.world.gameSessions.get(id);
        return session === undefined || sort === undefined ? undefined : operandValue(session, sort.operand);
      }),
    };
    const found = walkIndex(search);
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
  /** The sort operand; undefined for the random order. */
  readonly operand: Operand | undefined;
  /** Whether the order is a SortExpression's DESC: the random order always ascends. */
  readonly descending: boolean;
  readonly limit: number;
  readonly after: OrderKey | undefined;
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

/**
 * Up to limit + 1 matching sessions after the position, read in the sort's order (SG-3) from the index: stops once it
 * has them, so a page costs a tree descent and the sessions it reads.
 */
function walkIndex(search: Search): [OrderKey, GameSession][] {
  const found: [OrderKey, GameSession][] = [];
  const walk = search.ctx.search.walk(search.fleetId, search.location, search.population, search.operand, search.descending, search.after);
  for (const entry of walk) {
    if (search.filter !== undefined && !matches(entry[1], search.filter)) continue;
    found.push(entry);
    if (found.length > search.limit) break;
  }
  return found;
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
