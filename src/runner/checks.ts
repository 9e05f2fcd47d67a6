import type { Simulation } from '../api/simulation.ts';
import type { GameSession } from '../model/entities.ts';
import type { Lobby } from './lobbies.ts';

/**
 * Invariant checks on a run, whatever client drives it: the bundled ones catch the matchmaker bugs that cost money or
 * players (a leaked game session, a placement nobody followed up, a game for players who left), and a scenario adds
 * its own. A check reads the simulation's state and the lobby ledger; it never calls an operation, so that checking
 * leaves the trace (and the trace hash) exactly as it was.
 */

/** What the client reported for a lobby in the end. */
export type LobbyOutcome =
  | { readonly kind: 'placed'; readonly atMs: number; readonly placementId: string; readonly gameSessionId: string }
  | { readonly kind: 'gaveUp'; readonly atMs: number; readonly reason?: string }
  | { readonly kind: 'error'; readonly atMs: number; readonly message: string };

/** One lobby as the run knows it: when it arrived, what the client did for it, and what became of it. */
export interface LobbyRecord {
  readonly lobby: Lobby;
  /** Virtual time of its arrival, epoch ms. */
  readonly arrivedAtMs: number;
  /** Placements the client started for it, in order. */
  readonly placementIds: readonly string[];
  /** When its players left, epoch ms; undefined while they wait or once placed. */
  readonly disbandedAtMs: number | undefined;
  /** What the client reported; undefined while it has reported nothing. */
  readonly outcome: LobbyOutcome | undefined;
}

/** What a check sees: the simulation, the lobbies so far, and whether this is the final look at the run. */
export interface CheckContext {
  readonly sim: Simulation;
  /** Every lobby that has arrived so far, by lobby id, in order of arrival. */
  readonly lobbies: ReadonlyMap<string, LobbyRecord>;
  /** Virtual time of this look, epoch ms. */
  readonly nowMs: number;
  /** True for the look after the run has drained; false for the periodic ones. */
  readonly final: boolean;
}

/** A broken invariant, naming what broke it. */
export interface Violation {
  /** The check's name; the runner fills it in. */
  readonly check: string;
  /** What broke, naming the lobby, placement or game session. */
  readonly message: string;
  /**
   * What the violation is about (a game session ARN, a lobby id, a placement id): the runner reports one violation
   * per check and subject, the first time it is seen, however many looks see it again.
   */
  readonly subject: string;
}

/** An invariant on a run. */
export interface Check {
  /** Short and stable: reports, sweeps and shrinking tell failures apart by it. */
  readonly name: string;
  /** Looks every this many virtual seconds during the run; undefined: only the final look. */
  readonly everySeconds?: number;
  /** The violations seen in this look; an empty list when the invariant holds. */
  inspect(context: CheckContext): readonly Omit<Violation, 'check'>[];
}

/** The shortest period a check may ask for, in virtual seconds: a bound on the cost of looking. */
export const CHECK_PERIOD_SECONDS_MIN = 1;

/**
 * Runs checks during a run and at its end: `due` says when the next periodic look is, `look` runs the checks due
 * then, `finish` runs every check one final time. Keeps the first sighting of each (check, subject) only.
 */
export class CheckRunner {
  readonly #checks: readonly Check[];
  readonly #nextMs: number[];
  readonly #seen = new Set<string>();
  readonly violations: Violation[] = [];

  constructor(checks: readonly Check[], startMs: number) {
    this.#checks = checks;
    this.#nextMs = checks.map((c) => (c.everySeconds === undefined ? Infinity : startMs + periodMs(c)));
  }

  /** When the next periodic look is due, epoch ms; undefined when no check looks periodically. */
  due(): number | undefined {
    const next = Math.min(...this.#nextMs);
    return next === Infinity ? undefined : next;
  }

  /** Runs the periodic checks due at `context.nowMs`. */
  look(context: Omit<CheckContext, 'final'>): void {
    this.#checks.forEach((check, i) => {
      if (this.#nextMs[i]! > context.nowMs) return;
      this.#nextMs[i] = context.nowMs + periodMs(check);
      this.#record(check, { ...context, final: false });
    });
  }

