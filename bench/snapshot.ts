/**
 * Snapshots (DT-3): the time to snapshot and restore a world as it grows tenfold, from 10,000 to 100,000 game
 * sessions (each with four player sessions, most ended and retained, a thousand ACTIVE), with their pending events.
 * The cost must grow no faster than the state: the ratio per session stays near 1.
 */
import { performance } from 'node:perf_hooks';
import { Simulation } from '../src/api/simulation.ts';

/** A fleet of 1,000 server processes, and `sessions` game sessions made in rounds of 1,000 that end but the last. */
function worldWith(sessions: number): Simulation {
  const sim = new Simulation({ seed: 1, traceEntriesKept: 0, config: { timings: { gameSessionActivation: { minSeconds: 1, maxSeconds: 1 } } } });
  const FleetId = sim.call('CreateFleet', {
    Name: 'bench', BuildId: 'build-bench', EC2InstanceType: 'c5.large',
    RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/game', ConcurrentExecutions: 50 }] },
  }).FleetAttributes!.FleetId!;
  sim.call('UpdateFleetCapacity', { FleetId, DesiredInstances: 20, MaxSize: 20 });
  sim.advanceBy(3600);
  const perRound = 1000;
  for (let made = 0; made < sessions; made += perRound) {
    const ids = Array.from({ length: perRound }, () => sim.call('CreateGameSession', { FleetId, MaximumPlayerSessionCount: 4 }).GameSession!.GameSessionId!);
    sim.advanceBy(2);
    for (const [i, GameSessionId] of ids.entries()) {
      sim.call('CreatePlayerSessions', { GameSessionId, PlayerIds: [0, 1, 2, 3].map((p) => `player-${made + i}-${p}`) });
    }
    sim.advanceBy(10);
    if (made + perRound >= sessions) break;
    for (const GameSessionId of ids) sim.call('TerminateGameSession', { GameSessionId, TerminationMode: 'FORCE_TERMINATE' });
    sim.advanceBy(10);
  }
  return sim;
}

/** The best of `runs` wall times of `run`, in ms, and its last value. */
function bestMs<T>(run: () => T, runs: number): { ms: number; value: T } {
  let ms = Infinity;
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    value = run();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, value: value! };
}

/** Prints snapshot and restore times at 10,000 and 100,000 game sessions, and their ratio per session. */
export async function snapshotBench(quick: boolean): Promise<void> {
  const sizes = [10_000, quick ? 30_000 : 100_000];
  const rows = sizes.map((sessions) => {
    const sim = worldWith(sessions);
    const snapshot = bestMs(() => sim.snapshot(), 3);
    const restore = bestMs(() => Simulation.restore(snapshot.value), 3);
    if (restore.value.stateHash() !== sim.stateHash()) throw new Error('the restored world differs from the snapshotted one');
    return { sessions, events: sim.world.engine.queue.size, bytes: snapshot.value.byteLength, snapshotMs: snapshot.ms, restoreMs: restore.ms };
  });
  console.log('\nSnapshots (best of 3; each session with 4 player sessions and its pending events):');
  for (const r of rows) {
    console.log(`${r.sessions.toLocaleString('en-US')} sessions, ${r.events.toLocaleString('en-US')} pending events: ` +
      `${(r.bytes / 2 ** 20).toFixed(1)} MiB, snapshot ${r.snapshotMs.toFixed(0)} ms, restore ${r.restoreMs.toFixed(0)} ms`);
  }
  const [small, large] = rows as [typeof rows[0], typeof rows[0]];
  const scale = large.sessions / small.sessions;
  console.log(`per session, ${large.sessions.toLocaleString('en-US')} vs ${small.sessions.toLocaleString('en-US')}: ` +
    `snapshot ${(large.snapshotMs / small.snapshotMs / scale).toFixed(2)}×, restore ${(large.restoreMs / small.restoreMs / scale).toFixed(2)}×`);
}
