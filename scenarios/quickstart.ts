import { defineScenario } from '../src/index.ts';

/**
 * Thirty minutes of an evening on two regions: lobbies ramp up past what the fleets hold, some players give up,
 * a spot reclaim strikes, and the bundled reference client matchmakes (a scenario's own `client` replaces it).
 * What `npm start` runs.
 */
export default defineScenario({
  name: 'quickstart',
  description: 'Two regions, a ramp of lobbies past capacity, impatient players and a spot reclaim, matched by the reference client.',
  durationMinutes: 30,
  fleets: [{
    name: 'main', fleetType: 'SPOT', processesPerInstance: 10,
    locations: { 'us-west-2': { desired: 4, max: 8 }, 'eu-west-1': { desired: 3, max: 6 } },
  }],
  queues: [{
    name: 'ranked', destinations: ['fleet:main'], timeoutSeconds: 120,
    playerLatencyPolicies: [{ maximumMs: 80, durationSeconds: 30 }, { maximumMs: 200 }],
  }],
  players: {
    arrivals: [{ kind: 'ramp', minutes: 20, fromPerMinute: 4, toPerMinute: 20 }, { kind: 'poisson', minutes: 10, lobbiesPerMinute: 12 }],
    queues: ['ranked'],
    lobbySize: { min: 2, max: 8 },
    latencyMs: { 'us-west-2': { kind: 'uniform', minMs: 20, maxMs: 160 }, 'eu-west-1': { kind: 'normal', meanMs: 90, sdMs: 40 } },
    disband: { fraction: 0.1, afterSeconds: { minSeconds: 5, maxSeconds: 60 } },
  },
  server: {
    activationSeconds: { minSeconds: 2, maxSeconds: 8 },
    sessionSeconds: { minSeconds: 300, maxSeconds: 900 },
  },
  faults: [{ kind: 'spotReclaim', fleet: 'main', location: 'us-west-2', count: 1, atMinute: 15 }],
  thresholds: { time_to_placement: ['p(95)<120'], checks: ['rate==1'] },
});
