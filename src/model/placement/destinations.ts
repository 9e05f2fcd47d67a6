import type { PriorityType } from '@aws-sdk/client-gamelift';
import { resourceIdOf } from '../arn.ts';
import type { Fleet, FleetLocation } from '../entities.ts';
import type { World } from '../world.ts';
import type { GameSessionQueue, LatencyPolicy, LocationLatency, PackedLatencies, Placement } from './entities.ts';

/** The full priority order; types a queue does not name follow its own ones in this order. */
const ALL_PRIORITIES: readonly PriorityType[] = ['LATENCY', 'COST', 'DESTINATION', 'LOCATION'];
/** Without player latency data GameLift orders by queue destination, then location (PL-8). */
const NO_LATENCY_PRIORITIES: readonly PriorityType[] = ['DESTINATION', 'LOCATION'];

/** A fleet location the placement may use, with what ordering needs to know of it. */
interface Candidate {
  readonly loc: FleetLocation;
  readonly destinationIndex: number;
  /** What the players reported for this location (PL-8). */
  readonly latency: LocationLatency;
}

/** The fleet a queue destination names now: a fleet, or the fleet of a SIMPLE alias; none for a TERMINAL alias. */
export function destinationFleet(world: World, destinationArn: string): Fleet | undefined {
  return fleetOfId(world, resourceIdOf(destinationArn));
}

/** The fleet a destination's resource id (a fleet's or an alias's) names now. */
function fleetOfId(world: World, id: string): Fleet | undefined {
  if (id.startsWith('alias-')) {
    const alias = world.aliases.get(id);
    return alias?.routingType === 'SIMPLE' && alias.fleetId !== undefined ? world.fleets.get(alias.fleetId) : undefined;
  }
  return world.fleets.get(id);
}

/**
 * The latency policy in force `elapsedMs` after the placement started (PL-8 step 2): policies apply in order of
 * rising maximum, each for its duration; the last one, or the first without a duration, until the timeout.
 * Returns the policy and when the next one takes over (undefined when none will).
 */
export function policyInForce(
  policies: readonly LatencyPolicy[],
  elapsedMs: number,
): { policy: LatencyPolicy | undefined; nextChangeAfterMs: number | undefined } {
  // Queues mostly list them in that order already: then they are read as they are, without a sorted copy.
  const ordered = inRisingOrder(policies) ? policies : [...policies].sort((a, b) => a.maximumIndividualPlayerLatencyMs - b.maximumIndividualPlayerLatencyMs);
  let endsAtMs = 0;
  for (let i = 0; i < ordered.length; i++) {
    const policy = ordered[i]!;
    const last = i === ordered.length - 1;
    if (last || policy.policyDurationSeconds === undefined) return { policy, nextChangeAfterMs: undefined };
    endsAtMs += policy.policyDurationSeconds * 1000;
    if (elapsedMs < endsAtMs) return { policy, nextChangeAfterMs: endsAtMs };
  }
  return { policy: undefined, nextChangeAfterMs: undefined };
}

function inRisingOrder(policies: readonly LatencyPolicy[]): boolean {
  for (let i = 1; i < policies.length; i++) {
    if (policies[i - 1]!.maximumIndividualPlayerLatencyMs > policies[i]!.maximumIndividualPlayerLatencyMs) return false;
  }
  return true;
}

/**
 * The fleet locations a placement may use now, best first (PL-8, PL-9):
 * 1. the queue's destinations' locations, kept only where FilterConfiguration allows;
 * 2. with player latencies, only where every player's latency is within the policy in force;
 * 3. ordered by the queue's priority order; a priority override's locations go first, the others after one pass
 *    (DEFAULT_AFTER_SINGLE_PASS) or not at all (NONE).
 * The caller gives the game session to the first location with a free server process.
 */
