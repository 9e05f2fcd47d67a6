/**
 * Hot paths that must not walk every entity: a change of destinations (UpdateGameSessionQueue, UpdateAlias,
 * CreateFleetLocations) touches only the placements waiting on the queues it concerns. Measured with 10,000 and
 * 100,000 placements waiting on one queue, against the same call with none waiting, in one process.
 *
 * Run alone: `node --import tsx bench/hot-paths.ts`.
 */
import { performance } from 'node:perf_hooks';
import { Simulation } from '../src/api/simulation.ts';

/** Median wall time of `run` in µs over `samples` runs. */
function medianMicros(samples: number, run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    run();
    times.push((performance.now() - started) * 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(samples / 2)]!;
}

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
}

if (import.meta.url === `file://${process.argv[1]}`) hotPathsBench(process.argv.includes('--quick'));
