import { defineScenario } from '../src/index.ts';

/**
 * A storm of spot reclaims on the home Region while lobbies keep coming: sessions on reclaimed instances end,
 * placements move to the on-demand fleet behind it in the queue.
 */
export default defineScenario({
  name: 'spot-reclaim-storm',
  description: 'Repeated spot reclaims on a SPOT fleet, an ON_DEMAND fleet behind it in the queue.',
  durationMinutes: 20,
  fleets: [
    { name: 'spot', fleetType: 'SPOT', processesPerInstance: 10, locations: { 'us-west-2': { desired: 6, max: 8 } } },
    { name: 'ondemand', fleetType: 'ON_DEMAND', processesPerInstance: 10, locations: { 'us-west-2': { desired: 3, max: 4 } } },
  ],
  queues: [{ name: 'ranked', destinations: ['fleet:spot', 'fleet:ondemand'], timeoutSeconds: 120 }],
  players: {
    arrivals: [{ kind: 'poisson', minutes: 20, lobbiesPerMinute: 8 }],
    queues: ['ranked'],
    lobbySize: { min: 2, max: 8 },
    latencyMs: { 'us-west-2': { kind: 'uniform', minMs: 20, maxMs: 120 } },
  },
  server: {
    activationSeconds: { minSeconds: 2, maxSeconds: 8 },
    sessionSeconds: { minSeconds: 300, maxSeconds: 600 },
  },
  faults: [
    { kind: 'spotReclaim', fleet: 'spot', location: 'us-west-2', count: 2, atMinute: 5 },
    { kind: 'spotReclaim', fleet: 'spot', location: 'us-west-2', count: 2, atMinute: 9 },
    { kind: 'spotReclaim', fleet: 'spot', location: 'us-west-2', count: 1, atMinute: 13 },
  ],
  thresholds: { checks: ['rate==1'] },
});
