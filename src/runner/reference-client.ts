import {
  DescribeGameSessionPlacementCommand, StartGameSessionPlacementCommand, StopGameSessionPlacementCommand,
  TerminateGameSessionCommand, type GameLiftClient, type PlayerLatency,
} from '@aws-sdk/client-gamelift';
import type { ClientFactory, ClientHandlers, OutcomeReporter } from './client-api.ts';
import type { Lobby } from './lobbies.ts';

/** How the reference client waits, in virtual ms. */
export interface ReferenceClientOptions {
  /** Between two DescribeGameSessionPlacement polls of one pending placement; default 5,000. */
  readonly pollMs?: number;
  /** The first retry of a call refused for a transient reason waits up to this, doubling per attempt; default 500. */
  readonly backoffMs?: number;
  /** Retries of one call before the lobby is reported as an error; default 5. */
  readonly retriesMax?: number;
}

/** What the reference client keeps per lobby. */
interface Ticket {
  readonly lobby: Lobby;
  disbanded: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  done: boolean;
}

/** Errors worth retrying: the call may not have happened, or (a lost response) its effect is unknown. */
const TRANSIENT = new Set(['ThrottlingException', 'InternalServiceException', 'TimeoutError']);

/**
 * The bundled reference client: the matchmaker a scenario without `client` runs, written against the client API and
 * a real `GameLiftClient` like any user's. Per arriving lobby it starts a placement named after the lobby, with the
 * players and their latencies; it polls DescribeGameSessionPlacement with `setTimeout` until the placement settles
 * and reports the outcome; when the players leave it stops the placement, and when Stop is refused because a game
 * session was already created (ST-2) it terminates that session once the placement is fulfilled. Calls refused for
 * a transient reason (throttling, an internal error, a lost response) are retried with full-jitter backoff; a retried
 * Start that meets its own placement id (PL-2) goes on polling it.
 */
export function referenceClient(options: ReferenceClientOptions = {}): ClientFactory {
  return ({ client, report }) => new ReferenceMatchmaker(client, report, options);
}

class ReferenceMatchmaker implements ClientHandlers {
  readonly #tickets = new Map<string, Ticket>();
  readonly #pollMs: number;
  readonly #backoffMs: number;
  readonly #retriesMax: number;

  constructor(private readonly client: GameLiftClient, private readonly report: OutcomeReporter, options: ReferenceClientOptions) {
    this.#pollMs = options.pollMs ?? 5_000;
    this.#backoffMs = options.backoffMs ?? 500;
    this.#retriesMax = options.retriesMax ?? 5;
  }

  async onLobby(lobby: Lobby): Promise<void> {
    const ticket: Ticket = { lobby, disbanded: false, timer: undefined, done: false };
    this.#tickets.set(lobby.id, ticket);
    const latencies: PlayerLatency[] = lobby.players.flatMap(({ playerId: PlayerId, latencyMs }) =>
      Object.entries(latencyMs).map(([RegionIdentifier, LatencyInMilliseconds]) => ({ PlayerId, RegionIdentifier, LatencyInMilliseconds })));
    const start = new StartGameSessionPlacementCommand({
      PlacementId: lobby.id,
      GameSessionQueueName: lobby.queue,
      MaximumPlayerSessionCount: lobby.maximumPlayers,
      PlayerLatencies: latencies.length > 0 ? latencies : undefined,
      DesiredPlayerSessions: lobby.players.map(({ playerId: PlayerId }) => ({ PlayerId })),
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(start);
        break;
      } catch (error) {
        const name = (error as Error).name;
        // A retry after a lost response meets the placement the first attempt made (PL-2): it exists, so follow it.
        if (attempt > 0 && name === 'InvalidRequestException') break;
        if (!TRANSIENT.has(name) || attempt >= this.#retriesMax) return this.#finish(ticket, () => this.report.error(lobby.id, error));
        await this.#backoff(attempt);
        if (ticket.done) return;
      }
    }
    this.#schedulePoll(ticket);
  }

  async onDisband(lobbyId: string): Promise<void> {
    const ticket = this.#tickets.get(lobbyId);
    if (ticket === undefined || ticket.done) return;
    ticket.disbanded = true;
    for (let attempt = 0; attempt <= this.#retriesMax; attempt++) {
      try {
        await this.client.send(new StopGameSessionPlacementCommand({ PlacementId: lobbyId }));
        return;
      } catch (error) {
        // Refused (ST-2, ST-3): a game session exists or the placement settled; the poll sees to it.
        if (!TRANSIENT.has((error as Error).name)) return;
        await this.#backoff(attempt);
      }
    }
  }

  stop(): void {
    for (const ticket of this.#tickets.values()) clearTimeout(ticket.timer);
    this.#tickets.clear();
  }

  #schedulePoll(ticket: Ticket): void {
    ticket.timer = setTimeout(() => void this.#poll(ticket), this.#pollMs);
  }

  async #poll(ticket: Ticket): Promise<void> {
    const { lobby } = ticket;
    let placement;
    try {
      placement = (await this.client.send(new DescribeGameSessionPlacementCommand({ PlacementId: lobby.id }))).GameSessionPlacement!;
    } catch (error) {
      if (TRANSIENT.has((error as Error).name)) return this.#schedulePoll(ticket);
      return this.#finish(ticket, () => this.report.error(lobby.id, error));
    }
    switch (placement.Status) {
      case 'PENDING':
        return this.#schedulePoll(ticket);
      case 'FULFILLED':
        if (!ticket.disbanded) {
          return this.#finish(ticket, () => this.report.placed(lobby.id, { placementId: lobby.id, gameSessionArn: placement.GameSessionArn! }));
        }
        // The players left after a game session was created: end it, so that nobody pays for an empty game.
        await this.#terminate(placement.GameSessionArn!);
        return this.#finish(ticket, () => this.report.gaveUp(lobby.id, 'disbanded'));
      default:
        return this.#finish(ticket, () => this.report.gaveUp(lobby.id, ticket.disbanded ? 'disbanded' : placement.Status));
    }
  }

  async #terminate(gameSessionArn: string): Promise<void> {
    for (let attempt = 0; attempt <= this.#retriesMax; attempt++) {
      try {
        await this.client.send(new TerminateGameSessionCommand({ GameSessionId: gameSessionArn, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' }));
        return;
      } catch (error) {
        if (!TRANSIENT.has((error as Error).name)) return;
        await this.#backoff(attempt);
      }
    }
  }

  #finish(ticket: Ticket, report: () => void): void {
    ticket.done = true;
    this.#tickets.delete(ticket.lobby.id);
    report();
  }

  /** Full jitter (AWS's recommendation): a random wait up to the doubled base, drawn from the run's seed. */
  #backoff(attempt: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.random() * this.#backoffMs * 2 ** attempt));
  }
}
