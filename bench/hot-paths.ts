/**
 * Hot paths that must not walk every entity: a change of destinations (UpdateGameSessionQueue, UpdateAlias,
 * CreateFleetLocations) touches only the placements waiting on the queues it concerns. Measured with 10,000 and
 * 100,000 placements waiting on one queue, against the same call with none waiting, in one process. And a
 * SearchGameSessions page in every sort order walks an index (SG-3): a page sorted by gameSessionName or
 * maximumSessions at 10,000, 100,000 (and 1,000,000) ACTIVE sessions, against the same page at 10,000; and a player
 * joining a fleet searched in every order the index keeps, against one never searched.
 *
 * Run alone: `node --import tsx bench/hot-paths.ts`.
 */
import './quiet-sdk.ts';
import type { SearchGameSessionsInput } from '@aws-sdk/client-gamelift';
import { PROPERTY_ORDERS_KEPT_MAX } from '../src/api/search/search-index.ts';
import { Simulation } from '../src/api/simulation.ts';
import { searchWorld } from './search.ts';
import { medianMicros, wallMs } from './wall.ts';

/** A world whose one server process is taken, `waiting` placements waiting on queue `busy`, and a queue `idle`. */
function world(waiting: number): Simulation {
  const sim = new Simulation({ seed: 1, traceEntriesKept: 0, placementEventsKept: 0 });
  const fleetId = sim.call('CreateFleet', {
    Name: 'bench', BuildId: 'build-bench', EC2InstanceType: 'c5.large',
    RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/game', ConcurrentExecutions: 1 }] },
  }).FleetAttributes!.FleetId!;
  sim.advanceBy(3600);
  for (const Name of ['busy', 'idle']) sim.call('CreateGameSessionQueue', { Name, Destinations: [{ DestinationArn: fleetId }], TimeoutInSeconds: 600 });
  for (let i = 0; i <= waiting; i++) sim.call('StartGameSessionPlacement', { PlacementId: `w-${i}`, GameSessionQueueName: 'busy', MaximumPlayerSessionCount: 4 });
  sim.advanceBy(5);
  return sim;
}

/** Prints the cost of a destinations change of a queue nobody waits on, and of the queue 100,000 wait on. */
export function hotPathsBench(quick: boolean): void {
  console.log('\nDestination changes (UpdateGameSessionQueue), µs, median; ratio to the same world with none waiting:');
  const reference = world(0);
  const idleRef = medianMicros(200, () => reference.call('UpdateGameSessionQueue', { Name: 'idle', TimeoutInSeconds: 600 }));
  const busyRef = medianMicros(200, () => reference.call('UpdateGameSessionQueue', { Name: 'busy', TimeoutInSeconds: 600 }));
  console.log(`  none waiting: idle queue ${idleRef.toFixed(0)} µs, busy queue ${busyRef.toFixed(0)} µs`);
  for (const waiting of quick ? [10_000] : [10_000, 100_000]) {
    const sim = world(waiting);
    const idle = medianMicros(200, () => sim.call('UpdateGameSessionQueue', { Name: 'idle', TimeoutInSeconds: 600 }));
    // Each change of the busy queue retries all its waiters (they may rank differently now): that work is theirs.
    const busy = medianMicros(5, () => {
      sim.call('UpdateGameSessionQueue', { Name: 'busy', TimeoutInSeconds: 600 });
      sim.advanceBy(0.001);
    });
    console.log(`  ${waiting.toLocaleString('en-US').padStart(7)} waiting on busy: idle queue ${idle.toFixed(0)} µs (${(idle / idleRef).toFixed(2)}×), ` +
      `busy queue with its retries ${(busy / 1000).toFixed(1)} ms (${(busy / waiting).toFixed(2)} µs per waiter)`);
  }
  searchSortsBench(quick);
  searchedJoinBench();
}

/**
 * Prints what a player joining costs on a fleet searched in all 15 orders it can keep (7 fixed, 8 by a game property),
 * against the same on a fleet nobody searched: the search index refiles the session only in the orders a join can
 * move (player counts, free slots), and computes no other order's value again.
 */
