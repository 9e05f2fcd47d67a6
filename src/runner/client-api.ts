import type { GameLiftClient } from '@aws-sdk/client-gamelift';
import type { PlacementEvent } from '../model/placement/events.ts';
import type { Lobby } from './lobbies.ts';

/**
 * The client API: how a scenario plugs in the matchmaker under test. The scenario's `client` is a factory; the runner
 * calls it once, inside virtual time, with a `GameLiftClient` wired to the simulation and a reporter, and gets back
 * handlers that it calls as lobbies arrive and disband:
 *
 * ```ts
 * client: ({ client, report }) => {
 *   const service = new MatchmakingService(client, {           // the user's class, unmodified
 *     onPlaced: (ticket, p) => report.placed(ticket.lobbyId, { placementId: p.PlacementId!, gameSessionArn: p.GameSessionArn! }),
 *     onFailed: (ticket, why) => report.gaveUp(ticket.lobbyId, why),
 *   });
 *   return { onLobby: (lobby) => service.enqueue(lobby), onDisband: (id) => service.disband(id), stop: () => service.stop() };
 * },
 * ```
 *
 * Everything runs in the run's virtual time (`runClient`): the client's timers, `Date`, `Math.random` and
 * `crypto.randomUUID` are virtual and seeded, so a run is a pure function of (scenario, seed, client).
 */

/** What the client tells the runner about a lobby. The first outcome reported for a lobby stands. */
export interface OutcomeReporter {
  /**
   * The lobby was placed: its players have a game session. Time to placement is measured from the lobby's arrival to
   * this report, in virtual time.
   */
  placed(lobbyId: string, placement: { readonly placementId: string; readonly gameSessionArn: string }): void;
  /** The client gave up on the lobby (its placement timed out, was cancelled or failed, or the players left). */
  gaveUp(lobbyId: string, reason?: string): void;
  /** The client could not handle the lobby: an error it did not recover from. */
  error(lobbyId: string, error: unknown): void;
  /**
   * The client started placement `placementId` for the lobby. Optional: the runner already attributes every placement
   * whose DesiredPlayerSessions name the lobby's players (`player-<index>-<i>`) to the lobby.
   */
  placing(lobbyId: string, placementId: string): void;
}

/** What the client factory gets. */
export interface ClientContext {
  /**
   * A real `GameLiftClient` answered by the simulation: at `send` by default, through the SDK's whole pipeline with
   * `--wire`; the scenario's transport faults apply to its calls.
   */
  readonly client: GameLiftClient;
  /** Where the client reports per-lobby outcomes. */
  readonly report: OutcomeReporter;
  /** The run's seed. */
  readonly seed: string;
  /**
   * Subscribes to the placement events of the run's queues, as a backend hears them through the queue's notification
   * target (an SNS topic, an EventBridge rule): each comes at the virtual instant its placement settled, once the
   * service's step is complete, so the listener may call GameLift. Returns a function that unsubscribes. A client
   * that listens need not poll DescribeGameSessionPlacement.
   */
  readonly onPlacementEvent: (listener: (event: PlacementEvent) => void) => () => void;
}

/** What the client does as the run goes: the runner calls these in virtual time. */
export interface ClientHandlers {
  /**
   * A lobby arrived (players, queue, latencies per region). A returned promise is not awaited: lobbies keep arriving
   * at their times, as they would in production; a rejection is reported as the lobby's error.
   */
  onLobby(lobby: Lobby): void | Promise<unknown>;
  /** The lobby's players left; the client should stop placing it (and end its game session if one was made). */
  onDisband(lobbyId: string): void | Promise<unknown>;
  /** The run is over: clear timers, stop polling. Awaited. */
  stop?(): void | Promise<unknown>;
}

/**
 * The client under test: called once at the start of the run (in virtual time), returns its handlers. A scenario
 * without one runs the bundled reference client (`referenceClient`).
 */
export type ClientFactory = (context: ClientContext) => ClientHandlers | Promise<ClientHandlers>;

export type { Lobby };
