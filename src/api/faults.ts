import { canonicalJson } from '../engine/canonical.ts';
import type { DurationRange } from '../model/config.ts';
import type { Fleet, FleetLocation, GameSession, Instance } from '../model/entities.ts';
import type { World } from '../model/world.ts';

/**
 * World faults chosen by selector rather than by instance or session id: "reclaim 30% of the spot instances in
 * eu-west-1", not "reclaim i-0abc". Which ones a fault hits is drawn from a stream named after the fault and the
 * time it strikes, so that removing another fault (while shrinking) does not change this one's targets.
 */

/** Which part of the world a fault hits, and how much of it. */
export interface FaultSelector {
  /** A fleet by FleetId, ARN, or name (a name must be unique among the fleets). */
  readonly fleet: string;
  /** One of the fleet's locations; all of them when left out. */
  readonly location?: string;
  /** How many targets, at most (as many as there are, when fewer). Default: 1 unless `fraction` is set. */
  readonly count?: number;
  /** Which share of the targets, in [0, 1], rounded to the nearest whole target. */
  readonly fraction?: number;
}

/** A selector that names no fleet or location of the simulation, or asks for an impossible amount. */
export class FaultSelectorError extends RangeError {
  override readonly name = 'FaultSelectorError';
}

/** The fleet a selector names; refuses an unknown or ambiguous one, listing what exists. */
export function selectedFleet(world: World, fleet: string): Fleet {
  const byId = [...world.fleets.values()].find((f) => f.fleetId === fleet || f.fleetArn === fleet);
  if (byId !== undefined) return byId;
  const named = [...world.fleets.values()].filter((f) => f.name === fleet);
  if (named.length === 1) return named[0]!;
  const known = [...world.fleets.values()].map((f) => `${f.name} (${f.fleetId})`).join(', ') || 'none';
  throw new FaultSelectorError(named.length > 1
    ? `fault selector fleet "${fleet}" names ${named.length} fleets; use a FleetId`
    : `fault selector fleet "${fleet}" names no fleet of the simulation; fleets: ${known}`);
}

/** The locations a selector covers; refuses a location the fleet does not have. */
export function selectedLocations(world: World, selector: FaultSelector): FleetLocation[] {
  const fleet = selectedFleet(world, selector.fleet);
  if (selector.location === undefined) return [...fleet.locations.values()];
  const loc = fleet.locations.get(selector.location);
  if (loc === undefined) {
    throw new FaultSelectorError(`fault selector location "${selector.location}" is no location of fleet ${fleet.name}; it has ${[...fleet.locations.keys()].join(', ')}`);
  }
  return [loc];
}

/** How many of `available` targets a selector asks for. */
export function selectedCount(selector: FaultSelector, available: number): number {
  const { count, fraction } = selector;
  if (count !== undefined && fraction !== undefined) throw new FaultSelectorError('a fault selector takes count or fraction, not both');
  if (count !== undefined && !(Number.isInteger(count) && count >= 0)) throw new FaultSelectorError(`fault selector count must be a whole number ≥ 0, got ${count}`);
  if (fraction !== undefined && !(fraction >= 0 && fraction <= 1)) throw new FaultSelectorError(`fault selector fraction must be from 0 to 1, got ${fraction}`);
  return Math.min(available, fraction !== undefined ? Math.round(fraction * available) : count ?? 1);
}

/**
 * `count` items of `items`, drawn without replacement from a stream named after the fault (its kind, selector and
 * virtual time), in the order drawn.
 */
export function pick<T>(world: World, kind: string, selector: FaultSelector, items: readonly T[]): T[] {
  const n = selectedCount(selector, items.length);
  const stream = world.engine.random.once(`fault/${kind}/${canonicalJson(selector)}/${world.nowMs}`);
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < n) picked.push(pool.splice(stream.int(0, pool.length - 1), 1)[0]!);
  return picked;
}

/** Spot reclaim storm (GS-3): the selected share of the fleet's live spot instances get their two minutes' notice. */
export function reclaimSpot(world: World, selector: FaultSelector): Instance[] {
  const locations = selectedLocations(world, selector);
  const fleet = locations[0]!.fleet;
  if (fleet.fleetType !== 'SPOT') throw new FaultSelectorError(`fault selector fleet "${selector.fleet}" is an ${fleet.fleetType} fleet; only SPOT instances are reclaimed (GS-3)`);
  const live = locations.flatMap((l) => [...l.instances].filter((i) => i.status !== 'TERMINATING'));
  const hit = pick(world, 'spotReclaim', selector, live);
  for (const instance of hit) world.reclaimSpotInstance(instance);
  return hit;
}

