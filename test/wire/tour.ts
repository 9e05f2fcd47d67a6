import {
  CreateAliasCommand,
  CreateFleetCommand,
  CreateFleetLocationsCommand,
  CreateGameSessionCommand,
  CreateGameSessionQueueCommand,
  CreatePlayerSessionCommand,
  CreatePlayerSessionsCommand,
  DeleteGameSessionQueueCommand,
  DescribeAliasCommand,
  DescribeFleetAttributesCommand,
  DescribeFleetCapacityCommand,
  DescribeFleetLocationCapacityCommand,
  DescribeGameSessionDetailsCommand,
  DescribeGameSessionPlacementCommand,
  DescribeGameSessionQueuesCommand,
  DescribeGameSessionsCommand,
  DescribePlayerSessionsCommand,
  GameSessionFullException,
  InvalidRequestException,
  NotFoundException,
  ResolveAliasCommand,
  StartGameSessionPlacementCommand,
  StopGameSessionPlacementCommand,
  TerminalRoutingStrategyException,
  TerminateGameSessionCommand,
  UpdateAliasCommand,
  UpdateFleetCapacityCommand,
  UpdateGameSessionCommand,
  UpdateGameSessionQueueCommand,
  paginateDescribeFleetAttributes,
  paginateDescribeGameSessionDetails,
  paginateDescribeGameSessionQueues,
  paginateDescribeGameSessions,
  paginateDescribePlayerSessions,
  type GameLiftClient,
} from '@aws-sdk/client-gamelift';
import { expect } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import { FLEET_ACTIVATION_SECONDS, GAME_SESSION_ACTIVATION_SECONDS, fleetInput } from './support.ts';

/** Every operation the tour sends at least once. */
export const TOURED_OPERATIONS = [
  'CreateAlias', 'CreateFleet', 'CreateFleetLocations', 'CreateGameSession', 'CreateGameSessionQueue',
  'CreatePlayerSession', 'CreatePlayerSessions', 'DeleteGameSessionQueue', 'DescribeAlias', 'DescribeFleetAttributes',
  'DescribeFleetCapacity', 'DescribeFleetLocationCapacity', 'DescribeGameSessionDetails', 'DescribeGameSessionPlacement',
  'DescribeGameSessionQueues', 'DescribeGameSessions', 'DescribePlayerSessions', 'ResolveAlias', 'StartGameSessionPlacement',
  'StopGameSessionPlacement', 'TerminateGameSession', 'UpdateAlias', 'UpdateFleetCapacity', 'UpdateGameSession',
  'UpdateGameSessionQueue',
] as const;

/** Collects an async iterable's items. */
async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/**
 * A user's whole day with GameLift, through a real `@aws-sdk/client-gamelift` client: fleets, locations, capacity,
 * aliases, game sessions, player sessions, queues and placements, the paginators and the modelled errors. Each
 * answer is checked for its values, its Dates (equal to the virtual time of the call) and its exception classes.
 * `sim` is the simulation behind `client`, whichever transport joins them; the tour moves its time directly.
 */
