import {
  DescribeGameSessionPlacementCommand, StartGameSessionPlacementCommand, StopGameSessionPlacementCommand,
  TerminateGameSessionCommand, type DesiredPlayerSession, type GameLiftClient, type PlayerLatency,
} from '@aws-sdk/client-gamelift';
import { Agenda, type Planner } from './agenda.ts';
import type { PlacementEvent } from '../model/placement/events.ts';
import type { ClientFactory, ClientHandlers, OutcomeReporter } from './client-api.ts';
import type { Lobby } from './lobbies.ts';

/** How the reference client learns and waits, in virtual ms. */
export interface ReferenceClientOptions {
  /**
   * How it learns a placement's outcome: `poll`, DescribeGameSessionPlacement every `pollMs` (the default); or
   * `events`, the queue's placement events, as a backend subscribed to the queue's notifications hears them, which
   * AWS recommends over polling at volume.
   */
  readonly outcomes?: 'poll' | 'events';
  /** Between two DescribeGameSessionPlacement polls of one pending placement; default 5,000. */
  readonly pollMs?: number;
  /** The first retry of a call refused for a transient reason waits up to this, doubling per attempt; default 500. */
  readonly backoffMs?: number;
  /** Retries of one call before the lobby is reported as an error; default 5. */
  readonly retriesMax?: number;
}

/** What the reference client keeps per lobby: plain data, so that a snapshot can hold it. */
export interface Ticket {
  readonly lobby: Lobby;
  disbanded: boolean;
}

/**
 * The reference client's next step for a lobby, planned for a virtual time: retry its Start, poll its placement,
 * retry its Stop, retry terminating the game session its players left. Plain data, so that a snapshot can hold it.
 */
export type ClientStep =
  | { readonly kind: 'start'; readonly lobbyId: string; readonly attempt: number }
  | { readonly kind: 'poll'; readonly lobbyId: string }
  | { readonly kind: 'stop'; readonly lobbyId: string; readonly attempt: number }
  | { readonly kind: 'terminate'; readonly lobbyId: string; readonly gameSessionArn: string; readonly attempt: number };

/** The status a placement event announces. */
const STATUS_OF_EVENT = {
  PlacementFulfilled: 'FULFILLED', PlacementCancelled: 'CANCELLED', PlacementTimedOut: 'TIMED_OUT', PlacementFailed: 'FAILED',
} as const;

/** Errors worth retrying: the call may not have happened, or (a lost response) its effect is unknown. */
const TRANSIENT = new Set(['ThrottlingException', 'InternalServiceException', 'TimeoutError']);

/**
 * The bundled reference client: the matchmaker a scenario without `client` runs, written against the client API and
 * a real `GameLiftClient` like any user's. Per arriving lobby it starts a placement named after the lobby, with the
 * players and their latencies; it polls DescribeGameSessionPlacement until the placement settles (or, with
 * `outcomes: 'events'`, hears the queue's placement event) and reports the outcome; when the players leave it stops the placement, and when Stop is refused because a game
 * session was already created (ST-2) it terminates that session once the placement is fulfilled. Calls refused for
 * a transient reason (throttling, an internal error, a lost response) are retried with full-jitter backoff; a retried
 * Start that meets its own placement id (PL-2) goes on polling it.
 */
export function referenceClient(options: ReferenceClientOptions = {}): ClientFactory {
  return ({ client, report, onPlacementEvent }) => {
    const agenda: Agenda<ClientStep> = new Agenda((step) => matchmaker.step(step));
    const planner: Planner<ClientStep> = { after: (delay, step) => agenda.after(delay, step), cancelAll: () => agenda.cancelWhere(() => true) };
    const matchmaker: ReferenceMatchmaker = new ReferenceMatchmaker(client, report, planner, options);
    if (options.outcomes === 'events') onPlacementEvent((event) => matchmaker.heard(event));
    return matchmaker;
  };
}

/**
 * The reference client's workings. Its state is plain data — a ticket per lobby, and its planned steps on an
 * {@link Agenda} (shared with the load driver when the runner runs it, so that a snapshot can order both) — and
 * every wait is a planned step, never an awaited timer, so that a run on it can be saved and restored (DT-3).
 */
export class ReferenceMatchmaker implements ClientHandlers {
  readonly #tickets: Map<string, Ticket>;
  readonly #agenda: Planner<ClientStep>;
  readonly #polls: boolean;
  readonly #pollMs: number;
  readonly #backoffMs: number;
  readonly #retriesMax: number;

  /** `tickets`: those of a restored run; its planned steps come back on `agenda`. */
  constructor(
    private readonly client: GameLiftClient, private readonly report: OutcomeReporter, agenda: Planner<ClientStep>,
    options: ReferenceClientOptions = {}, tickets: Map<string, Ticket> = new Map(),
  ) {
    this.#agenda = agenda;
    this.#tickets = tickets;
    this.#polls = options.outcomes !== 'events';
    this.#pollMs = options.pollMs ?? 5_000;
    this.#backoffMs = options.backoffMs ?? 500;
    this.#retriesMax = options.retriesMax ?? 5;
  }

  /** The lobbies it is working on, by id: what a snapshot saves. */
  get tickets(): ReadonlyMap<string, Ticket> {
    return this.#tickets;
  }

  onLobby(lobby: Lobby): Promise<void> {
    const ticket: Ticket = { lobby, disbanded: false };
    this.#tickets.set(lobby.id, ticket);
    return this.#start(ticket, 0);
  }

  async onDisband(lobbyId: string): Promise<void> {
    const ticket = this.#tickets.get(lobbyId);
    if (ticket === undefined) return;
    ticket.disbanded = true;
    await this.#stop(lobbyId, 0);
  }

