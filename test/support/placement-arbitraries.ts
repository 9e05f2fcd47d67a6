import type {
  CreateGameSessionQueueInput,
  GameSession,
  GameSessionPlacement,
  StartGameSessionPlacementInput,
} from '@aws-sdk/client-gamelift';
import fc from 'fast-check';
import { isGameLiftError } from '../../src/api/errors.ts';
import type { Simulation } from '../../src/api/simulation.ts';

/**
 * Builders and arbitraries for the queue and placement tests (ST-*, PL-*). Worlds are made through the public
 * operations; the only internals read are the fleet locations' instances, to pick one to reclaim.
 */

/** The fixtures' home Region. */
export const HOME = 'us-west-2';
/** Remote locations the tests give their fleets, besides the home Region. */
export const REMOTE = ['eu-west-1', 'ap-south-1'] as const;
/** The fixtures' queue processing delay before the first attempt (placementProcessing), in ms. */
export const PROCESSING_MS = 1_000;
/** The fixtures' game session activation time, in ms. */
export const ACTIVATION_MS = 2_000;

/** Creates a queue over `destinations` (fleet ids) and returns its name. */
export function queueOver(
  sim: Simulation,
  destinations: readonly string[],
  extra: Omit<CreateGameSessionQueueInput, 'Name'> = {},
  name = 'queue',
): string {
  sim.call('CreateGameSessionQueue', { Name: name, Destinations: destinations.map((DestinationArn) => ({ DestinationArn })), ...extra });
  return name;
}

/** Starts a placement with the fewest members the operation needs, plus `extra`. */
export function startPlacement(
  sim: Simulation,
  placementId: string,
  queueName: string,
  extra: Partial<StartGameSessionPlacementInput> = {},
): GameSessionPlacement {
  return sim.call('StartGameSessionPlacement', {
    PlacementId: placementId,
    GameSessionQueueName: queueName,
    MaximumPlayerSessionCount: 10,
    ...extra,
  }).GameSessionPlacement!;
}

export function placementOf(sim: Simulation, placementId: string): GameSessionPlacement {
  return sim.call('DescribeGameSessionPlacement', { PlacementId: placementId }).GameSessionPlacement!;
}

export function gameSessionOf(sim: Simulation, gameSessionId: string): GameSession {
  return sim.call('DescribeGameSessions', { GameSessionId: gameSessionId }).GameSessions![0]!;
}

/** Fills every free server process of the fleet in `location` with game sessions made by CreateGameSession. */
export function fillLocation(sim: Simulation, fleetId: string, location: string): string[] {
  const ids: string[] = [];
  for (;;) {
    try {
      ids.push(sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1, Location: location }).GameSession!.GameSessionId!);
    } catch (error) {
      if ((error as Error).name === 'FleetCapacityExceededException') return ids;
      throw error;
    }
  }
}

/** Runs `run`; a GameLift exception (a refused call) is swallowed, anything else, a defect, is thrown on. */
export function unlessRefused(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isGameLiftError(error)) throw error;
  }
}

/** Every game session id the world holds, in any status. */
export function allGameSessionIds(sim: Simulation): string[] {
  return [...sim.world.gameSessions.keys()];
}

/** Ids of the fleet's instances that are not already going, in launch order. */
export function liveInstanceIds(sim: Simulation, fleetId: string): string[] {
  const fleet = sim.world.fleets.get(fleetId)!;
  return [...fleet.locations.values()].flatMap((loc) => [...loc.instances].filter((i) => i.status !== 'TERMINATING').map((i) => i.instanceId));
}

/** The request's fields, as every view of the placement must echo them (PL-1, ST-5). */
export function requestEcho(queueName: string, input: Partial<StartGameSessionPlacementInput>): Partial<GameSessionPlacement> {
  return {
    GameSessionQueueName: queueName,
    GameProperties: input.GameProperties ?? [],
    MaximumPlayerSessionCount: input.MaximumPlayerSessionCount,
    GameSessionName: input.GameSessionName,
    PlayerLatencies: input.PlayerLatencies === undefined || input.PlayerLatencies.length === 0 ? undefined : input.PlayerLatencies,
    GameSessionData: input.GameSessionData,
    PriorityConfigurationOverride: input.PriorityConfigurationOverride === undefined ? undefined : {
      LocationOrder: input.PriorityConfigurationOverride.LocationOrder,
      PlacementFallbackStrategy: input.PriorityConfigurationOverride.PlacementFallbackStrategy ?? 'DEFAULT_AFTER_SINGLE_PASS',
    },
  };
}

