import * as gamelift from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import { simulatedClient } from '../../src/client/simulated-client.ts';
import { activeFleet, wireSimulation } from '../wire/support.ts';
import { reversed } from '../support/reversed.ts';

/** Sends one call its own way and gives back its output, or the name of the exception that refused it. */
type Caller = (operation: string, input: Record<string, unknown>) => Promise<Record<string, unknown> | string>;

/** Calls that give a request's every kind of member: structures in lists, a map with integer-like keys, a refusal. */
async function calls(call: Caller, fleetId: string): Promise<void> {
  const created = await call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 4, Name: 'g', GameProperties: [{ Key: 'mode', Value: 'duel' }] });
  const gameSessionId = ((created as { GameSession: { GameSessionId: string } }).GameSession).GameSessionId;
  await call('CreatePlayerSessions', { GameSessionId: gameSessionId, PlayerIds: ['9', '10'], PlayerDataMap: { 9: 'nine', 10: 'ten' } });
  await call('CreateGameSessionQueue', { Name: 'q', TimeoutInSeconds: 60, Destinations: [{ DestinationArn: fleetId }] });
  const players = ['a', 'b'];
  await call('StartGameSessionPlacement', {
    PlacementId: 'p1', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 4,
    PlayerLatencies: players.map((PlayerId, i) => ({ PlayerId, RegionIdentifier: 'us-west-2', LatencyInMilliseconds: 20 + i })),
    DesiredPlayerSessions: players.map((PlayerId) => ({ PlayerId, PlayerData: `data-${PlayerId}` })),
  });
  expect(await call('StartGameSessionPlacement', { PlacementId: 'p1', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 4 })).toBe('InvalidRequestException');
}

describe('FastSend', () => {
  it('DT-1: calls through the fast path (read as canonical) leave the trace of the same calls made directly with their members in another order', async () => {
    const hashes: string[] = [];
    const fast = (sim: Simulation): Caller => {
      const client = simulatedClient(sim, { throttle: false });
      const commands = gamelift as unknown as Record<string, new (input: unknown) => gamelift.StartGameSessionPlacementCommand>;
      return (operation, input) => client.send(new commands[`${operation}Command`]!(input)).then(
        (output) => output as unknown as Record<string, unknown>,
        (error: Error) => error.name,
      );
    };
    const direct = (sim: Simulation): Caller => (operation, input) => {
      try {
        return Promise.resolve(sim.execute(operation, reversed(input)) as Record<string, unknown>);
      } catch (error) {
        return Promise.resolve((error as Error).name);
      }
    };
    for (const way of [fast, direct]) {
      const sim = wireSimulation(3);
      await calls(way(sim), activeFleet(sim));
      hashes.push(sim.traceHash());
    }
    expect(hashes[1]).toBe(hashes[0]);
  });
  it('WR-3: an answer\'s Dates are the caller\'s own: changing one changes no later answer, and no two answers share one', async () => {
    const sim = wireSimulation(4);
    const client = simulatedClient(sim, { throttle: false });
    await client.send(new gamelift.CreateGameSessionQueueCommand({ Name: 'q', TimeoutInSeconds: 60 }));
    const started = (await client.send(new gamelift.StartGameSessionPlacementCommand({ PlacementId: 'p', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 }))).GameSessionPlacement!;
    const startMs = started.StartTime!.getTime();
    started.StartTime!.setTime(0);
    const describe = () => client.send(new gamelift.DescribeGameSessionPlacementCommand({ PlacementId: 'p' }));
    const first = (await describe()).GameSessionPlacement!;
    expect(first.StartTime!.getTime()).toBe(startMs);
    first.StartTime!.setTime(1);
    const second = (await describe()).GameSessionPlacement!;
    expect(second.StartTime!.getTime()).toBe(startMs);
    expect(second.StartTime).not.toBe(first.StartTime);
  });
});
