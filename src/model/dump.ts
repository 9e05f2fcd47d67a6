import type { Alias, Fleet, GameSession, Instance, PlayerSession } from './entities.ts';
import type { ModelEvent, World } from './world.ts';

/**
 * The whole model state as plain data, for the state hash: a refused request must leave it byte for byte the same.
 * Entities appear by id where they refer to each other; maps in insertion order, which is itself deterministic.
 * Each datum appears once: player sessions inside their game session (objects while it runs, the packed string once
 * it has ended), not again in a list of their own, which would unpack every ended one at each hash for nothing.
 */
export function dumpWorld(world: World): Record<string, unknown> {
  return {
    nowMs: world.nowMs,
    random: world.engine.random.states(),
    ordinalsIssued: world.ordinalsIssued,
    eventsPushed: world.engine.queue.pushed,
    sessionIndex: world.sessionIndex.dump(),
    timings: world.timings,
    activationFaults: world.activationFaults,
    events: world.engine.queue.ordered().map(({ dueMs, seq, event }) => ({ dueMs, seq, ...describeEvent(event) })),
    fleets: [...world.fleets.values()].map(dumpFleet),
    aliases: [...world.aliases.values()].map(dumpAlias),
    gameSessions: [...world.gameSessions.values()].map(dumpGameSession),
    ended: world.ended.entries().map(([s, dueMs]) => [s.gameSessionId, dueMs]),
  };
}

function describeEvent(event: ModelEvent): Record<string, unknown> {
  switch (event.kind) {
    case 'locationActivating':
    case 'locationActive':
      return { kind: event.kind, fleetId: event.location.fleet.fleetId, location: event.location.location };
    case 'instanceReady':
    case 'spotReclaimed':
      return { kind: event.kind, instanceId: event.instance.instanceId };
    case 'gameSessionActivated':
    case 'activationTimedOut':
    case 'gameSessionEnding':
    case 'processEnded':
      return { kind: event.kind, gameSessionId: event.session.gameSessionId };
    case 'gameSessionsExpired':
    case 'placementsExpired':
      return { kind: event.kind };
    case 'reservationTimedOut':
    case 'playerLeft':
      return { kind: event.kind, playerSessionId: event.playerSession.playerSessionId };
    // By id, as when steps named their placement by id: the same dump, and the same state hash.
    case 'placementAttempt':
    case 'placementTimeout':
      return { kind: event.kind, placementId: event.placement.placementId };
    case 'placementRetry':
      return { kind: event.kind, placementId: event.placement.placementId, generation: event.generation };
    case 'waitListServe':
      return { kind: event.kind, fleetId: event.location.fleet.fleetId, location: event.location.location };
  }
}

function dumpFleet(f: Fleet): Record<string, unknown> {
  return {
    ...f,
    locations: [...f.locations.values()].map((loc) => ({
      ...loc,
      fleet: undefined,
      instances: [...loc.instances].map(dumpInstance),
      available: [...loc.available].map((i) => i.instanceId),
    })),
  };
}

function dumpInstance(i: Instance): Record<string, unknown> {
  return { ...i, location: undefined, sessions: [...i.sessions].map((s) => s.gameSessionId) };
}

function dumpAlias(a: Alias): Record<string, unknown> {
  return { ...a };
}

function dumpGameSession(s: GameSession): Record<string, unknown> {
  return {
    ...s,
    fleet: s.fleet.fleetId,
    location: s.location.location,
    instance: s.instance.instanceId,
    playerSessions: s.playerSessions.map(dumpPlayerSession),
  };
}

/** A running game session's player session, inside its game session's dump. */
function dumpPlayerSession(ps: PlayerSession): Record<string, unknown> {
  return { ...ps, gameSession: undefined };
}
