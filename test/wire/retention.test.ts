import { StartGameSessionPlacementCommand } from '@aws-sdk/client-gamelift';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulation } from '../../src/api/simulation.ts';
import { startServer, type SimulatorServer } from '../../src/wire/server.ts';
import { activeFleet, httpClient, post } from './support.ts';

const servers: SimulatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Placements per round of the soak, and virtual minutes between rounds. */
const ROUND_PLACEMENTS = 20;
const ROUND_MINUTES = 10;
const ROUNDS = 24;

describe('a long-lived server with shortened retention', () => {
  it('DG-9: the retained game sessions and placements stay flat while placements keep coming (a soak scaled to seconds)', async () => {
    const sim = new Simulation({ seed: 'soak', config: { retention: { gameSessionsDays: 1 / 24, placementsHours: 1 } } });
    const fleetId = activeFleet(sim, 2 * ROUND_PLACEMENTS);
    const fleetArn = sim.call('DescribeFleetAttributes', { FleetIds: [fleetId] }).FleetAttributes![0]!.FleetArn!;
    sim.call('CreateGameSessionQueue', { Name: 'soak', Destinations: [{ DestinationArn: fleetArn }] });
    sim.setTimings({ gameSessionLifetime: { minSeconds: 60, maxSeconds: 120 } });
    const server = await startServer(sim, { port: 0, clock: 'manual', log: () => {} });
    servers.push(server);
    const client = httpClient(server.url, sim);
    const retained: { gameSessions: number; placements: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < ROUND_PLACEMENTS; i++) {
        await client.send(new StartGameSessionPlacementCommand({ PlacementId: `p-${round}-${i}`, GameSessionQueueName: 'soak', MaximumPlayerSessionCount: 2 }));
      }
      expect((await post(`${server.url}/_sim/advance`, { 'content-type': 'application/json' }, JSON.stringify({ seconds: ROUND_MINUTES * 60 }))).status).toBe(200);
      const state = JSON.parse((await (await fetch(`${server.url}/_sim/state`)).text())) as { counts: { gameSessions: number; placements: number } };
      retained.push({ gameSessions: state.counts.gameSessions, placements: state.counts.placements });
    }
    client.destroy();
    // Every placement found a session, and (4 virtual hours in) most of them are gone: an hour's worth stays.
    const half = retained[ROUNDS / 2 - 1]!;
    const end = retained[ROUNDS - 1]!;
    expect(end.placements).toBeLessThan(ROUNDS * ROUND_PLACEMENTS / 2);
    expect(end.gameSessions).toBeLessThan(ROUNDS * ROUND_PLACEMENTS / 2);
    expect(end.placements).toBeGreaterThan(0);
    expect(end).toEqual(half);
  });
});