function searchedJoinBench(): void {
  const keys = Array.from({ length: PROPERTY_ORDERS_KEPT_MAX }, (_, k) => `k${k}`);
  const world = () => searchWorld(20_000, (i) => ({ name: `g${i}`, maxPlayers: 200, players: 1, properties: keys.map((Key) => ({ Key, Value: `${i % 7}` })) }));
  const sorts = ['gameSessionName', 'maximumSessions', 'playerSessionCount', 'creationTimeMillis', 'gameSessionId', 'hasAvailablePlayerSessions', ...keys.map((k) => `gameSessionProperties.${k}`)];
  let player = 0;
  const join = ({ sim, fleetId }: { sim: Simulation; fleetId: string }): number => {
    const ids = sim.call('DescribeGameSessions', { FleetId: fleetId, Limit: 100 }).GameSessions!.map((g) => g.GameSessionId!);
    return medianMicros(501, () => sim.call('CreatePlayerSessions', { GameSessionId: ids[player % ids.length]!, PlayerIds: [`joiner-${player++}`] }));
  };
  const unsearched = join(world());
  const searched = world();
  for (const sort of sorts) searched.sim.call('SearchGameSessions', { FleetId: searched.fleetId, Limit: 20, SortExpression: `${sort} ASC` });
  searched.sim.call('SearchGameSessions', { FleetId: searched.fleetId, Limit: 20 });
  const cost = join(searched);
  console.log(`\nA player joining (CreatePlayerSessions of one), 20,000 ACTIVE sessions: ${cost.toFixed(1)} µs on a fleet searched in all ` +
    `${sorts.length + 1} orders, ${unsearched.toFixed(1)} µs on a fleet never searched (${(cost / unsearched).toFixed(1)}×)`);
}

/**
 * Prints a SearchGameSessions page (Limit 20) sorted by operands that once had no index, first and next page, at
 * 10,000 and 100,000 ACTIVE sessions (1,000,000 without --quick): the ratio to 10,000 stays near 1 when a page walks
 * an index. The first search in an order, which builds its trees, is timed apart.
 */
function searchSortsBench(quick: boolean): void {
  const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const cases: [string, SearchGameSessionsInput][] = [
    ['gameSessionName ASC', { SortExpression: 'gameSessionName ASC' }],
    ['maximumSessions DESC, available', { SortExpression: 'maximumSessions DESC', FilterExpression: 'hasAvailablePlayerSessions = true' }],
  ];
  console.log('\nSearchGameSessions page sorted by a formerly unindexed operand (Limit 20), µs, median; ratio to 10,000 sessions:');
  const base = new Map<string, [number, number]>();
  for (const size of sizes) {
    // Names spread over the alphabet by a hash, limits of 2 to 10 players, players in most, some full.
    const { sim, fleetId } = searchWorld(size, (i) => {
      const hash = Math.imul(i, 2654435761) >>> 0;
      const maxPlayers = 2 + (hash % 9);
      return { name: `game-${hash.toString(36)}`, maxPlayers, players: (hash >>> 8) % (maxPlayers + 1), properties: [] };
    });
    for (const [name, input] of cases) {
      const query = { FleetId: fleetId, Limit: 20, ...input };
      const started = wallMs();
      const token = sim.call('SearchGameSessions', query).NextToken;
      const firstSearchMs = wallMs() - started;
      const runs = size >= 1_000_000 ? 21 : 101;
      const measure = (): [number, number] => [
        medianMicros(runs, () => sim.call('SearchGameSessions', query)),
        medianMicros(runs, () => sim.call('SearchGameSessions', { ...query, NextToken: token })),
      ];
      // The first size warms the code up first, so that its figures, which the others are divided by, are not cold.
      if (size === sizes[0]) measure();
      const [first, next] = measure();
      if (size === sizes[0]) base.set(name, [first, next]);
      const [first0, next0] = base.get(name)!;
      console.log(`  ${size.toLocaleString('en-US').padStart(9)} ACTIVE, ${name.padEnd(32)} first page ${first.toFixed(0).padStart(7)} µs (${(first / first0).toFixed(2)}×), ` +
        `next page ${next.toFixed(0).padStart(7)} µs (${(next / next0).toFixed(2)}×); first search in the order ${firstSearchMs.toFixed(0)} ms`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) hotPathsBench(process.argv.includes('--quick'));
