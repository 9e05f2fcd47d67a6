/**
 * The fast SDK path against its reference: one call through `simulatedClient(sim)` (answered at `send`), through
 * `aws-sdk-client-mock` returning a canned answer for the same command, through the SDK's whole pipeline
 * (`wire: true`), and `sim.call` alone, side by side in one process, as ratios to the mock. Target: fast ≤ 0.5× mock.
 */
import {
  DescribeGameSessionsCommand,
  GameLiftClient,
  StartGameSessionPlacementCommand,
  type DescribeGameSessionsOutput,
  type StartGameSessionPlacementOutput,
} from '@aws-sdk/client-gamelift';
import { mockClient } from 'aws-sdk-client-mock';
import { performance } from 'node:perf_hooks';
import { Simulation } from '../src/api/simulation.ts';
import { simulatedClient } from '../src/client/simulated-client.ts';
import { SIMULATOR_CREDENTIALS } from '../src/wire/client.ts';

interface Case {
  readonly name: string;
  /** Run after each round: the mock's stubs record every call, a growing heap that would tax the next way's round. */
  readonly afterRound: () => void;
  /** One call of each way, the i-th time: each takes the same input and command. */
  readonly ways: Readonly<Record<string, (i: number) => Promise<unknown> | unknown>>;
}

/** A world with a fleet of 10 ACTIVE game sessions and a queue, through the public operations. */
function world(): { sim: Simulation; fleetId: string } {
  const sim = new Simulation({ seed: 1, traceEntriesKept: 1000 });
  const fleetId = sim.call('CreateFleet', {
    Name: 'bench', BuildId: 'build-bench', EC2InstanceType: 'c5.large',
    RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/game', ConcurrentExecutions: 50 }] },
  }).FleetAttributes!.FleetId!;
  sim.advanceBy(3600);
  for (let i = 0; i < 10; i++) sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 10 });
  sim.advanceBy(60);
  sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }], TimeoutInSeconds: 600 });
  return { sim, fleetId };
}

function cases(): Case[] {
  const { sim, fleetId } = world();
  // WR-5 would throttle a tight loop at one virtual instant, on every path but the mock: lifted for a fair count.
  const fast = simulatedClient(sim, { throttle: false });
  const wire = simulatedClient(sim, { throttle: false, wire: true });
  const mocked = new GameLiftClient({ region: 'us-west-2', credentials: SIMULATOR_CREDENTIALS });
  const mock = mockClient(mocked);
  const describeInput = { FleetId: fleetId, Limit: 10 };
  const describeCanned: DescribeGameSessionsOutput = sim.call('DescribeGameSessions', describeInput);
  const startCanned: StartGameSessionPlacementOutput = sim.call('StartGameSessionPlacement', { PlacementId: 'canned', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 4 });
  mock.on(DescribeGameSessionsCommand).resolves(describeCanned);
  mock.on(StartGameSessionPlacementCommand).resolves(startCanned);
  const start = (prefix: string) => (i: number) => ({ PlacementId: `${prefix}-${i}`, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 4 });
  const afterRound = (): void => void mock.resetHistory();
  return [
    {
      name: 'DescribeGameSessions (a page of 10)',
      afterRound,
      ways: {
        mock: () => mocked.send(new DescribeGameSessionsCommand(describeInput)),
        fast: () => fast.send(new DescribeGameSessionsCommand(describeInput)),
        wire: () => wire.send(new DescribeGameSessionsCommand(describeInput)),
        'sim.call': () => sim.call('DescribeGameSessions', describeInput),
      },
    },
    {
      name: 'StartGameSessionPlacement',
      afterRound,
      ways: {
        mock: (i) => mocked.send(new StartGameSessionPlacementCommand(start('mock')(i))),
        fast: (i) => fast.send(new StartGameSessionPlacementCommand(start('fast')(i))),
        wire: (i) => wire.send(new StartGameSessionPlacementCommand(start('wire')(i))),
        'sim.call': (i) => sim.call('StartGameSessionPlacement', start('call')(i)),
      },
    },
  ];
}

/**
 * µs per call of each way: rounds alternate between the ways so that drift hits all alike, and the median round
 * counts. The wire path, 30 times slower and heavy on garbage, runs in rounds of its own after the others, so that
 * its collections do not land in their rounds.
 */
async function measure(c: Case, callsPerRound: number, rounds: number): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(c.ways).map((way) => [way, []]));
  let i = 0;
  const round = async (way: string, calls: number): Promise<void> => {
    const call = c.ways[way]!;
    const started = performance.now();
    for (let k = 0; k < calls; k++) await call(i++);
    samples[way]!.push(((performance.now() - started) * 1000) / calls);
    c.afterRound();
  };
  const inProcess = Object.keys(c.ways).filter((way) => way !== 'wire');
  // Each round starts with another way, so that no way always follows the same one (and its garbage).
  for (let r = 0; r < rounds; r++) {
    for (let w = 0; w < inProcess.length; w++) await round(inProcess[(r + w) % inProcess.length]!, callsPerRound);
  }
  for (let r = 0; r < rounds; r++) await round('wire', Math.ceil(callsPerRound / 20));
  return Object.fromEntries(Object.entries(samples).map(([way, s]) => [way, s.sort((a, b) => a - b)[Math.floor(s.length / 2)]!]));
}

/** Prints, per command, µs per call of each way and its ratio to aws-sdk-client-mock's canned answer. */
export async function fastClientBench(quick = false): Promise<void> {
  console.log('\nThe SDK fast path: µs per awaited send (median round), and the ratio to aws-sdk-client-mock answering the same command:');
  for (const c of cases()) {
    const us = await measure(c, quick ? 500 : 1000, quick ? 7 : 15);
    const row = Object.entries(us).map(([way, v]) => `${way} ${v.toFixed(1)} µs (${(v / us.mock!).toFixed(2)}×)`).join(' | ');
    console.log(`${c.name}: ${row}`);
  }
}