/** The fields a placement shows only once an attempt created a game session, or once FULFILLED (PL-4, ST-5). */
export const SESSION_FIELDS = ['GameSessionId', 'GameSessionArn', 'GameSessionRegion', 'IpAddress', 'DnsName', 'Port', 'PlacedPlayerSessions'] as const;
/** The fields a placement shows only once FULFILLED (PL-4). */
export const CONNECTION_FIELDS = ['IpAddress', 'DnsName', 'Port', 'PlacedPlayerSessions'] as const;

// ---------------------------------------------------------------- arbitraries

/** A well-formed PlacementId: 1–48 of [a-zA-Z0-9-]. */
export const placementIdArb = fc.stringMatching(/^[a-zA-Z0-9-]{1,48}$/);

/** A PlacementId that breaks its length or pattern constraint (ST-4). */
export const malformedPlacementIdArb = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^[a-zA-Z0-9-]{49,80}$/),
  fc.tuple(fc.stringMatching(/^[a-zA-Z0-9-]{0,10}$/), fc.constantFrom(' ', '_', '.', '/', ':', 'é', '\n'), fc.stringMatching(/^[a-zA-Z0-9-]{0,10}$/))
    .map(([a, bad, b]) => `${a}${bad}${b}`),
);

const playerIdArb = fc.stringMatching(/^[a-z0-9]{1,12}$/);

/**
 * The optional members of a StartGameSessionPlacement request, well formed: properties, name, data, a maximum and
 * up to that many distinct desired players. No latencies or override; tests that need them add them.
 */
export const placementRequestArb: fc.Arbitrary<Partial<StartGameSessionPlacementInput>> = fc
  .record({
    GameProperties: fc.option(fc.array(fc.record({ Key: fc.string({ maxLength: 32 }), Value: fc.string({ maxLength: 96 }) }), { maxLength: 16 }), { nil: undefined }),
    GameSessionName: fc.option(fc.string({ minLength: 1, maxLength: 60 }), { nil: undefined }),
    GameSessionData: fc.option(fc.string({ minLength: 1, maxLength: 200 }), { nil: undefined }),
    MaximumPlayerSessionCount: fc.integer({ min: 0, max: 200 }),
    players: fc.uniqueArray(playerIdArb, { maxLength: 6 }),
  })
  .map(({ players, ...rest }) => {
    const desired = players.slice(0, rest.MaximumPlayerSessionCount);
    return {
      ...rest,
      DesiredPlayerSessions: desired.length === 0 ? undefined : desired.map((PlayerId, i) => (i % 2 === 0 ? { PlayerId } : { PlayerId, PlayerData: `data-${i}` })),
    };
  });

/** Which way a PENDING placement is brought to a terminal status. */
export type TerminalRoute = 'FULFILLED' | 'CANCELLED' | 'TIMED_OUT' | 'FAILED';
export const terminalRouteArb = fc.constantFrom<TerminalRoute>('FULFILLED', 'CANCELLED', 'TIMED_OUT', 'FAILED');

/**
 * Brings placement `placementId`, just started on a queue whose fleet has a free process (or none, for TIMED_OUT),
 * to the terminal status `route`, and returns its view.
 */
export function settlePlacement(sim: Simulation, placementId: string, route: TerminalRoute, timeoutSeconds: number): GameSessionPlacement {
  switch (route) {
    case 'CANCELLED':
      sim.call('StopGameSessionPlacement', { PlacementId: placementId });
      break;
    case 'FULFILLED':
      sim.advanceBy((PROCESSING_MS + ACTIVATION_MS) / 1000);
      break;
    case 'FAILED':
      sim.failPlacement(placementId);
      break;
    case 'TIMED_OUT':
      sim.advanceBy(timeoutSeconds);
      break;
  }
  return placementOf(sim, placementId);
}
