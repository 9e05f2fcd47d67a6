import type * as sdk from '@aws-sdk/client-gamelift';
import type { ApiContext } from './context.ts';
import { createAlias, describeAlias, resolveAlias, updateAlias } from './ops/aliases.ts';
import {
  createFleet,
  createFleetLocations,
  describeFleetAttributes,
  describeFleetCapacity,
  describeFleetLocationCapacity,
  updateFleetCapacity,
} from './ops/fleets.ts';
import {
  createGameSession,
  describeGameSessionDetails,
  describeGameSessions,
  terminateGameSession,
  updateGameSession,
} from './ops/game-sessions.ts';
import { describeGameSessionPlacement, startGameSessionPlacement, stopGameSessionPlacement } from './ops/placements.ts';
import { createPlayerSession, createPlayerSessions, describePlayerSessions } from './ops/player-sessions.ts';
import {
  createGameSessionQueue,
  deleteGameSessionQueue,
  describeGameSessionQueues,
  updateGameSessionQueue,
} from './ops/queues.ts';
import { describeInstances } from './ops/instances.ts';
import { searchGameSessions } from './ops/search-game-sessions.ts';

/** Each operation the simulator implements, with the SDK's input and output shapes. */
export interface Operations {
  CreateAlias: [sdk.CreateAliasInput, sdk.CreateAliasOutput];
  CreateFleet: [sdk.CreateFleetInput, sdk.CreateFleetOutput];
  CreateFleetLocations: [sdk.CreateFleetLocationsInput, sdk.CreateFleetLocationsOutput];
  CreateGameSession: [sdk.CreateGameSessionInput, sdk.CreateGameSessionOutput];
  CreateGameSessionQueue: [sdk.CreateGameSessionQueueInput, sdk.CreateGameSessionQueueOutput];
  CreatePlayerSession: [sdk.CreatePlayerSessionInput, sdk.CreatePlayerSessionOutput];
  CreatePlayerSessions: [sdk.CreatePlayerSessionsInput, sdk.CreatePlayerSessionsOutput];
  DeleteGameSessionQueue: [sdk.DeleteGameSessionQueueInput, sdk.DeleteGameSessionQueueOutput];
  DescribeAlias: [sdk.DescribeAliasInput, sdk.DescribeAliasOutput];
  DescribeFleetAttributes: [sdk.DescribeFleetAttributesInput, sdk.DescribeFleetAttributesOutput];
  DescribeFleetCapacity: [sdk.DescribeFleetCapacityInput, sdk.DescribeFleetCapacityOutput];
  DescribeFleetLocationCapacity: [sdk.DescribeFleetLocationCapacityInput, sdk.DescribeFleetLocationCapacityOutput];
  DescribeGameSessionDetails: [sdk.DescribeGameSessionDetailsInput, sdk.DescribeGameSessionDetailsOutput];
  DescribeGameSessionPlacement: [sdk.DescribeGameSessionPlacementInput, sdk.DescribeGameSessionPlacementOutput];
  DescribeGameSessionQueues: [sdk.DescribeGameSessionQueuesInput, sdk.DescribeGameSessionQueuesOutput];
  DescribeGameSessions: [sdk.DescribeGameSessionsInput, sdk.DescribeGameSessionsOutput];
  DescribeInstances: [sdk.DescribeInstancesInput, sdk.DescribeInstancesOutput];
  DescribePlayerSessions: [sdk.DescribePlayerSessionsInput, sdk.DescribePlayerSessionsOutput];
  ResolveAlias: [sdk.ResolveAliasInput, sdk.ResolveAliasOutput];
  SearchGameSessions: [sdk.SearchGameSessionsInput, sdk.SearchGameSessionsOutput];
  StartGameSessionPlacement: [sdk.StartGameSessionPlacementInput, sdk.StartGameSessionPlacementOutput];
  StopGameSessionPlacement: [sdk.StopGameSessionPlacementInput, sdk.StopGameSessionPlacementOutput];
  TerminateGameSession: [sdk.TerminateGameSessionInput, sdk.TerminateGameSessionOutput];
  UpdateAlias: [sdk.UpdateAliasInput, sdk.UpdateAliasOutput];
  UpdateFleetCapacity: [sdk.UpdateFleetCapacityInput, sdk.UpdateFleetCapacityOutput];
  UpdateGameSession: [sdk.UpdateGameSessionInput, sdk.UpdateGameSessionOutput];
  UpdateGameSessionQueue: [sdk.UpdateGameSessionQueueInput, sdk.UpdateGameSessionQueueOutput];
}

export type OperationName = keyof Operations;
export type InputOf<Op extends OperationName> = Operations[Op][0];
export type OutputOf<Op extends OperationName> = Operations[Op][1];

/** An operation: validates `input`, then changes the world and answers, or throws a GameLift exception untouched. */
export type Operation = (ctx: ApiContext, input: unknown) => unknown;

/** Every implemented operation by its GameLift name, as the wire's `X-Amz-Target` names it. */
export const OPERATIONS: Readonly<Record<OperationName, Operation>> = {
  CreateAlias: createAlias,
  CreateFleet: createFleet,
  CreateFleetLocations: createFleetLocations,
  CreateGameSession: createGameSession,
  CreateGameSessionQueue: createGameSessionQueue,
  CreatePlayerSession: createPlayerSession,
  CreatePlayerSessions: createPlayerSessions,
  DeleteGameSessionQueue: deleteGameSessionQueue,
  DescribeAlias: describeAlias,
  DescribeFleetAttributes: describeFleetAttributes,
  DescribeFleetCapacity: describeFleetCapacity,
  DescribeFleetLocationCapacity: describeFleetLocationCapacity,
  DescribeGameSessionDetails: describeGameSessionDetails,
  DescribeGameSessionPlacement: describeGameSessionPlacement,
  DescribeGameSessionQueues: describeGameSessionQueues,
  DescribeGameSessions: describeGameSessions,
  DescribeInstances: describeInstances,
  DescribePlayerSessions: describePlayerSessions,
  ResolveAlias: resolveAlias,
  SearchGameSessions: searchGameSessions,
  StartGameSessionPlacement: startGameSessionPlacement,
  StopGameSessionPlacement: stopGameSessionPlacement,
  TerminateGameSession: terminateGameSession,
  UpdateAlias: updateAlias,
  UpdateFleetCapacity: updateFleetCapacity,
  UpdateGameSession: updateGameSession,
  UpdateGameSessionQueue: updateGameSessionQueue,
};

/** The operations that only read state: Describe…, ResolveAlias and SearchGameSessions. */
export type ReadOperationName = Extract<OperationName, `Describe${string}` | 'ResolveAlias' | 'SearchGameSessions'>;

export function isReadOperation(name: string): name is ReadOperationName {
  return isOperationName(name) && (name.startsWith('Describe') || name === 'ResolveAlias' || name === 'SearchGameSessions');
}

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}
