/**
 * Keyset paging (DG-6): a status-filtered DescribeGameSessions page costs what a plain page costs, even at 100,000
 * ended sessions while a listing of the same index stays open — the case in which the earlier snapshot paging kept
 * every ended session as a ghost and scanned them (367–446× a plain page).
 */
import { medianMicros } from './wall.ts';
import { Simulation } from '../src/api/simulation.ts';
import { indexKey } from '../src/model/session-index.ts';

/** Prints one status-filtered page and one plain page, side by side, at `ended` ended sessions with a listing open. */
export async function pagingBench(quick: boolean): Promise<void> {
  const ended = quick ? 20_000 : 100_000;
  const processes = 50;
  const instances = 20;
  const sim = new Simulation({ seed: 1, traceEntriesKept: 0, config: { timings: { gameSessionActivation: { minSeconds: 1, maxSeconds: 1 } } } });
  const fleetId = sim.call('CreateFleet', {
    Name: 'bench', BuildId: 'build-bench', EC2InstanceType: 'c5.large',
    RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/game', ConcurrentExecutions: processes }] },
  }).FleetAttributes!.FleetId!;
  sim.call('UpdateFleetCapacity', { FleetId: fleetId, DesiredInstances: instances, MaxSize: instances });
  sim.advanceBy(3600);

  // Rounds of sessions that all end, then the ACTIVE ones, newest in the listing order as on a long-running fleet.
  const perRound = 1000;
  let open: string | undefined;
  for (let made = 0; made <= ended; made += perRound) {
    const ids = Array.from({ length: perRound }, () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 4 }).GameSession!.GameSessionId!);
    sim.advanceBy(2);
    // A listing of the ACTIVE index begins before the first sessions end, and stays open to the end.
    open ??= sim.call('DescribeGameSessions', { FleetId: fleetId, StatusFilter: 'ACTIVE', Limit: 1 }).NextToken;
    if (made === ended) break;
    for (const GameSessionId of ids) sim.call('TerminateGameSession', { GameSessionId, TerminationMode: 'FORCE_TERMINATE' });
    sim.advanceBy(10);
  }
  const active = sim.world.sessionIndex.count(indexKey(fleetId, undefined, 'ACTIVE'));
  const plain = medianMicros(200, () => sim.call('DescribeGameSessions', { FleetId: fleetId, Limit: 50 }));
  const filtered = medianMicros(200, () => sim.call('DescribeGameSessions', { FleetId: fleetId, StatusFilter: 'ACTIVE', Limit: 50 }));
  const resumed = medianMicros(200, () => sim.call('DescribeGameSessions', { FleetId: fleetId, StatusFilter: 'ACTIVE', Limit: 50, NextToken: open }));
  console.log(`\nPaging at ${sim.world.gameSessions.size.toLocaleString('en-US')} sessions (${active} ACTIVE, the rest ended), one ACTIVE listing open (µs per page, median of 200, Limit 50):`);
  console.log(`plain page ${plain.toFixed(0)} µs | StatusFilter=ACTIVE ${filtered.toFixed(0)} µs (${(filtered / plain).toFixed(2)}×) | ` +
    `the open listing's next page ${resumed.toFixed(0)} µs (${(resumed / plain).toFixed(2)}×)`);
}