  stop(): void {
    this.#agenda.cancelAll();
    this.#tickets.clear();
  }

  /**
   * A placement event of the queue, with `outcomes: 'events'`: the outcome of one of its lobbies, or of another
   * client's placement, which it ignores.
   */
  heard(event: PlacementEvent): Promise<void> | undefined {
    const ticket = this.#tickets.get(event.detail.placementId);
    return ticket === undefined ? undefined : this.#settled(ticket, STATUS_OF_EVENT[event.detail.type], event.detail.gameSessionArn);
  }

  /**
   * A planned step is due. Returns the promise of what it goes on to do, if anything, so that a driver may
   * await it to know the step is done; every refusal is retried or reported, so it rejects only on a defect.
   */
  step(step: ClientStep): Promise<void> | undefined {
    const ticket = this.#tickets.get(step.lobbyId);
    switch (step.kind) {
      case 'start':
        return ticket === undefined ? undefined : this.#start(ticket, step.attempt);
      case 'poll':
        return ticket === undefined ? undefined : this.#poll(ticket);
      // A Stop goes on being retried after the lobby was reported on: it is about the placement, not the ticket.
      case 'stop':
        return this.#stop(step.lobbyId, step.attempt);
      case 'terminate':
        return ticket === undefined ? undefined : this.#terminate(ticket, step.gameSessionArn, step.attempt);
    }
  }

  async #start(ticket: Ticket, attempt: number): Promise<void> {
    const { lobby } = ticket;
    const players: DesiredPlayerSession[] = [];
    const latencies: PlayerLatency[] = [];
    for (const { playerId: PlayerId, latencyMs } of lobby.players) {
      players.push({ PlayerId });
      for (const RegionIdentifier in latencyMs) latencies.push({ PlayerId, RegionIdentifier, LatencyInMilliseconds: latencyMs[RegionIdentifier] });
    }
    try {
      await this.client.send(new StartGameSessionPlacementCommand({
        PlacementId: lobby.id,
        GameSessionQueueName: lobby.queue,
        MaximumPlayerSessionCount: lobby.maximumPlayers,
        PlayerLatencies: latencies.length > 0 ? latencies : undefined,
        DesiredPlayerSessions: players,
      }));
    } catch (error) {
      const name = (error as Error).name;
      // A retry after a lost response meets the placement the first attempt made (PL-2): it exists, so follow it.
      if (!(attempt > 0 && name === 'InvalidRequestException')) {
        if (!TRANSIENT.has(name) || attempt >= this.#retriesMax) return this.#finish(ticket, () => this.report.error(lobby.id, error));
        return this.#backoff(attempt, { kind: 'start', lobbyId: lobby.id, attempt: attempt + 1 });
      }
    }
    if (this.#polls) this.#schedulePoll(ticket);
  }

  /** Stop, retried while refused for a transient reason; the last retry's wait ends in nothing. */
  async #stop(lobbyId: string, attempt: number): Promise<void> {
    if (attempt > this.#retriesMax) return;
    try {
      await this.client.send(new StopGameSessionPlacementCommand({ PlacementId: lobbyId }));
    } catch (error) {
      // Refused (ST-2, ST-3): a game session exists or the placement settled; the poll sees to it.
      if (TRANSIENT.has((error as Error).name)) this.#backoff(attempt, { kind: 'stop', lobbyId, attempt: attempt + 1 });
    }
  }

  #schedulePoll(ticket: Ticket): void {
    this.#agenda.after(this.#pollMs, { kind: 'poll', lobbyId: ticket.lobby.id });
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
    if (placement.Status === 'PENDING') return this.#schedulePoll(ticket);
    return this.#settled(ticket, placement.Status!, placement.GameSessionArn);
  }

  /**
   * The lobby's placement settled, as a poll read it or its event told. Reported at once, with no promise, unless its
   * game session is to be terminated: a day's run hears thousands of events a minute.
   */
  #settled(ticket: Ticket, status: string, gameSessionArn: string | undefined): Promise<void> | undefined {
    const { lobby } = ticket;
    if (status !== 'FULFILLED') this.#finish(ticket, () => this.report.gaveUp(lobby.id, ticket.disbanded ? 'disbanded' : status));
    else if (!ticket.disbanded) this.#finish(ticket, () => this.report.placed(lobby.id, { placementId: lobby.id, gameSessionArn: gameSessionArn! }));
    // The players left after a game session was created: end it, so that nobody pays for an empty game.
    else return this.#terminate(ticket, gameSessionArn!, 0);
    return undefined;
  }

  /** Terminates the game session of a lobby whose players left, retried while refused for a transient reason; then gives up on the lobby. */
  async #terminate(ticket: Ticket, gameSessionArn: string, attempt: number): Promise<void> {
    if (attempt <= this.#retriesMax) {
      try {
        await this.client.send(new TerminateGameSessionCommand({ GameSessionId: gameSessionArn, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' }));
      } catch (error) {
        if (TRANSIENT.has((error as Error).name)) return this.#backoff(attempt, { kind: 'terminate', lobbyId: ticket.lobby.id, gameSessionArn, attempt: attempt + 1 });
      }
    }
    this.#finish(ticket, () => this.report.gaveUp(ticket.lobby.id, 'disbanded'));
  }

  #finish(ticket: Ticket, report: () => void): void {
    // No poll of it is planned: a lobby is finished from its Start, its poll or the termination a poll began.
    this.#tickets.delete(ticket.lobby.id);
    report();
  }

  /** Full jitter (AWS's recommendation): `next` after a random wait up to the doubled base, drawn from the run's seed. */
  #backoff(attempt: number, next: ClientStep): void {
    this.#agenda.after(Math.random() * this.#backoffMs * 2 ** attempt, next);
  }
}
