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
import { createGameSession, describeGameSessions, terminateGameSession, updateGameSession } from './ops/game-sessions.ts';
import { createPlayerSession, createPlayerSessions, describePlayerSessions } from './ops/player-sessions.ts';

/** Each operation the simulator implements, with the SDK's input and output shapes. */
export interface Operations {
  CreateAlias: [sdk.CreateAliasInput, sdk.CreateAliasOutput];
  CreateFleet: [sdk.CreateFleetInput, sdk.CreateFleetOutput];
  CreateFleetLocations: [sdk.CreateFleetLocationsInput, sdk.CreateFleetLocationsOutput];
  CreateGameSession: [sdk.CreateGameSessionInput, sdk.CreateGameSessionOutput];
  CreatePlayerSession: [sdk.CreatePlayerSessionInput, sdk.CreatePlayerSessionOutput];
  CreatePlayerSessions: [sdk.CreatePlayerSessionsInput, sdk.CreatePlayerSessionsOutput];
  DescribeAlias: [sdk.DescribeAliasInput, sdk.DescribeAliasOutput];
  DescribeFleetAttributes: [sdk.DescribeFleetAttributesInput, sdk.DescribeFleetAttributesOutput];
  DescribeFleetCapacity: [sdk.DescribeFleetCapacityInput, sdk.DescribeFleetCapacityOutput];
  DescribeFleetLocationCapacity: [sdk.DescribeFleetLocationCapacityInput, sdk.DescribeFleetLocationCapacityOutput];
  DescribeGameSessions: [sdk.DescribeGameSessionsInput, sdk.DescribeGameSessionsOutput];
  DescribePlayerSessions: [sdk.DescribePlayerSessionsInput, sdk.DescribePlayerSessionsOutput];
  ResolveAlias: [sdk.ResolveAliasInput, sdk.ResolveAliasOutput];
  TerminateGameSession: [sdk.TerminateGameSessionInput, sdk.TerminateGameSessionOutput];
  UpdateAlias: [sdk.UpdateAliasInput, sdk.UpdateAliasOutput];
  UpdateFleetCapacity: [sdk.UpdateFleetCapacityInput, sdk.UpdateFleetCapacityOutput];
  UpdateGameSession: [sdk.UpdateGameSessionInput, sdk.UpdateGameSessionOutput];
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
  CreatePlayerSession: createPlayerSession,
  CreatePlayerSessions: createPlayerSessions,
  DescribeAlias: describeAlias,
  DescribeFleetAttributes: describeFleetAttributes,
  DescribeFleetCapacity: describeFleetCapacity,
  DescribeFleetLocationCapacity: describeFleetLocationCapacity,
  DescribeGameSessions: describeGameSessions,
  DescribePlayerSessions: describePlayerSessions,
  ResolveAlias: resolveAlias,
  TerminateGameSession: terminateGameSession,
  UpdateAlias: updateAlias,
  UpdateFleetCapacity: updateFleetCapacity,
  UpdateGameSession: updateGameSession,
};

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}
