import { defineScenario } from '../src/index.ts';

/**
 * Impatient players: most lobbies disband while their placement is pending, so the matchmaker must stop
 * placements it no longer wants and leave no session behind for a lobby that is gone.
 */
export default defineScenario({
  name: 'lobby-churn',
  description: 'Most lobbies disband while pending; stopped placements must leave no leaked session.',
  durationMinutes: 15,
  fleets: [{ name: 'main', fleetType: 'ON_DEMAND', processesPerInstance: 10, locations: { 'us-west-2': { desired: 2, max: 4 } } }],
  queues: [{ name: 'casual', destinations: ['fleet:main'], timeoutSeconds: 120 }],
  players: {
    arrivals: [{ kind: 'poisson', minutes: 15, lobbiesPerMinute: 12 }],
    queues: ['casual'],
    lobbySize: { min: 2, max: 6 },
    latencyMs: { 'us-west-2': { kind: 'uniform', minMs: 20, maxMs: 120 } },
    disband: { fraction: 0.7, afterSeconds: { minSeconds: 1, maxSeconds: 20 } },
  },
  server: {
    activationSeconds: { minSeconds: 2, maxSeconds: 8 },
    sessionSeconds: { minSeconds: 120, maxSeconds: 300 },
  },
  thresholds: { checks: ['rate==1'] },
});
