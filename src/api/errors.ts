import * as sdk from '@aws-sdk/client-gamelift';

/**
 * The name of a GameLift exception that an operation can answer with. The exceptions are the SDK's own classes, so
 * that a caller of the simulator in-process catches exactly what a caller of GameLift through
 * `@aws-sdk/client-gamelift` catches (`instanceof NotFoundException` holds either way).
 */
export type GameLiftErrorName =
  | 'ConflictException'
  | 'FleetCapacityExceededException'
  | 'GameSessionFullException'
  | 'IdempotentParameterMismatchException'
  | 'InternalServiceException'
  | 'InvalidFleetStatusException'
  | 'InvalidGameSessionStatusException'
  | 'InvalidRequestException'
  | 'LimitExceededException'
  | 'NotFoundException'
  | 'NotReadyException'
  | 'OutOfCapacityException'
  | 'TaggingFailedException'
  | 'TerminalRoutingStrategyException'
  | 'UnauthorizedException'
  | 'UnsupportedRegionException';

/** The exception GameLift would send, as the SDK's class with `message` and `Message` set. */
export function gameLiftError(name: GameLiftErrorName, message: string): sdk.GameLiftServiceException {
  const Exception = sdk[name];
  return new Exception({ message, Message: message, $metadata: {} } as never);
}

/** Throws the exception GameLift would send; the one way an operation refuses a request. */
export function fail(name: GameLiftErrorName, message: string): never {
  throw gameLiftError(name, message);
}

/** Whether `error` is an exception an operation answered with, as opposed to a defect of the simulator. */
export function isGameLiftError(error: unknown): error is sdk.GameLiftServiceException {
  return error instanceof sdk.GameLiftServiceException;
}
