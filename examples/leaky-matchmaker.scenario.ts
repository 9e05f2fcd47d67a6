import { defineScenario, type ClientFactory } from '../src/index.ts';
import { MatchmakingService } from './matchmaker/matchmaking-service.ts';

/** The service plugged into a scenario: the few lines of glue, the class unchanged. */
export function leakyMatchmaker(dropTicketOnRefusedStop: boolean): ClientFactory {
  return ({ client, report }) => {
    const service = new MatchmakingService(client, {
      pollIntervalMs: 2_000, baseBackoffMs: 100, maxBackoffMs: 5_000, dropTicketOnRefusedStop,
      onPlaced: (lobbyId, placementId, gameSessionArn) => report.placed(lobbyId, { placementId, gameSessionArn }),
      onGaveUp: (lobbyId, why) => report.gaveUp(lobbyId, why),
    });
    return { onLobby: (lobby) => service.enqueue(lobby), onDisband: (id) => service.disband(id), stop: () => service.close() };
  };
}

/**
 * Lobbies that often disband seconds after queueing, on a small fleet with fast activations, so that Stop often
 * comes after the placement created its session; the bundled leak check finds the matchmaker's dropped tickets.
 */
export default defineScenario({
  name: 'leaky-matchmaker',
  description: 'A production-style matchmaker whose refused Stop drops the ticket: the session of a disbanded lobby leaks.',
  durationMinutes: 4,
  fleets: [{ name: 'main', processesPerInstance: 4, locations: { 'us-west-2': { desired: 3 } } }],
  queues: [{ name: 'ranked', destinations: ['fleet:main'], timeoutSeconds: 60 }],
  players: {
    arrivals: [{ kind: 'poisson', minutes: 4, lobbiesPerMinute: 6 }],
    queues: ['ranked'],
    lobbySize: { min: 1, max: 4 },
    disband: { fraction: 0.35, afterSeconds: { minSeconds: 1, maxSeconds: 8 } },
  },
  server: { activationSeconds: { minSeconds: 1, maxSeconds: 4 } },
  transport: { delay: [{ minMs: 5, maxMs: 50 }], throttle: [{ operations: ['DescribeGameSessionPlacement'], rate: 0.02 }] },
  client: leakyMatchmaker(true),
});
