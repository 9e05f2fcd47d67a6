import { defineScenario } from '../src/index.ts';

/**
 * Launch day: lobbies spike to several times what the fleet holds; placements queue, some time out, and the
 * reference client keeps retrying. Thresholds are loose on purpose: a spike past capacity must degrade, not break.
 */
export default defineScenario({
  name: 'launch-day',
  description: 'A spike of lobbies past fleet capacity on one region: placements time out, no session leaks.',
  durationMinutes: 20,
  fleets: [{
    name: 'main', fleetType: 'ON_DEMAND', processesPerInstance: 10,
    locations: { 'us-west-2': { desired: 3, max: 3 } },
  }],
  queues: [{ name: 'launch', destinations: ['fleet:main'], timeoutSeconds: 90 }],
  players: {
    arrivals: [{ kind: 'poisson', minutes: 5, lobbiesPerMinute: 4 }, { kind: 'ramp', minutes: 10, fromPerMinute: 4, toPerMinute: 40 }, { kind: 'poisson', minutes: 5, lobbiesPerMinute: 10 }],
    queues: ['launch'],
    lobbySize: { min: 2, max: 6 },
    latencyMs: { 'us-west-2': { kind: 'uniform', minMs: 20, maxMs: 120 } },
  },
  server: {
    activationSeconds: { minSeconds: 2, maxSeconds: 8 },
    sessionSeconds: { minSeconds: 300, maxSeconds: 600 },
  },
  thresholds: { checks: ['rate==1'] },
});