/** Process crashes: the selected share of the game sessions holding a server process (ACTIVATING or ACTIVE) crash. */
export function crashProcesses(world: World, selector: FaultSelector): GameSession[] {
  const sessions = selectedLocations(world, selector).flatMap((l) => [...l.instances].flatMap((i) => [...i.sessions]))
    .filter((s) => s.status === 'ACTIVATING' || s.status === 'ACTIVE');
  const hit = pick(world, 'processCrash', selector, sessions);
  for (const session of hit) world.crashProcess(session);
  return hit;
}

/** Instances one capacity loss took from one location: what `recoverCapacity` gives back. */
export interface CapacityLoss {
  readonly fleetId: string;
  readonly location: string;
  readonly instances: number;
}

/**
 * Capacity loss: the selected share of the live instances go, and the location's desired count drops with them, so
 * nothing replaces them until `recoverCapacity`. Which instances go follows scale-down's order (idle first); with
 * `abrupt`, the game sessions on them end at once as if their processes crashed, otherwise busy instances drain.
 */
export function loseCapacity(world: World, selector: FaultSelector, abrupt: boolean): CapacityLoss[] {
  const locations = selectedLocations(world, selector);
  const live = locations.flatMap((l) => [...l.instances].filter((i) => i.status !== 'TERMINATING'));
  const lostBy = new Map<FleetLocation, number>();
  for (const instance of pick(world, 'capacityLoss', selector, live)) lostBy.set(instance.location, (lostBy.get(instance.location) ?? 0) + 1);
  const losses: CapacityLoss[] = [];
  for (const loc of locations) {
    const lost = Math.min(lostBy.get(loc) ?? 0, loc.desired);
    if (lost === 0) continue;
    const before = new Set([...loc.instances].filter((i) => i.status === 'TERMINATING'));
    world.setCapacity(loc, loc.desired - lost, Math.min(loc.min, loc.desired - lost), loc.max);
    if (abrupt) {
      for (const instance of [...loc.instances]) {
        if (instance.status === 'TERMINATING' && !before.has(instance)) for (const s of [...instance.sessions]) world.crashProcess(s);
      }
    }
    losses.push({ fleetId: loc.fleet.fleetId, location: loc.location, instances: lost });
  }
  return losses;
}

/** Capacity recovery: each location gets back the instances a loss took, within its MaxSize. */
export function recoverCapacity(world: World, losses: readonly CapacityLoss[]): void {
  for (const loss of losses) {
    const loc = selectedLocations(world, { fleet: loss.fleetId, location: loss.location })[0]!;
    world.setCapacity(loc, Math.min(loc.max, loc.desired + loss.instances), loc.min, loc.max);
  }
}

/** What an activation fault does to new game sessions where it applies. */
export interface ActivationFaultSpec {
  /** The probability that a new game session never activates (its activation timeout ends it: PL-4 retries). */
  readonly failFraction?: number;
  /** Extra time, in virtual seconds, before an activation that does happen. */
  readonly delay?: DurationRange;
}

/**
 * Activation failures and slow activations in the selected fleet and location (count and fraction do not apply:
 * the fault hits new game sessions by probability), until `clearActivationFault` or another fault replaces it.
 */
export function setActivationFault(world: World, selector: Pick<FaultSelector, 'fleet' | 'location'>, fault: ActivationFaultSpec | undefined): void {
  const [loc] = selectedLocations(world, selector);
  const failFraction = fault?.failFraction ?? 0;
  if (!(failFraction >= 0 && failFraction <= 1)) throw new FaultSelectorError(`activation fault failFraction must be from 0 to 1, got ${failFraction}`);
  const delay = fault?.delay;
  if (delay !== undefined && !(delay.minSeconds >= 0 && delay.maxSeconds >= delay.minSeconds)) {
    throw new FaultSelectorError(`activation fault delay must have 0 ≤ minSeconds ≤ maxSeconds, got ${JSON.stringify(delay)}`);
  }
  world.setActivationFault(loc!.fleet, selector.location, fault === undefined ? undefined : { failFraction, delay });
}
