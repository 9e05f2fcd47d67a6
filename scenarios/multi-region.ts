import { defineScenario } from '../src/index.ts';

/**
 * Three Regions and a queue whose latency policies relax over time: a lobby first waits for a close server,
 * then accepts a farther one, then any.
 */
export default defineScenario({
  name: 'multi-region',
  description: 'Three Regions, latency policies relaxing from 60 ms to 150 ms to any over a placement.',
  durationMinutes: 20,
  fleets: [{
    name: 'global', fleetType: 'ON_DEMAND', processesPerInstance: 10,
    locations: { 'us-west-2': { desired: 3, max: 4 }, 'eu-west-1': { desired: 3, max: 4 }, 'ap-northeast-1': { desired: 2, max: 3 } },
  }],
  queues: [{
    name: 'ranked', destinations: ['fleet:global'], timeoutSeconds: 180,
    playerLatencyPolicies: [{ maximumMs: 60, durationSeconds: 20 }, { maximumMs: 150, durationSeconds: 40 }, { maximumMs: 400 }],
  }],
  players: {
    arrivals: [{ kind: 'poisson', minutes: 20, lobbiesPerMinute: 8 }],
    queues: ['ranked'],
    lobbySize: { min: 2, max: 8 },
    latencyMs: {
      'us-west-2': { kind: 'uniform', minMs: 20, maxMs: 200 },
      'eu-west-1': { kind: 'normal', meanMs: 110, sdMs: 50 },
      'ap-northeast-1': { kind: 'uniform', minMs: 60, maxMs: 250 },
    },
  },
  server: {
    activationSeconds: { minSeconds: 2, maxSeconds: 8 },
    sessionSeconds: { minSeconds: 300, maxSeconds: 600 },
  },
  thresholds: { checks: ['rate==1'] },
});
