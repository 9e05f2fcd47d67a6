import type { PlacementService } from './service.ts';

/** Queues and placements as plain data, for the state hash; entities they refer to appear by id. */
export function dumpPlacements(service: PlacementService): Record<string, unknown> {
  return {
    queues: [...service.queues.values()].map((q) => ({ ...q })),
    placements: [...service.placements.values()].map((p) => ({
      ...p,
      queue: p.queue.name,
      gameSession: p.gameSession?.gameSessionId,
      placedPlayerSessions: p.placedPlayerSessions?.map((ps) => ps.playerSessionId),
      waitingOn: p.waitingOn?.map((loc) => `${loc.fleet.fleetId} ${loc.location}`),
    })),
    events: service.eventCount,
    ...service.dumpWaiting(),
  };
}
