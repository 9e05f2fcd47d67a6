/**
 * SearchGameSessions at 100,000 ACTIVE game sessions in one fleet (SG-3, SG-4): one page for sorts by
 * creationTimeMillis, playerSessionCount and gameSessionName, and the seeded random order, each side by side with a
 * DescribeGameSessions page of the same size on the same world, measured in the same process.
 */
import { medianMicros } from './wall.ts';
import type { SearchGameSessionsInput } from '@aws-sdk/client-gamelift';
import { Simulation } from '../src/api/simulation.ts';

/** What the i-th game session of a search world is made with. */
export interface SessionShape {
  readonly name: string;
  readonly maxPlayers: number;
  readonly players: number;
  readonly properties: readonly { Key: string; Value: string }[];
}

/**
 * A fleet in two locations with `sessions` ACTIVE game sessions, the i-th shaped by `shape(i)`, alternating between the
 * locations and made 1,000 a virtual second, then their players.
 */
export function searchWorld(sessions: number, shape: (i: number) => SessionShape): { sim: Simulation; fleetId: string } {
  const processes = 50;
  const locations = ['us-west-2', 'eu-west-1'];
  const sim = new Simulation({ seed: 1, traceEntriesKept: 0, placementEventsKept: 0, config: { timings: { gameSessionActivation: { minSeconds: 1, maxSeconds: 1 } } } });
  const fleetId = sim.call('CreateFleet', {
    Name: 'bench-search', BuildId: 'build-bench', EC2InstanceType: 'c5.large',
    RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/game', ConcurrentExecutions: processes }] },
    Locations: locations.map((Location) => ({ Location })),
  }).FleetAttributes!.FleetId!;
  const instances = Math.ceil(sessions / processes / locations.length) + 1;
  for (const Location of locations) sim.call('UpdateFleetCapacity', { FleetId: fleetId, Location, DesiredInstances: instances, MaxSize: instances });
  sim.advanceBy(3600);
  const made: [string, number][] = [];
  for (let i = 0; i < sessions; i++) {
    const { name, maxPlayers, players, properties } = shape(i);
    made.push([sim.call('CreateGameSession', {
      FleetId: fleetId, MaximumPlayerSessionCount: maxPlayers, Location: locations[i % 2], Name: name, GameProperties: [...properties],
    }).GameSession!.GameSessionId!, players]);
    if (i % 1000 === 999) sim.advanceBy(1);
  }
  sim.advanceBy(2);
  let player = 0;
  for (const [GameSessionId, players] of made) {
    if (players > 0) sim.call('CreatePlayerSessions', { GameSessionId, PlayerIds: Array.from({ length: players }, () => `p${player++}`) });
  }
  return { sim, fleetId };
}

/** Prints one search page's cost at `sessions` ACTIVE sessions, and its ratio to a DescribeGameSessions page. */
export async function searchBench(quick: boolean): Promise<void> {
  const sessions = quick ? 20_000 : 100_000;
  // Players in most sessions, some full, so that player counts spread over 0..8 and the filter below skips some; the
  // count a hash of i, so that it does not follow the game mode (i % 3) the filter asks for.
  const { sim, fleetId } = searchWorld(sessions, (i) => ({
    name: `game-${(i * 7919) % sessions}`, maxPlayers: 8, players: (Math.imul(i, 2654435761) >>> 0) % 9,
    properties: [{ Key: 'mode', Value: i % 3 === 0 ? 'ranked' : 'casual' }],
  }));

  const runs = quick ? 50 : 200;
  const describe = medianMicros(runs, () => sim.call('DescribeGameSessions', { FleetId: fleetId, StatusFilter: 'ACTIVE', Limit: 20 }));
  const filter = 'hasAvailablePlayerSessions = true AND gameSessionProperties.mode = \'ranked\'';
  const cases: [string, SearchGameSessionsInput][] = [
    ['creationTimeMillis ASC, filtered', { SortExpression: 'creationTimeMillis ASC', FilterExpression: filter }],
    ['playerSessionCount DESC, filtered', { SortExpression: 'playerSessionCount DESC', FilterExpression: filter }],
    ['playerSessionCount ASC, one location', { SortExpression: 'playerSessionCount ASC', Location: 'eu-west-1' }],
    ['random order (no sort), filtered', { FilterExpression: filter }],
    ['gameSessionName ASC', { SortExpression: 'gameSessionName ASC' }],
  ];
  console.log(`\nSearchGameSessions, Limit 20, ${sessions.toLocaleString('en-US')} ACTIVE sessions in one fleet (µs, median of ${runs}):`);
  console.log(`DescribeGameSessions page (StatusFilter ACTIVE, Limit 20), the reference: ${describe.toFixed(0)} µs`);
  for (const [name, input] of cases) {
    const query = { FleetId: fleetId, Limit: 20, ...input };
    const token = sim.call('SearchGameSessions', query).NextToken;
    const first = medianMicros(runs, () => sim.call('SearchGameSessions', query));
    const next = medianMicros(runs, () => sim.call('SearchGameSessions', { ...query, NextToken: token }));
    console.log(`${name.padEnd(38)} first page ${first.toFixed(0).padStart(6)} µs (${(first / describe).toFixed(1)}×), next page ${next.toFixed(0).padStart(6)} µs (${(next / describe).toFixed(1)}×)`);
  }
}
