import type { Simulation } from '../api/simulation.ts';
import type { GameSession } from '../model/entities.ts';
import type { Lobby } from './lobbies.ts';
import { Seconds, type Spread } from './spread.ts';

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

/** What a check sees: the simulation, the live lobbies, and whether this is the final look at the run. */
export interface CheckContext {
  readonly sim: Simulation;
  /**
   * The live lobbies, by lobby id, in order of arrival: every lobby the client has not reported on yet, and the
   * reported ones that a check still {@link Check.retains}. A run lets the others go, so that its memory is bounded by
   * what is live, not by how long it runs; a check about every lobby's outcome reads it in {@link Check.onResolved}.
   */
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
  /**
   * Told of each lobby as the client's first report on it is recorded (its `outcome` set), with the violations seen
   * then, as a look's. Absent: the check has nothing to say about reported lobbies as such.
   */
  onResolved?(record: LobbyRecord, context: Omit<CheckContext, 'lobbies' | 'final'>): readonly Omit<Violation, 'check'>[];
  /**
   * Whether a reported lobby's record must stay in {@link CheckContext.lobbies} for this check's later looks: asked
   * when it is reported and once per virtual minute after, until no check wants it; then it is gone for good. Absent:
   * never (a check that looks only at unreported lobbies).
   */
  retains?(record: LobbyRecord, sim: Simulation): boolean;
}

/** Where a {@link CheckRunner} stands: when each check looks next, and what it has seen. */
export interface CheckRunnerState {
  readonly nextMs: readonly number[];
  readonly seen: readonly string[];
  readonly violations: readonly Violation[];
}

/** The shortest period a check may ask for, in virtual seconds: a bound on the cost of looking. */
export const CHECK_PERIOD_SECONDS_MIN = 1;

/**
 * Runs checks during a run and at its end: `due` says when the next periodic look is, `look` runs the checks due
 * then, `finish` runs every check one final time. Keeps the first sighting of each (check, subject) only.
 */
export class CheckRunner {
  readonly #checks: readonly Check[];
  /** The checks told of each reported lobby, and those that may retain its record: asked once per lobby. */
  readonly #onResolved: readonly Check[];
  readonly #retainers: readonly Check[];
  readonly #nextMs: number[];
  readonly #seen: Set<string>;
  readonly violations: Violation[];

  /** `state`: where a snapshot left the same checks' runner. */
  constructor(checks: readonly Check[], startMs: number, state?: CheckRunnerState) {
    this.#checks = checks;
    this.#onResolved = checks.filter((check) => check.onResolved !== undefined);
    this.#retainers = checks.filter((check) => check.retains !== undefined);
    this.#nextMs = state?.nextMs.slice() ?? checks.map((c) => (c.everySeconds === undefined ? Infinity : startMs + periodMs(c)));
    this.#seen = new Set(state?.seen);
    this.violations = state?.violations.slice() ?? [];
  }