  /** The final look: every check, once. Returns every violation seen during the run. */
  finish(context: Omit<CheckContext, 'final'>): readonly Violation[] {
    for (const check of this.#checks) this.#record(check, { ...context, final: true });
    return this.violations;
  }

  #record(check: Check, context: CheckContext): void {
    for (const v of check.inspect(context)) {
      const key = `${check.name}\u0000${v.subject}`;
      if (this.#seen.has(key)) continue;
      this.#seen.add(key);
      this.violations.push({ check: check.name, message: v.message, subject: v.subject });
    }
  }
}

function periodMs(check: Check): number {
  return Math.max(CHECK_PERIOD_SECONDS_MIN, check.everySeconds ?? 0) * 1000;
}

/**
 * The game sessions that hold a server process (not yet TERMINATED or ERROR), through the instances that host them:
 * a look costs the live sessions, not the 30 days of ended ones the world retains (DG-9).
 */
function* liveGameSessions(sim: Simulation): Generator<GameSession> {
  for (const fleet of sim.world.fleets.values()) {
    for (const loc of fleet.locations.values()) for (const instance of loc.instances) yield* instance.sessions;
  }
}

/** Since when a game session has held no player: its creation, or the time its last player session ended. */
function emptySinceMs(session: GameSession): number {
  let since = session.creationTimeMs;
  for (const ps of session.playerSessions) since = Math.max(since, ps.terminationTimeMs ?? Infinity);
  return since;
}

/** How long an ACTIVE game session may hold no player before it counts as leaked, by default, in seconds. */
export const LEAK_IDLE_SECONDS_DEFAULT = 300;

/**
 * Leaked game sessions: a game session ACTIVE with no player (no RESERVED or ACTIVE player session) for longer
 * than `idleSecondsMax` — it holds a server process, and costs money, for nobody.
 */
export function leakedGameSessions(options: { idleSecondsMax: number; everySeconds?: number } = { idleSecondsMax: LEAK_IDLE_SECONDS_DEFAULT }): Check {
  const idleMs = options.idleSecondsMax * 1000;
  return {
    name: 'leaked-game-session',
    everySeconds: options.everySeconds ?? 60,
    inspect({ sim, nowMs }) {
      const out: Omit<Violation, 'check'>[] = [];
      for (const session of liveGameSessions(sim)) {
        if (session.status !== 'ACTIVE' || session.currentPlayerSessionCount > 0) continue;
        const since = emptySinceMs(session);
        if (nowMs - since <= idleMs) continue;
        out.push({
          subject: session.gameSessionId,
          message: `game session ${session.gameSessionId} has been ACTIVE with no player for ${Math.round((nowMs - since) / 1000)} s (more than ${options.idleSecondsMax} s)`,
        });
      }
      return out;
    },
  };
}

/**
 * Unresolved placements: at the end of the run, a lobby whose client started a placement that has settled, yet
 * reported no outcome for the lobby — the client lost track of it (a dropped ticket, a poll loop that stopped).
 */
export function unresolvedPlacements(): Check {
  return {
    name: 'unresolved-placement',
    inspect({ sim, lobbies, final }) {
      if (!final) return [];
      const out: Omit<Violation, 'check'>[] = [];
      for (const record of lobbies.values()) {
        if (record.outcome !== undefined) continue;
        const lastId = record.placementIds.at(-1);
        if (lastId === undefined) continue;
        const placement = sim.placements.placements.get(lastId);
        if (placement === undefined || placement.status === 'PENDING') continue;
        out.push({
          subject: lastId,
          message: `lobby ${record.lobby.id}: placement ${lastId} settled ${placement.status}, but the client never reported an outcome for the lobby`,
        });
      }
      return out;
    },
  };
}

/**
 * Games for nobody: a lobby whose players left, while a game session of one of its placements lives on (ACTIVATING
 * or ACTIVE) more than `graceSeconds` later — the client should have stopped the placement or ended the session.
 */
export function disbandedLobbySessions(options: { graceSeconds: number; everySeconds?: number } = { graceSeconds: 120 }): Check {
  const graceMs = options.graceSeconds * 1000;
  return {
    name: 'disbanded-lobby-session',
    everySeconds: options.everySeconds ?? 60,
    inspect({ sim, lobbies, nowMs }) {
      const out: Omit<Violation, 'check'>[] = [];
      for (const record of lobbies.values()) {
        if (record.disbandedAtMs === undefined || nowMs - record.disbandedAtMs <= graceMs) continue;
        for (const placementId of record.placementIds) {
          const session = sim.placements.placements.get(placementId)?.gameSession;
          if (session === undefined || (session.status !== 'ACTIVE' && session.status !== 'ACTIVATING')) continue;
          out.push({
            subject: session.gameSessionId,
            message: `lobby ${record.lobby.id} disbanded ${Math.round((nowMs - record.disbandedAtMs) / 1000)} s ago, but game session ${session.gameSessionId} of placement ${placementId} is still ${session.status}`,
          });
        }
      }
      return out;
    },
  };
}

/**
 * The checks every run gets. `sessionSecondsMax` is the longest a game session of the scenario's servers runs before
 * they end it themselves: a session its players left earlier waits that long for its server, which is the world's
 * behaviour and no matchmaker's leak, so the leak threshold is at least that.
 */
export function bundledChecks(options: { sessionSecondsMax?: number } = {}): Check[] {
  const idleSecondsMax = Math.max(LEAK_IDLE_SECONDS_DEFAULT, options.sessionSecondsMax ?? 0);
  return [leakedGameSessions({ idleSecondsMax }), unresolvedPlacements(), disbandedLobbySessions()];
}

/** The lobbies of a run as the client reports them: what checks read. Records are replaced, never changed. */
export class LobbyLedger {
  readonly #records = new Map<string, LobbyRecord>();

  /** Every lobby so far, by id, in order of arrival. */
  get records(): ReadonlyMap<string, LobbyRecord> {
    return this.#records;
  }

  /** A lobby arrived at `atMs`. */
  arrived(lobby: Lobby, atMs: number): void {
    this.#records.set(lobby.id, { lobby, arrivedAtMs: atMs, placementIds: [], disbandedAtMs: undefined, outcome: undefined });
  }

  /** The client started placement `placementId` for the lobby. */
  placing(lobbyId: string, placementId: string): void {
    this.#update(lobbyId, (r) => ({ ...r, placementIds: [...r.placementIds, placementId] }));
  }

  /** The lobby's players left at `atMs`. */
  disbanded(lobbyId: string, atMs: number): void {
    this.#update(lobbyId, (r) => ({ ...r, disbandedAtMs: atMs }));
  }

  /** The client reported the lobby's outcome; the first report stands. */
  resolved(lobbyId: string, outcome: LobbyOutcome): void {
    this.#update(lobbyId, (r) => (r.outcome === undefined ? { ...r, outcome } : r));
  }

  #update(lobbyId: string, change: (record: LobbyRecord) => LobbyRecord): void {
    const record = this.#records.get(lobbyId);
    if (record === undefined) throw new Error(`no lobby ${lobbyId} has arrived`);
    this.#records.set(lobbyId, change(record));
  }
}
