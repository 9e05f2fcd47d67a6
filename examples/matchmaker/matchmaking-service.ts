import { randomUUID } from 'node:crypto';
import {
  DescribeGameSessionPlacementCommand, StartGameSessionPlacementCommand, StopGameSessionPlacementCommand,
  TerminateGameSessionCommand, type GameLiftClient,
} from '@aws-sdk/client-gamelift';

/** A lobby as the service's callers hand it over: who plays, where, and their measured latencies. */
export interface LobbyRequest {
  readonly id: string;
  readonly queue: string;
  readonly maximumPlayers: number;
  readonly players: readonly { readonly playerId: string; readonly latencyMs?: Readonly<Record<string, number>> }[];
}

/** How the service is tuned, and where it reports what became of each lobby. */
export interface MatchmakingOptions {
  readonly pollIntervalMs: number;
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  /**
   * The planted bug: when Stop is refused because the placement already created a game session, forget the
   * ticket instead of polling it to the end, so the session of a lobby whose players left lives on (a leak).
   */
  readonly dropTicketOnRefusedStop: boolean;
  readonly onPlaced: (lobbyId: string, placementId: string, gameSessionArn: string, waitedMs: number) => void;
  readonly onGaveUp: (lobbyId: string, why: string) => void;
}

interface Ticket {
  readonly lobby: LobbyRequest;
  readonly placementId: string;
  readonly startedAtMs: number;
  disbanded: boolean;
}

/**
 * A matchmaking service as teams write them, knowing nothing of the simulator: ticket ids from `randomUUID`, one
 * polling loop on `setTimeout`, full-jitter exponential backoff (`Math.random`) on throttling, Stop on disband.
 */
export class MatchmakingService {
  readonly #tickets = new Map<string, Ticket>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #throttledInARow = 0;

  constructor(private readonly client: GameLiftClient, private readonly options: MatchmakingOptions) {
    this.#schedule(options.pollIntervalMs);
  }

  /** Starts a placement for the lobby, retrying throttled calls with backoff. */
  async enqueue(lobby: LobbyRequest): Promise<void> {
    const ticket: Ticket = { lobby, placementId: `mm-${randomUUID()}`, startedAtMs: Date.now(), disbanded: false };
    this.#tickets.set(lobby.id, ticket);
    try {
      await this.#withBackoff(() => this.client.send(new StartGameSessionPlacementCommand({
        PlacementId: ticket.placementId, GameSessionQueueName: lobby.queue, MaximumPlayerSessionCount: lobby.maximumPlayers,
        DesiredPlayerSessions: lobby.players.map((p) => ({ PlayerId: p.playerId })),
        PlayerLatencies: lobby.players.flatMap((p) => Object.entries(p.latencyMs ?? {})
          .map(([RegionIdentifier, LatencyInMilliseconds]) => ({ PlayerId: p.playerId, RegionIdentifier, LatencyInMilliseconds }))),
      })));
    } catch (error) {
      this.#tickets.delete(lobby.id);
      this.options.onGaveUp(lobby.id, `start failed: ${(error as Error).name}`);
    }
  }

  /** The lobby's players left: stop its placement; a placement past Stop is polled to its end and its session ended. */
  async disband(lobbyId: string): Promise<void> {
    const ticket = this.#tickets.get(lobbyId);
    if (ticket === undefined) return;
    ticket.disbanded = true;
    try {
      await this.#withBackoff(() => this.client.send(new StopGameSessionPlacementCommand({ PlacementId: ticket.placementId })));
    } catch {
      // Refused: the placement already created its game session. The poll loop sees it and terminates it.
      if (!this.options.dropTicketOnRefusedStop) return;
      this.#tickets.delete(lobbyId);
      this.options.onGaveUp(lobbyId, 'disbanded');
    }
  }

  /** Ends the polling loop. */
  close(): void {
    clearTimeout(this.#timer);
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => void this.#pollAll(), delayMs);
  }

  /** Full jitter: a uniform wait in [0, min(cap, base·2^attempt)), so that throttled callers spread out. */
  #backoffMs(attempt: number): number {
    return Math.random() * Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** attempt);
  }

  async #withBackoff<T>(call: () => Promise<T>, attempts = 5): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!isThrottling(error) || attempt + 1 >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.#backoffMs(attempt)));
      }
    }
  }

  async #pollAll(): Promise<void> {
    for (const [lobbyId, ticket] of [...this.#tickets]) {
      let placement;
      try {
        placement = (await this.client.send(new DescribeGameSessionPlacementCommand({ PlacementId: ticket.placementId }))).GameSessionPlacement;
      } catch (error) {
        if (!isThrottling(error)) throw error;
        // Throttled: slow the whole loop down rather than hammer the service.
        this.#schedule(this.#backoffMs(++this.#throttledInARow) + this.options.pollIntervalMs);
        return;
      }
      this.#throttledInARow = 0;
      if (placement?.Status === 'PENDING' || placement === undefined) continue;
      this.#tickets.delete(lobbyId);
      if (placement.Status !== 'FULFILLED') {
        this.options.onGaveUp(lobbyId, ticket.disbanded ? 'disbanded' : placement.Status!);
      } else if (ticket.disbanded) {
        await this.client.send(new TerminateGameSessionCommand({ GameSessionId: placement.GameSessionArn!, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' }));
        this.options.onGaveUp(lobbyId, 'disbanded');
      } else {
        this.options.onPlaced(lobbyId, ticket.placementId, placement.GameSessionArn!, Date.now() - ticket.startedAtMs);
      }
    }
    this.#schedule(this.options.pollIntervalMs);
  }
}

/** The GameLift SDK has no ThrottlingException class: the service's throttling arrives as an error of that name. */
function isThrottling(error: unknown): boolean {
  return error instanceof Error && error.name === 'ThrottlingException';
}
