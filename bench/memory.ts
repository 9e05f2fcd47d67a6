/**
 * Memory: heap retained per ended game session (with its player sessions) and per settled placement, while they
 * are retained and once their retention has ended, measured side by side in one process after a full garbage
 * collection. Needs `--expose-gc` (`npm run bench` passes it); without it the section says so and measures nothing.
 *
 * Run alone: `node --expose-gc --import tsx bench/memory.ts [--quick]`.
 */
import './quiet-sdk.ts';
import { Simulation } from '../src/api/simulation.ts';

const PLAYERS_PER_SESSION = 6;
const LOCATIONS = ['us-west-2', 'eu-west-1', 'ap-northeast-1', 'us-east-1'];

function heapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A world with a fleet of `processes` server processes in the home Region, all ACTIVE, and a queue on it. */
function world(processes: number, retention: { gameSessionsDays?: number; placementsHours?: number } | undefined): { sim: Simulation; fleetId: string } {
  const sim = new Simulation({ seed: 1, traceEntriesKept: 0, placementEventsKept: 0, config: { retention } });
  const perInstance = 50;
  const fleetId = sim.call('CreateFleet', {
    Name: 'bench', BuildId: 'build-bench', EC2InstanceType: 'c5.large',
    RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/game', ConcurrentExecutions: perInstance }], MaxConcurrentGameSessionActivations: perInstance },
  }).FleetAttributes!.FleetId!;
  const instances = Math.ceil(processes / perInstance);
  sim.call('UpdateFleetCapacity', { FleetId: fleetId, DesiredInstances: instances, MaxSize: instances });
  sim.advanceBy(3600);
  sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }], TimeoutInSeconds: 600 });
  return { sim, fleetId };
}

/** Ends every game session of the fleet and lets them reach TERMINATED. */
function endAll(sim: Simulation, fleetId: string): void {
  for (;;) {
    // A fresh ACTIVE listing each time: the sessions just terminated have left it.
    const sessions = sim.call('DescribeGameSessions', { FleetId: fleetId, StatusFilter: 'ACTIVE', Limit: 1000 }).GameSessions ?? [];
    if (sessions.length === 0) break;
    for (const s of sessions) sim.call('TerminateGameSession', { GameSessionId: s.GameSessionId!, TerminationMode: 'FORCE_TERMINATE' });
  }
  sim.advanceBy(60);
}

/** Heap per ended game session with its player sessions made by CreateGameSession and CreatePlayerSessions. */
function perGameSession(count: number): { retained: number; afterRetention: number } {
  const { sim, fleetId } = world(count, { gameSessionsDays: 1 });
  const base = heapBytes();
  for (let i = 0; i < count; i++) sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 10 });
  sim.advanceBy(30);
  for (let token: string | undefined, first = true; first || token !== undefined; first = false) {
    const page = sim.call('DescribeGameSessions', { FleetId: fleetId, Limit: 1000, NextToken: token });
    for (const s of page.GameSessions ?? []) {
      const PlayerIds = Array.from({ length: PLAYERS_PER_SESSION }, (_, p) => `player-${s.GameSessionId!.slice(-12)}-${p}`);
      sim.call('CreatePlayerSessions', { GameSessionId: s.GameSessionId!, PlayerIds });
    }
    token = page.NextToken;
  }
  sim.advanceBy(30);
  endAll(sim, fleetId);
  const retained = (heapBytes() - base) / count;
  sim.advanceBy(2 * 24 * 3600);
  const afterRetention = (heapBytes() - base) / count;
  return { retained, afterRetention };
}

/** Heap per settled (FULFILLED) placement with players and latencies, its game session ended. */
function perPlacement(count: number): { retained: number; afterRetention: number } {
  const { sim, fleetId } = world(count, { gameSessionsDays: 1, placementsHours: 1 });
  const base = heapBytes();
  for (let i = 0; i < count; i++) {
    const players = Array.from({ length: PLAYERS_PER_SESSION }, (_, p) => `player-${i}-${p}`);
    sim.call('StartGameSessionPlacement', {
      PlacementId: `match-${i}`, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 10,
      DesiredPlayerSessions: players.map((PlayerId) => ({ PlayerId })),
      PlayerLatencies: players.flatMap((PlayerId) => LOCATIONS.map((RegionIdentifier, r) => ({ PlayerId, RegionIdentifier, LatencyInMilliseconds: 20 + r * 10 + (i % 7) }))),
    });
  }
  sim.advanceBy(60);
  endAll(sim, fleetId);
  const retained = (heapBytes() - base) / count;
  sim.advanceBy(3 * 24 * 3600);
  const afterRetention = (heapBytes() - base) / count;
  return { retained, afterRetention };
}

/** Prints heap per retained game session and per placement, and what is left of it once retention ends. */
export async function memoryBench(quick: boolean): Promise<void> {
  console.log(`\nMemory: heap per ended game session with ${PLAYERS_PER_SESSION} player sessions, and per settled placement (bytes):`);
  if ((globalThis as { gc?: unknown }).gc === undefined) {
    console.log('  skipped: run node with --expose-gc');
    return;
  }
  const count = quick ? 5_000 : 20_000;
  const session = perGameSession(count);
  const placement = perPlacement(count);
  const fmt = (n: number): string => Math.max(0, Math.round(n)).toLocaleString('en-US').padStart(6);
  console.log(`  ${count.toLocaleString('en-US')} each          | retained | after retention`);
  console.log(`  game session + players | ${fmt(session.retained)}   | ${fmt(session.afterRetention)}`);
  console.log(`  placement + session    | ${fmt(placement.retained)}   | ${fmt(placement.afterRetention)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await memoryBench(process.argv.includes('--quick'));
