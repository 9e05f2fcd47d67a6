/**
 * A small matchmaker written against the unmodified AWS SDK, run against the simulator over both transports:
 *
 *   npx tsx examples/matchmaker.ts                         # in-process: gameLiftClientFor(sim)
 *   npx gamelift-sim serve --clock manual --port 9080 &    # then over HTTP:
 *   npx tsx examples/matchmaker.ts http://127.0.0.1:9080
 *
 * The matchmaker only sees a GameLiftClient; how time moves is the harness's business (sim.advanceBy in-process,
 * POST /_sim/advance over HTTP).
 */
import {
  CreateFleetCommand,
  CreateGameSessionQueueCommand,
  DescribeGameSessionPlacementCommand,
  GameLiftClient,
  StartGameSessionPlacementCommand,
  StopGameSessionPlacementCommand,
  InvalidRequestException,
  paginateDescribeGameSessions,
} from '@aws-sdk/client-gamelift';
import { Simulation, gameLiftClientFor } from '../src/index.ts';

/** The code under test: starts a match, stops it when the lobby empties, and reports where it was placed. */
async function matchmake(client: GameLiftClient, advance: (seconds: number) => Promise<void>): Promise<void> {
  const { FleetAttributes } = await client.send(new CreateFleetCommand({
    Name: 'example', BuildId: 'build-example', EC2InstanceType: 'c5.large',
    RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/local/game/server', ConcurrentExecutions: 2 }] },
    Locations: [{ Location: 'us-west-2' }, { Location: 'eu-west-1' }],
  }));
  await advance(600);
  await client.send(new CreateGameSessionQueueCommand({ Name: 'example', Destinations: [{ DestinationArn: FleetAttributes!.FleetArn! }] }));

  for (const [i, region] of ['eu-west-1', 'us-west-2', 'eu-west-1'].entries()) {
    await client.send(new StartGameSessionPlacementCommand({
      PlacementId: `match-${i}`, GameSessionQueueName: 'example', MaximumPlayerSessionCount: 4,
      PlayerLatencies: [{ PlayerId: `p${i}`, RegionIdentifier: region, LatencyInMilliseconds: 30 }],
      DesiredPlayerSessions: [{ PlayerId: `p${i}` }],
    }));
  }
  // The last lobby empties at once: within the queue's processing delay, Stop cancels (ST-1).
  await client.send(new StopGameSessionPlacementCommand({ PlacementId: 'match-2' }));
  await advance(30);
  for (const i of [0, 1, 2]) {
    const { GameSessionPlacement: p } = await client.send(new DescribeGameSessionPlacementCommand({ PlacementId: `match-${i}` }));
    console.log(`match-${i}: ${p!.Status} ${p!.GameSessionRegion ?? ''} ${p!.IpAddress ?? ''}:${p!.Port ?? ''}`);
  }
  try {
    await client.send(new StopGameSessionPlacementCommand({ PlacementId: 'match-0' }));
  } catch (error) {
    if (!(error instanceof InvalidRequestException)) throw error;
    console.log(`stopping a fulfilled placement: ${error.name}: ${error.message}`);
  }
  for await (const page of paginateDescribeGameSessions({ client, pageSize: 1 }, { FleetId: FleetAttributes!.FleetId! })) {
    for (const s of page.GameSessions ?? []) console.log(`game session ${s.Location} ${s.Status} created ${s.CreationTime!.toISOString()}`);
  }
}

const endpoint = process.argv[2];
if (endpoint === undefined) {
  const sim = new Simulation({ seed: 1 });
  await matchmake(gameLiftClientFor(sim), async (seconds) => void sim.advanceBy(seconds));
} else {
  const client = new GameLiftClient({ endpoint, region: 'us-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await matchmake(client, async (seconds) => {
    const response = await fetch(`${endpoint}/_sim/advance`, { method: 'POST', body: JSON.stringify({ seconds }) });
    if (!response.ok) throw new Error(`advance failed: ${response.status}`);
  });
}
