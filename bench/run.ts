/**
 * Benchmarks: the figures behind "fast by design". Run with `npm run bench` (or `npm run bench -- --quick`).
 *
 * 1. Every bundled scenario by its client, fast path and --wire: virtual time per wall second.
 * 2. DescribeGameSessions: the cost of one page as the world grows to a million game sessions, for a fleet, a
 *    location and a status filter; it must stay flat, because a page reads one index from its cursor.
 * 3. Placements: the cost of placing one more game session while 1,000 or 100,000 placements wait for capacity;
 *    it must stay flat, because waiting placements are woken only when their locations free a process.
 * Then paging, snapshots, the fast SDK path against aws-sdk-client-mock, serve against bare node:http, hot paths,
 * memory, the day scenario, the load driver's heap and a run snapshot, and search.
 */
import './quiet-sdk.ts';
import { performance } from 'node:perf_hooks';
import { Simulation } from '../src/api/simulation.ts';
import { clientRunsBench } from './client-runs.ts';
import { dayBench } from './day.ts';
import { driverBench } from './driver.ts';
import { hotPathsBench } from './hot-paths.ts';
import { memoryBench } from './memory.ts';
import { pagingBench } from './paging.ts';
import { snapshotBench } from './snapshot.ts';
import { fastClientBench } from './fast-client.ts';
import { serveThroughput } from './serve.ts';
import { searchBench } from './search.ts';

const quick = process.argv.includes('--quick');

function time<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

function fleetWith(sim: Simulation, instances: number, processes: number, locations: readonly string[]): string {
  const fleetId = sim.call('CreateFleet', {
    Name: 'bench', BuildId: 'build-bench', EC2InstanceType: 'c5.large',
    RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/game', ConcurrentExecutions: processes }] },
    Locations: locations.map((Location) => ({ Location })),
  }).FleetAttributes!.FleetId!;
  for (const Location of locations) {
    sim.call('UpdateFleetCapacity', { FleetId: fleetId, Location, DesiredInstances: instances, MaxSize: instances });
  }
  sim.advanceBy(3600);
  return fleetId;
}

function describePages(): void {
  const sizes = quick ? [1_000, 10_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000];
  console.log('\nDescribeGameSessions, Limit 50, one page (µs per page, median of 200):');
  console.log('sessions    | fleet  | location | ACTIVE filter | next page | create/session');
  for (const size of sizes) {
    const sim = new Simulation({ seed: 1, traceEntriesKept: 0, config: { timings: { gameSessionActivation: { minSeconds: 1, maxSeconds: 1 } } } });
    const locations = ['us-west-2', 'eu-west-1'];
    const processes = 50;
    const fleetId = fleetWith(sim, Math.ceil(size / processes / locations.length) + 1, processes, locations);
    const created = time(() => {
      for (let i = 0; i < size; i++) {
        sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 10, Location: locations[i % 2] });
        // Terminate every third so the status indexes hold a mix.
        if (i % 1000 === 999) sim.advanceBy(2);
      }
      sim.advanceBy(5);
    });
    const median = (run: () => void): number => {
      const samples: number[] = [];
      for (let i = 0; i < 200; i++) samples.push(time(run).ms);
      samples.sort((a, b) => a - b);
      return samples[100]! * 1000;
    };
    let token: string | undefined;
    const fleet = median(() => { token = sim.call('DescribeGameSessions', { FleetId: fleetId, Limit: 50 }).NextToken; });
    const location = median(() => sim.call('DescribeGameSessions', { FleetId: fleetId, Location: 'eu-west-1', Limit: 50 }));
    const active = median(() => sim.call('DescribeGameSessions', { FleetId: fleetId, StatusFilter: 'ACTIVE', Limit: 50 }));
    const next = median(() => sim.call('DescribeGameSessions', { FleetId: fleetId, Limit: 50, NextToken: token }));
    console.log(`${size.toLocaleString('en-US').padStart(11)} | ${fleet.toFixed(0).padStart(6)} | ${location.toFixed(0).padStart(8)} | ` +
      `${active.toFixed(0).padStart(13)} | ${next.toFixed(0).padStart(9)} | ${((created.ms * 1000) / size).toFixed(1).padStart(8)} µs`);
  }
}

function pendingPlacements(): void {
  const waitingCounts = quick ? [1_000, 10_000] : [1_000, 100_000];
  console.log('\nPlacing while placements wait for capacity (µs of wall time per fulfilled placement):');
  for (const waiting of waitingCounts) {
    const sim = new Simulation({ seed: 1, traceEntriesKept: 0 });
    const fleetId = fleetWith(sim, 1, 10, ['us-west-2', 'eu-west-1', 'ap-northeast-1']);
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }], TimeoutInSeconds: 600 });
    // Fill every process, so that the waiting placements find none.
    for (let i = 0; i < 30; i++) sim.call('StartGameSessionPlacement', { PlacementId: `fill-${i}`, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 4 });
    sim.advanceBy(30);
    const started = time(() => {
      for (let i = 0; i < waiting; i++) sim.call('StartGameSessionPlacement', { PlacementId: `wait-${i}`, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 4 });
      sim.advanceBy(2);
    });
    // Free capacity a session at a time and measure how long the freed process takes to be placed.
    const sessions = sim.call('DescribeGameSessions', { FleetId: fleetId, StatusFilter: 'ACTIVE', Limit: 30 }).GameSessions!;
    const freed = time(() => {
      for (const s of sessions) {
        sim.call('TerminateGameSession', { GameSessionId: s.GameSessionId!, TerminationMode: 'FORCE_TERMINATE' });
        sim.advanceBy(0.01);
      }
      sim.advanceBy(5);
    });
    const fulfilled = [...sim.placements.placements.values()].filter((p) => p.placementId.startsWith('wait-') && p.gameSession !== undefined).length;
    console.log(`${waiting.toLocaleString('en-US').padStart(8)} waiting: start ${(started.ms * 1000 / waiting).toFixed(1)} µs each; ` +
      `${fulfilled} placed after freeing ${sessions.length} processes, ${(freed.ms * 1000 / Math.max(fulfilled, 1)).toFixed(0)} µs each`);
  }
}

await clientRunsBench(quick);
describePages();
pendingPlacements();
await pagingBench(quick);
await snapshotBench(quick);
await fastClientBench(quick);
await serveThroughput(quick);
hotPathsBench(quick);
await memoryBench(quick);
await dayBench(quick ? 1 : 24);
await driverBench(quick ? 20 : 90);
await searchBench(quick);