export function rankLocations(world: World, placement: Placement, nowMs: number): FleetLocation[] {
  const queue = placement.queue;
  const ranking = rankingOf(queue);
  const latency = placement.latencyByLocation;
  const allowed = ranking.allowed;
  const cap = latency === undefined ? undefined : policyInForce(queue.playerLatencyPolicies, nowMs - placement.startTimeMs).policy;

  const candidates: Candidate[] = [];
  const destinationIds = ranking.destinationIds;
  for (let destinationIndex = 0; destinationIndex < destinationIds.length; destinationIndex++) {
    const fleet = fleetOfId(world, destinationIds[destinationIndex]!);
    if (fleet === undefined) continue;
    for (const loc of fleet.locations.values()) {
      if (allowed !== undefined && !allowed.has(loc.location)) continue;
      const reported = latency?.get(loc.location) ?? NO_LATENCY;
      if (cap !== undefined && reported.worstMs > cap.maximumIndividualPlayerLatencyMs) continue;
      candidates.push({ loc, destinationIndex, latency: reported });
    }
  }

  sortCandidates(candidates, latency === undefined ? ranking.withoutLatency : ranking.withLatency);
  const override = placement.priorityOverride;
  if (override === undefined) {
    // Made at its length: a placement that waits keeps it as long as it waits.
    const ranked = new Array<FleetLocation>(candidates.length);
    for (let i = 0; i < candidates.length; i++) ranked[i] = candidates[i]!.loc;
    return ranked;
  }

  const listed = override.locationOrder;
  const first = listed.flatMap((location) => candidates.filter((c) => c.loc.location === location));
  const rest = override.fallback === 'NONE' ? [] : candidates.filter((c) => !listed.includes(c.loc.location));
  return [...first, ...rest].map((c) => c.loc);
}

/** Up to this many candidates are sorted by insertion: a queue's few locations, without the copy `sort` makes. */
const INSERTION_SORT_MAX = 16;

/**
 * Sorts `candidates` in place by `compare`, a total order (no two candidates compare equal: destination and location
 * tell any two apart), so that any sort gives the same order.
 */
function sortCandidates(candidates: Candidate[], compare: (a: Candidate, b: Candidate) => number): void {
  if (candidates.length > INSERTION_SORT_MAX) {
    candidates.sort(compare);
    return;
  }
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[i]!;
    let j = i;
    for (; j > 0 && compare(candidates[j - 1]!, c) > 0; j--) candidates[j] = candidates[j - 1]!;
    candidates[j] = c;
  }
}

/**
 * What ranking needs of a queue's settings, worked out once for the settings as they are: the resource ids of its
 * destinations, its filter as a set, and its order as comparators. Every placement is ranked at least once, and
 * working these out each time was most of the cost of ranking.
 */
interface QueueRanking {
  /** The settings this was worked out from: the queue's arrays, which an update replaces and never changes. */
  readonly destinations: readonly string[];
  readonly allowedLocations: readonly string[] | undefined;
  readonly priorityOrder: readonly PriorityType[] | undefined;
  readonly locationOrder: readonly string[] | undefined;
  readonly destinationIds: readonly string[];
  readonly allowed: ReadonlySet<string> | undefined;
  readonly withLatency: (a: Candidate, b: Candidate) => number;
  readonly withoutLatency: (a: Candidate, b: Candidate) => number;
}

/** Derived from the queues' settings alone, so it is no part of the state; a queue that is gone takes its entry along. */
const rankings = new WeakMap<GameSessionQueue, QueueRanking>();

function rankingOf(queue: GameSessionQueue): QueueRanking {
  const cached = rankings.get(queue);
  if (
    cached !== undefined && cached.destinations === queue.destinations && cached.allowedLocations === queue.allowedLocations &&
    cached.priorityOrder === queue.priorityOrder && cached.locationOrder === queue.locationOrder
  ) return cached;
  const ranking: QueueRanking = {
    destinations: queue.destinations,
    allowedLocations: queue.allowedLocations,
    priorityOrder: queue.priorityOrder,
    locationOrder: queue.locationOrder,
    destinationIds: queue.destinations.map(resourceIdOf),
    allowed: queue.allowedLocations === undefined ? undefined : new Set(queue.allowedLocations),
    withLatency: comparator(queue, true),
    withoutLatency: comparator(queue, false),
  };
  rankings.set(queue, ranking);
  return ranking;
}

