import type { PriorityType } from '@aws-sdk/client-gamelift';
import { resourceIdOf } from '../arn.ts';
import type { Fleet, FleetLocation } from '../entities.ts';
import type { World } from '../world.ts';
import type { GameSessionQueue, LatencyPolicy, LocationLatency, Placement, PlayerLatencyInput } from './entities.ts';

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
  const id = resourceIdOf(destinationArn);
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
  const latency = placement.latencyByLocation;
  const allowed = queue.allowedLocations === undefined ? undefined : new Set(queue.allowedLocations);
  const cap = latency === undefined ? undefined : policyInForce(queue.playerLatencyPolicies, nowMs - placement.startTimeMs).policy;

  const candidates: Candidate[] = [];
  queue.destinations.forEach((arn, destinationIndex) => {
    const fleet = destinationFleet(world, arn);
    if (fleet === undefined) return;
    for (const loc of fleet.locations.values()) {
      if (allowed !== undefined && !allowed.has(loc.location)) continue;
      const reported = latency?.get(loc.location) ?? NO_LATENCY;
      if (cap !== undefined && reported.worstMs > cap.maximumIndividualPlayerLatencyMs) continue;
      candidates.push({ loc, destinationIndex, latency: reported });
    }
  });

  candidates.sort(comparator(queue, latency !== undefined));
  const override = placement.priorityOverride;
  if (override === undefined) return candidates.map((c) => c.loc);

  const listed = override.locationOrder;
  const first = listed.flatMap((location) => candidates.filter((c) => c.loc.location === location));
  const rest = override.fallback === 'NONE' ? [] : candidates.filter((c) => !listed.includes(c.loc.location));
  return [...first, ...rest].map((c) => c.loc);
}

/** A location no player reported a latency for. */
const NO_LATENCY: LocationLatency = { averageMs: Infinity, worstMs: Infinity, allReported: false };

/** Per location: the players' average and worst latency; undefined when the request carries no latency data. */
export function latencyByLocation(latencies: readonly PlayerLatencyInput[]): Map<string, LocationLatency> | undefined {
  if (latencies.length === 0) return undefined;
  const byPlayer = new Map<string, Map<string, number>>();
  for (const { playerId, regionIdentifier, latencyMs } of latencies) {
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
    // A player who reported no latency here could be anywhere: no policy can accept the location (PL-8 [C]).
    const allReported = reported === byPlayer.size;
    table.set(region, { averageMs: sum / reported, worstMs: allReported ? worst : Infinity, allReported });
  }
  return table;
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