  /** Where it stands, as plain data, for a snapshot. */
  state(): CheckRunnerState {
    return { nextMs: this.#nextMs.slice(), seen: [...this.#seen], violations: this.violations.slice() };
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

  /** Whether some check is told of each reported lobby ({@link resolved} need not be called otherwise). */
  get hearsResolved(): boolean {
    return this.#onResolved.length > 0;
  }

  /** A lobby was reported on: every check told of it. */
  resolved(record: LobbyRecord, context: Omit<CheckContext, 'lobbies' | 'final'>): void {
    for (const check of this.#onResolved) this.#add(check, check.onResolved!(record, context));
  }

  /** Whether some check still needs a reported lobby's record. */
  retains(record: LobbyRecord, sim: Simulation): boolean {
    for (const check of this.#retainers) if (check.retains!(record, sim) === true) return true;
    return false;
  }

  /** The final look: every check, once. Returns every violation seen during the run. */
  finish(context: Omit<CheckContext, 'final'>): readonly Violation[] {
    for (const check of this.#checks) this.#record(check, { ...context, final: true });
    return this.violations;
  }

  #record(check: Check, context: CheckContext): void {
    this.#add(check, check.inspect(context));
  }

  #add(check: Check, violations: readonly Omit<Violation, 'check'>[]): void {
    for (const v of violations) {
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
 * It retains a reported lobby that disbanded while one of its placements may still have a live game session: one
 * still PENDING, or one whose session is ACTIVATING or ACTIVE (a TERMINATED session, or a settled placement without
 * one, stays so).
 */
export function disbandedLobbySessions(options: { graceSeconds: number; everySeconds?: number } = { graceSeconds: 120 }): Check {
  const graceMs = options.graceSeconds * 1000;
  return {
    name: 'disbanded-lobby-session',
    everySeconds: options.everySeconds ?? 60,
    retains(record, sim) {
      return record.disbandedAtMs !== undefined && record.placementIds.some((placementId) => {
        const placement = sim.placements.placements.get(placementId);
        return placement !== undefined && (placement.status === 'PENDING' || isLive(placement.gameSession));
      });
    },
    inspect({ sim, lobbies, nowMs }) {
      const out: Omit<Violation, 'check'>[] = [];
      for (const record of lobbies.values()) {
        if (record.disbandedAtMs === undefined || nowMs - record.disbandedAtMs <= graceMs) continue;
        for (const placementId of record.placementIds) {
          const session = sim.placements.placements.get(placementId)?.gameSession;
          if (!isLive(session)) continue;
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

function isLive(session: GameSession | undefined): session is GameSession {
  return session?.status === 'ACTIVE' || session?.status === 'ACTIVATING';
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

/** One lobby of a run and what the client reported for it. */
export interface LobbyResult {
  readonly lobbyId: string;
  /** Virtual seconds since the load started. */
  readonly arrivedAtSeconds: number;
  readonly outcome: LobbyOutcome['kind'] | 'unresolved';
  /** Seconds from arrival to the report (placed, gave up, error); undefined while unresolved. */
  readonly seconds: number | undefined;
  readonly placementId?: string;
  readonly gameSessionArn?: string;
  /** Why it gave up, or the error's message. */
  readonly reason?: string;
}

/** Lobbies by what the client reported for them; `unresolved`: nothing. */
export type LobbyOutcomes = Record<LobbyOutcome['kind'] | 'unresolved', number>;

/** The lobbies of a run in bounded form: counts, the spread of waits, and a few examples. */
export interface LobbySummary {
  /** Lobbies that arrived. */
  readonly count: number;
  readonly outcomes: Readonly<LobbyOutcomes>;
  /** Seconds from a lobby's arrival to the client's report that it was placed. */
  readonly secondsToPlacement: Spread;
  /** The first {@link LOBBY_EXAMPLES_MAX} lobbies of each outcome, in order of arrival. */
  readonly examples: readonly LobbyResult[];
}

/** Where a {@link LobbyLedger} stands: its live records and what it folded the others into. */
export interface LedgerState {
  readonly records: ReadonlyMap<string, LobbyRecord>;
  readonly retained: readonly string[];
  readonly arrived: number;
  readonly outcomes: Readonly<LobbyOutcomes>;
  readonly placedSeconds: readonly number[];
  readonly examples: readonly { readonly index: number; readonly result: LobbyResult }[];
}

/** How many lobbies of each outcome a run's result shows as examples (the first to be reported so). */
export const LOBBY_EXAMPLES_MAX = 10;

/**
 * The lobbies of a run as the client reports them: what checks read. It keeps a lobby's record (its players and
 * latencies, about 1.6 KB) only while it is live — unreported, or retained for a check — and folds each reported
 * lobby into counts by outcome, the waits of placed lobbies (8 bytes each) and the first few examples, so that a
 * day of two million lobbies holds what is live, not what has been. Records are replaced, never changed.
 */
export class LobbyLedger {
  readonly #records: Map<string, LobbyRecord>;
  /** Reported lobbies whose records a check retains. */
  readonly #retained: Set<string>;
  readonly #startMs: number;
  #arrived: number;
  readonly #outcomes: LobbyOutcomes;
  readonly #placedSeconds: Seconds;
  readonly #examples: { index: number; result: LobbyResult }[];

  /** A ledger for a load that starts at `startMs`, epoch ms; `state`: where a snapshot left one. */
  constructor(startMs: number, state?: LedgerState) {
    this.#startMs = startMs;
    this.#records = new Map(state?.records);
    this.#retained = new Set(state?.retained);
    this.#arrived = state?.arrived ?? 0;
    this.#outcomes = { ...(state?.outcomes ?? { placed: 0, gaveUp: 0, error: 0, unresolved: 0 }) };
    this.#placedSeconds = Seconds.of(state?.placedSeconds ?? []);
    this.#examples = state?.examples.slice() ?? [];
  }

  /** Where it stands, as plain data, for a snapshot. */
  state(): LedgerState {
    return {
      records: new Map(this.#records), retained: [...this.#retained], arrived: this.#arrived, outcomes: { ...this.#outcomes },
      placedSeconds: this.#placedSeconds.toArray(), examples: this.#examples.slice(),
    };
  }

  /** The live lobbies, by id, in order of arrival (see {@link CheckContext.lobbies}). */
  get records(): ReadonlyMap<string, LobbyRecord> {
    return this.#records;
  }

  /** Lobbies that arrived and that the client has not reported on. */
  get unresolved(): number {
    return this.#outcomes.unresolved;
  }

  /** A lobby arrived at `atMs`. */
  arrive(lobby: Lobby, atMs: number): void {
    this.#arrived++;
    this.#outcomes.unresolved++;
    this.#records.set(lobby.id, { lobby, arrivedAtMs: atMs, placementIds: [], disbandedAtMs: undefined, outcome: undefined });
  }

  /** The client started placement `placementId` for the lobby; nothing once its record is gone. */
  placing(lobbyId: string, placementId: string): void {
    const record = this.#records.get(lobbyId);
    if (record !== undefined && !record.placementIds.includes(placementId)) {
      this.#records.set(lobbyId, { ...record, placementIds: [...record.placementIds, placementId] });
    }
  }

  /** The lobby's players left at `atMs`. */
  disbanded(lobbyId: string, atMs: number): void {
    const record = this.#records.get(lobbyId)!;
    this.#records.set(lobbyId, { ...record, disbandedAtMs: atMs });
  }

  /**
   * The client reported the lobby's outcome. The first report stands: it is counted, and the record returned, to be
   * let go ({@link release}) or kept ({@link retain}); a later one, or one about no live lobby, returns undefined.
   */
  resolved(lobbyId: string, outcome: LobbyOutcome): LobbyRecord | undefined {
    const before = this.#records.get(lobbyId);
    if (before === undefined || before.outcome !== undefined) return undefined;
    const record = { ...before, outcome };
    this.#records.set(lobbyId, record);
    this.#outcomes.unresolved--;
    this.#outcomes[outcome.kind]++;
    const seconds = (outcome.atMs - record.arrivedAtMs) / 1000;
    if (outcome.kind === 'placed') this.#placedSeconds.add(seconds);
    if (this.#outcomes[outcome.kind] <= LOBBY_EXAMPLES_MAX) this.#examples.push({ index: record.lobby.index, result: this.#resultOf(record) });
    return record;
  }

  /** A reported lobby's record stays live for a check. */
  retain(lobbyId: string): void {
    this.#retained.add(lobbyId);
  }

  /** A reported lobby's record is let go. */
  release(lobbyId: string): void {
    this.#retained.delete(lobbyId);
    this.#records.delete(lobbyId);
  }

  /** Lets go of every retained record that `retains` no longer wants. */
  prune(retains: (record: LobbyRecord) => boolean): void {
    for (const lobbyId of this.#retained) if (!retains(this.#records.get(lobbyId)!)) this.release(lobbyId);
  }

  /** The lobbies so far in bounded form; unreported ones as examples in order of arrival. */
  summary(): LobbySummary {
    const examples = [...this.#examples];
    let unresolved = 0;
    for (const record of this.#records.values()) {
      if (record.outcome !== undefined || unresolved++ >= LOBBY_EXAMPLES_MAX) continue;
      examples.push({ index: record.lobby.index, result: this.#resultOf(record) });
    }
    return {
      count: this.#arrived,
      outcomes: { ...this.#outcomes },
      secondsToPlacement: this.#placedSeconds.spread(),
      examples: examples.sort((a, b) => a.index - b.index).map((e) => e.result),
    };
  }

  #resultOf(r: LobbyRecord): LobbyResult {
    const o = r.outcome;
    const base = { lobbyId: r.lobby.id, arrivedAtSeconds: (r.arrivedAtMs - this.#startMs) / 1000 };
    if (o === undefined) return { ...base, outcome: 'unresolved', seconds: undefined };
    const seconds = (o.atMs - r.arrivedAtMs) / 1000;
    if (o.kind === 'placed') return { ...base, outcome: 'placed', seconds, placementId: o.placementId, gameSessionArn: o.gameSessionId };
    return { ...base, outcome: o.kind, seconds, reason: o.kind === 'gaveUp' ? o.reason : o.message };
  }
}