export async function tour(client: GameLiftClient, sim: Simulation): Promise<void> {
  const home = sim.world.config.homeRegion;

  // Fleets: NEW at creation, ACTIVE once activation has run in virtual time.
  const created = await client.send(new CreateFleetCommand({ ...fleetInput(10), Locations: [{ Location: home }] }));
  const fleet = created.FleetAttributes!;
  expect(fleet.CreationTime).toBeInstanceOf(Date);
  expect(fleet.CreationTime).toEqual(sim.now);
  expect(fleet.Status).toBe('NEW');
  expect(created.LocationStates).toEqual([{ Location: home, Status: 'NEW' }]);
  sim.advanceBy(FLEET_ACTIVATION_SECONDS + 1);
  const described = await client.send(new DescribeFleetAttributesCommand({ FleetIds: [fleet.FleetId!] }));
  expect(described.FleetAttributes?.[0]).toMatchObject({ FleetId: fleet.FleetId, Status: 'ACTIVE', CreationTime: fleet.CreationTime });

  const added = await client.send(new CreateFleetLocationsCommand({ FleetId: fleet.FleetId, Locations: [{ Location: 'us-east-1' }] }));
  expect(added.LocationStates).toEqual([{ Location: 'us-east-1', Status: 'NEW' }]);
  await client.send(new UpdateFleetCapacityCommand({ FleetId: fleet.FleetId, DesiredInstances: 2, MaxSize: 2 }));
  sim.advanceBy(FLEET_ACTIVATION_SECONDS + 1);
  const capacity = await client.send(new DescribeFleetCapacityCommand({ FleetIds: [fleet.FleetArn!] }));
  expect(capacity.FleetCapacity?.[0]).toMatchObject({ FleetId: fleet.FleetId, Location: home, InstanceCounts: { DESIRED: 2, ACTIVE: 2 } });
  const remote = await client.send(new DescribeFleetLocationCapacityCommand({ FleetId: fleet.FleetId, Location: 'us-east-1' }));
  expect(remote.FleetCapacity).toMatchObject({ Location: 'us-east-1', InstanceCounts: { DESIRED: 1, ACTIVE: 1 } });
  const fleetPages = await all(paginateDescribeFleetAttributes({ client, pageSize: 1 }, {}));
  expect(fleetPages.flatMap((p) => p.FleetAttributes ?? []).map((f) => f.FleetId)).toEqual([fleet.FleetId]);

  // Aliases, SIMPLE and TERMINAL (DG-3).
  const alias = (await client.send(new CreateAliasCommand({ Name: 'live', RoutingStrategy: { Type: 'SIMPLE', FleetId: fleet.FleetId } }))).Alias!;
  expect(alias.CreationTime).toEqual(sim.now);
  expect((await client.send(new DescribeAliasCommand({ AliasId: alias.AliasArn }))).Alias).toEqual(alias);
  expect(await client.send(new ResolveAliasCommand({ AliasId: alias.AliasId }))).toMatchObject({ FleetId: fleet.FleetId, FleetArn: fleet.FleetArn });
  sim.advanceBy(1);
  const updated = (await client.send(new UpdateAliasCommand({ AliasId: alias.AliasId, Description: 'the live fleet' }))).Alias!;
  expect(updated).toMatchObject({ Description: 'the live fleet', CreationTime: alias.CreationTime, LastUpdatedTime: sim.now });
  const closed = (await client.send(new CreateAliasCommand({ Name: 'closed', RoutingStrategy: { Type: 'TERMINAL', Message: 'come back later' } }))).Alias!;
  const terminal = await client.send(new DescribeGameSessionsCommand({ AliasId: closed.AliasId })).catch((e: unknown) => e);
  expect(terminal).toBeInstanceOf(TerminalRoutingStrategyException);
  expect((terminal as Error).message).toContain('come back later');

  // Game sessions: ACTIVATING at creation, ACTIVE after activation; by fleet and by alias.
  const first = (await client.send(new CreateGameSessionCommand({
    FleetId: fleet.FleetId, MaximumPlayerSessionCount: 2, Name: 'first', GameProperties: [{ Key: 'mode', Value: 'ctf' }],
  }))).GameSession!;
  expect(first).toMatchObject({ Status: 'ACTIVATING', CreationTime: sim.now, GameProperties: [{ Key: 'mode', Value: 'ctf' }] });
  expect(first.TerminationTime).toBeUndefined();
  expect(first).not.toHaveProperty('IpAddress');
  for (let i = 0; i < 4; i++) await client.send(new CreateGameSessionCommand({ AliasId: alias.AliasId, MaximumPlayerSessionCount: 8 }));
  sim.advanceBy(GAME_SESSION_ACTIVATION_SECONDS + 1);
  const renamed = (await client.send(new UpdateGameSessionCommand({ GameSessionId: first.GameSessionId, Name: 'renamed' }))).GameSession!;
  expect(renamed).toMatchObject({ Name: 'renamed', Status: 'ACTIVE', CreationTime: first.CreationTime });
  expect(typeof renamed.Port).toBe('number');

  // Player sessions, up to the session's maximum (PS-1, PS-3).
  const p1 = (await client.send(new CreatePlayerSessionCommand({ GameSessionId: first.GameSessionId, PlayerId: 'p1' }))).PlayerSession!;
  expect(p1).toMatchObject({ PlayerId: 'p1', Status: 'RESERVED', CreationTime: sim.now, Port: renamed.Port });
  const p2 = await client.send(new CreatePlayerSessionsCommand({ GameSessionId: first.GameSessionId, PlayerIds: ['p2'], PlayerDataMap: { p2: 'blue' } }));
  expect(p2.PlayerSessions?.map((p) => [p.PlayerId, p.PlayerData])).toEqual([['p2', 'blue']]);
  const full = await client.send(new CreatePlayerSessionCommand({ GameSessionId: first.GameSessionId, PlayerId: 'p3' })).catch((e: unknown) => e);
  expect(full).toBeInstanceOf(GameSessionFullException);
  const players = await client.send(new DescribePlayerSessionsCommand({ GameSessionId: first.GameSessionId }));
  expect(players.PlayerSessions?.map((p) => p.PlayerId).sort()).toEqual(['p1', 'p2']);
  const playerPages = await all(paginateDescribePlayerSessions({ client, pageSize: 1 }, { GameSessionId: first.GameSessionId }));
  expect(playerPages.flatMap((p) => p.PlayerSessions ?? []).map((p) => p.PlayerSessionId).sort())
    .toEqual(players.PlayerSessions?.map((p) => p.PlayerSessionId).sort());

  // DescribeGameSessions in pages of 2 (DG-6): every session exactly once, in the order of one big page.
  const whole = await client.send(new DescribeGameSessionsCommand({ FleetId: fleet.FleetId }));
  expect(whole.GameSessions).toHaveLength(5);
  expect(whole.NextToken).toBeUndefined();
  const pages = await all(paginateDescribeGameSessions({ client, pageSize: 2 }, { FleetId: fleet.FleetId }));
  expect(pages.map((p) => p.GameSessions?.length)).toEqual([2, 2, 1]);
  expect(pages.flatMap((p) => p.GameSessions ?? [])).toEqual(whole.GameSessions);
  // DescribeGameSessionDetails: the same sessions and paging, each with its ProtectionPolicy.
  const detailPages = await all(paginateDescribeGameSessionDetails({ client, pageSize: 2 }, { FleetId: fleet.FleetId }));
  expect(detailPages.flatMap((p) => p.GameSessionDetails ?? [])).toEqual(whole.GameSessions!.map((GameSession) => ({ GameSession, ProtectionPolicy: 'NoProtection' })));
  const one = await client.send(new DescribeGameSessionDetailsCommand({ GameSessionId: whole.GameSessions![0]!.GameSessionId }));
  expect(one.GameSessionDetails).toEqual([{ GameSession: whole.GameSessions![0], ProtectionPolicy: 'NoProtection' }]);

  // Termination: TERMINATING, then TERMINATED with TerminationTime at the virtual time it happened (GS-1).
  const last = whole.GameSessions![4]!;
  const terminating = (await client.send(new TerminateGameSessionCommand({ GameSessionId: last.GameSessionId, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' }))).GameSession!;
  expect(terminating.Status).toBe('TERMINATING');
  sim.advanceBy(5);
  const ended = (await client.send(new DescribeGameSessionsCommand({ GameSessionId: last.GameSessionId }))).GameSessions![0]!;
  expect(ended.Status).toBe('TERMINATED');
  expect(ended.TerminationTime).toBeInstanceOf(Date);
  expect(ended.TerminationTime!.getTime()).toBeLessThanOrEqual(sim.nowMs);
  expect(ended.TerminationTime!.getTime()).toBeGreaterThan(ended.CreationTime!.getTime());

  // Queues and placements (PL-1, PL-4, ST-1).
  const queue = (await client.send(new CreateGameSessionQueueCommand({
    Name: 'wire-queue', TimeoutInSeconds: 60, Destinations: [{ DestinationArn: fleet.FleetArn }],
  }))).GameSessionQueue!;
  expect(queue).toMatchObject({ Name: 'wire-queue', TimeoutInSeconds: 60 });
  const requeued = (await client.send(new UpdateGameSessionQueueCommand({ Name: queue.GameSessionQueueArn, TimeoutInSeconds: 120 }))).GameSessionQueue!;
  expect(requeued.TimeoutInSeconds).toBe(120);
  const queuePages = await all(paginateDescribeGameSessionQueues({ client, pageSize: 1 }, {}));
  expect(queuePages.flatMap((p) => p.GameSessionQueues ?? []).map((q) => q.Name)).toEqual(['wire-queue']);
  expect((await client.send(new DescribeGameSessionQueuesCommand({ Names: ['wire-queue'] }))).GameSessionQueues).toEqual([requeued]);

  const started = (await client.send(new StartGameSessionPlacementCommand({
    PlacementId: 'wire-placement-1', GameSessionQueueName: 'wire-queue', MaximumPlayerSessionCount: 4,
    DesiredPlayerSessions: [{ PlayerId: 'q1', PlayerData: 'red' }],
  }))).GameSessionPlacement!;
  expect(started).toMatchObject({ Status: 'PENDING', StartTime: sim.now });
  expect(started.EndTime).toBeUndefined();
  await client.send(new StartGameSessionPlacementCommand({ PlacementId: 'wire-placement-2', GameSessionQueueName: 'wire-queue', MaximumPlayerSessionCount: 4 }));
  const stopped = (await client.send(new StopGameSessionPlacementCommand({ PlacementId: 'wire-placement-2' }))).GameSessionPlacement!;
  expect(stopped).toMatchObject({ Status: 'CANCELLED', EndTime: sim.now });
  sim.advanceBy(10);
  const placed = (await client.send(new DescribeGameSessionPlacementCommand({ PlacementId: 'wire-placement-1' }))).GameSessionPlacement!;
  expect(placed).toMatchObject({ Status: 'FULFILLED', StartTime: started.StartTime });
  expect(placed.EndTime).toBeInstanceOf(Date);
  expect(placed.PlacedPlayerSessions?.map((p) => p.PlayerId)).toEqual(['q1']);
  expect(sim.placementEvents().map((e) => (e as { detail: { type: string } }).detail.type).sort()).toEqual(['PlacementCancelled', 'PlacementFulfilled']);
  await client.send(new DeleteGameSessionQueueCommand({ Name: 'wire-queue' }));
  const gone = await client.send(new DescribeGameSessionQueuesCommand({ Names: ['wire-queue'] })).catch((e: unknown) => e);
  expect(gone).toBeInstanceOf(NotFoundException);

  // Modelled errors arrive as the SDK's classes, with the simulator's messages (WR-2).
  const missing = await client.send(new DescribeGameSessionsCommand({ FleetId: 'fleet-00000000-0000-0000-0000-000000000000' })).catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(NotFoundException);
  expect(missing).toMatchObject({ name: 'NotFoundException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
  expect((missing as Error).message).toMatch(/fleet-00000000-0000-0000-0000-000000000000/);
  const ambiguous = await client.send(new DescribeGameSessionsCommand({})).catch((e: unknown) => e);
  expect(ambiguous).toBeInstanceOf(InvalidRequestException);
  expect((ambiguous as Error).message).toMatch(/FleetId|GameSessionId|AliasId/);
}