/** A location no player reported a latency for. */
const NO_LATENCY: LocationLatency = { averageMs: Infinity, worstMs: Infinity, allReported: false };

/**
 * Per location: the players' average and worst latency, from a request's PlayerLatencies (flat: see PackedLatencies);
 * undefined when the request carries no latency data.
 */
export function latencyByLocation(latencies: PackedLatencies): Map<string, LocationLatency> | undefined {
  if (latencies.length === 0) return undefined;
  return latencyInTurn(latencies) ?? latencyInAnyOrder(latencies);
}

/** Beyond this many players or locations, entries in turn are worked out the general way: the lookups here are scans. */
const IN_TURN_PLAYERS_MAX = 64;
const IN_TURN_LOCATIONS_MAX = 16;

/**
 * What `latencyInTurn` reads entries into: one set of arrays at their bounds, filled from the start by each call
 * (calls run to their end without a pause, one at a time), instead of six arrays grown by pushes for every placement
 * request, which made most of its garbage.
 */
const IN_TURN = {
  players: new Array<string>(IN_TURN_PLAYERS_MAX).fill(''),
  regions: new Array<string>(IN_TURN_LOCATIONS_MAX).fill(''),
  sums: new Float64Array(IN_TURN_LOCATIONS_MAX),
  counts: new Int32Array(IN_TURN_LOCATIONS_MAX),
  worsts: new Float64Array(IN_TURN_LOCATIONS_MAX),
  /** The number of the last player (from 1) who reported each location. */
  reportedBy: new Int32Array(IN_TURN_LOCATIONS_MAX),
};

/**
 * The table for entries that come player by player, no player naming a location twice, as clients send them
 * (undefined for any others): one pass in their order then sums, and orders the locations, as `latencyInAnyOrder`
 * does, without a map per player. Every placement request is worked out, and those maps were most of its cost.
 */
function latencyInTurn(latencies: PackedLatencies): Map<string, LocationLatency> | undefined {
  const { players, regions, sums, counts, worsts, reportedBy } = IN_TURN;
  let playerCount = 0;
  let regionCount = 0;
  /** The player of the entries being read: the last of `players`. */
  let current: string | undefined;
  for (let e = 0; e < latencies.length; e += 3) {
    const playerId = latencies[e] as string | undefined;
    const regionIdentifier = latencies[e + 1] as string | undefined;
    const latencyMs = latencies[e + 2] as number | undefined;
    if (playerId === undefined || regionIdentifier === undefined || latencyMs === undefined) continue;
    if (playerId !== current) {
      if (playerCount === IN_TURN_PLAYERS_MAX || indexIn(players, playerCount, playerId) >= 0) return undefined;
      players[playerCount++] = playerId;
      current = playerId;
    }
    let r = indexIn(regions, regionCount, regionIdentifier);
    if (r < 0) {
      if (regionCount === IN_TURN_LOCATIONS_MAX) return undefined;
      r = regionCount++;
      regions[r] = regionIdentifier;
      sums[r] = 0;
      counts[r] = 0;
      worsts[r] = -Infinity;
    } else if (reportedBy[r] === playerCount) {
      return undefined;
    }
    reportedBy[r] = playerCount;
    sums[r] = sums[r]! + latencyMs;
    counts[r] = counts[r]! + 1;
    worsts[r] = Math.max(worsts[r]!, latencyMs);
  }
  const table = new Map<string, LocationLatency>();
  for (let r = 0; r < regionCount; r++) table.set(regions[r]!, locationLatency(sums[r]!, counts[r]!, worsts[r]!, playerCount));
  return table;
}

