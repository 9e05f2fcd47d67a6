import {
  DescribeGameSessionPlacementCommand,
  StartGameSessionPlacementCommand,
  StopGameSessionPlacementCommand,
  paginateDescribeGameSessions,
  type GameLiftClient,
} from '@aws-sdk/client-gamelift';
import type { Simulation } from '../../src/api/simulation.ts';
import { runClient } from '../../src/client/run-client.ts';
import { simulatedClient, type SimulatedClientOptions } from '../../src/client/simulated-client.ts';
import { activeFleet, wireSimulation } from '../wire/support.ts';

/** What a small matchmaker saw: per lobby, how its placement ended, or the error that ended it. */
export type Outcomes = Record<string, string>;

/**
 * A small production-style matchmaker: lobbies arrive on timers with Math.random gaps, each gets a randomUUID
 * placement id, polls with setTimeout and full-jitter backoff, retries errors (a lost Start meets PL-2), stops
 * some lobbies on a setInterval "disband" sweep, and reads the fleet's sessions with the paginator at the end.
 */
export async function matchmaker(client: GameLiftClient, queueName: string, fleetId: string, lobbies = 12): Promise<Outcomes> {
  const outcomes: Outcomes = {};
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  const pending = new Set<string>();
  const disband = setInterval(() => {
    for (const id of pending) {
      if (Math.random() < 0.1) {
        client.send(new StopGameSessionPlacementCommand({ PlacementId: id })).then(() => { outcomes[id] = 'disbanded'; }, () => {});
      }
    }
  }, 7_000);
  const lobby = async (n: number): Promise<void> => {
    await sleep(Math.floor(Math.random() * 20_000));
    const id = crypto.randomUUID();
    pending.add(id);
    for (let attempt = 0; ; attempt++) {
      try {
        await client.send(new StartGameSessionPlacementCommand({ PlacementId: id, GameSessionQueueName: queueName, MaximumPlayerSessionCount: 2 + (n % 3) }));
        break;
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'InvalidRequestException') break; // PL-2: our lost Start did go through
        if (attempt >= 5) { outcomes[id] = `gave up: ${name}`; pending.delete(id); return; }
        await sleep(Math.floor(Math.random() * 100 * 2 ** attempt));
      }
    }
    for (let poll = 0; poll < 60; poll++) {
      await sleep(1000 + Math.floor(Math.random() * 500));
      const placement = await client.send(new DescribeGameSessionPlacementCommand({ PlacementId: id }))
        .then((out) => out.GameSessionPlacement, (error: unknown) => ({ Status: `error ${(error as Error).name}` }));
      if (placement?.Status !== 'PENDING' && !placement?.Status?.startsWith('error')) {
        outcomes[id] ??= `${placement?.Status} at ${Date.now() % 1_000_000}`;
        pending.delete(id);
        return;
      }
    }
    outcomes[id] = 'still pending';
  };
  await Promise.all(Array.from({ length: lobbies }, (_, n) => lobby(n)));
  clearInterval(disband);
  let sessions = 0;
  for await (const page of paginateDescribeGameSessions({ client, pageSize: 3 }, { FleetId: fleetId })) sessions += page.GameSessions?.length ?? 0;
  outcomes.sessions = String(sessions);
  return outcomes;
}

/** Runs {@link matchmaker} against a fresh world of `seed` through a client made with `options`. */
export async function runMatchmaker(seed: number, options: SimulatedClientOptions): Promise<{ sim: Simulation; outcomes: Outcomes }> {
  const sim = wireSimulation(seed);
  const fleetId = activeFleet(sim, 3);
  const client = simulatedClient(sim, options);
  sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }], TimeoutInSeconds: 30 });
  const run = await runClient(sim, () => matchmaker(client, 'q', fleetId));
  if (!run.settled) throw new Error('the matchmaker did not finish');
  return { sim, outcomes: run.value };
}