/** Where `value` is among the first `count` of `values`; -1 when it is not. */
function indexIn(values: readonly string[], count: number, value: string): number {
  for (let i = 0; i < count; i++) if (values[i] === value) return i;
  return -1;
}

/**
 * The table for entries in any order: a player's last entry for a location counts; locations in the order the
 * players first gave them, player by player; sums taken in the order the players first appear.
 */
function latencyInAnyOrder(latencies: PackedLatencies): Map<string, LocationLatency> {
  const byPlayer = new Map<string, Map<string, number>>();
  for (let e = 0; e < latencies.length; e += 3) {
    const playerId = latencies[e] as string | undefined;
    const regionIdentifier = latencies[e + 1] as string | undefined;
    const latencyMs = latencies[e + 2] as number | undefined;
    if (playerId === undefined || regionIdentifier === undefined || latencyMs === undefined) continue;
    let mine = byPlayer.get(playerId);
    if (mine === undefined) byPlayer.set(playerId, (mine = new Map()));
    mine.set(regionIdentifier, latencyMs);
  }
  const regions = new Set<string>();
  for (const mine of byPlayer.values()) for (const region of mine.keys()) regions.add(region);
  const table = new Map<string, LocationLatency>();
  for (const region of regions) {
    let sum = 0;
    let reported = 0;
    let worst = -Infinity;
    for (const mine of byPlayer.values()) {
      const ms = mine.get(region);
      if (ms === undefined) continue;
      sum += ms;
      reported++;
      worst = Math.max(worst, ms);
    }
    table.set(region, locationLatency(sum, reported, worst, byPlayer.size));
  }
  return table;
}

function locationLatency(sum: number, reported: number, worst: number, players: number): LocationLatency {
  // A player who reported no latency here could be anywhere: no policy can accept the location (PL-8 [C]).
  const allReported = reported === players;
  return { averageMs: sum / reported, worstMs: allReported ? worst : Infinity, allReported };
}

/** The queue's priority order as a total order on candidates; destination, then location name, break ties. */
function comparator(queue: GameSessionQueue, hasLatency: boolean): (a: Candidate, b: Candidate) => number {
  const named = queue.priorityOrder;
  const order = named === undefined
    ? (hasLatency ? ALL_PRIORITIES : NO_LATENCY_PRIORITIES)
    : [...named, ...ALL_PRIORITIES.filter((p) => !named.includes(p))];
  const locationOrder = named?.includes('LOCATION') ? queue.locationOrder ?? [] : [];
  const locationRank = (c: Candidate): number => {
    const i = locationOrder.indexOf(c.loc.location);
    return i < 0 ? locationOrder.length : i;
  };
  return (a, b) => {
    for (const priority of order) {
      let d = 0;
      if (priority === 'LATENCY') d = hasLatency ? compareLatency(a.latency, b.latency) : 0;
      // COST [C]: spot capacity is cheaper than on-demand; prices of instance types and locations are not modelled.
      else if (priority === 'COST') d = costRank(a) - costRank(b);
      else if (priority === 'DESTINATION') d = a.destinationIndex - b.destinationIndex;
      else d = locationRank(a) - locationRank(b) || compareStrings(a.loc.location, b.loc.location);
      if (d !== 0) return d;
    }
    return a.destinationIndex - b.destinationIndex || compareStrings(a.loc.location, b.loc.location);
  };
}

/**
 * LATENCY (PL-8 [C]): locations every player reported come first, by average latency; those some player did not
 * report follow, by the average of the latencies that were reported. A location nobody can vouch for never wins.
 */
function compareLatency(a: LocationLatency, b: LocationLatency): number {
  return Number(!a.allReported) - Number(!b.allReported) || compareNumbers(a.averageMs, b.averageMs);
}

function costRank(c: Candidate): number {
  return c.loc.fleet.fleetType === 'SPOT' ? 0 : 1;
}

function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
