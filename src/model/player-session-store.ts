import type { GameSession, PlayerSession } from './entities.ts';
import { HandleTable } from './handle-table.ts';
import { idKey, packPlayerSessions, playerKey, unpackPlayerSessions } from './packed-player-sessions.ts';

/** What a game session whose player sessions are packed holds instead of them. */
const NO_PLAYER_SESSIONS: PlayerSession[] = Object.freeze([]) as unknown as PlayerSession[];

/**
 * Every retained player session, found by PlayerSessionId, by PlayerId or by game session (PS-1..PS-3, DG-9).
 *
 * Player sessions of a game session still running are objects, changed as players connect and leave. When the game
 * session ends they end too and never change again, so they are packed into one string on it
 * (packed-player-sessions.ts) and found through two tables of 32-bit keys to the ended game session's handle: its
 * position among the world's ended game sessions. A day of load keeps hundreds of thousands of them at about a fifth
 * of the memory objects would take.
 */
export class PlayerSessionStore {
  readonly #live = new Map<string, PlayerSession>();
  /**
   * Live player sessions by PlayerId: the one a player mostly has, or several in creation order, so that the usual
   * player costs no array of their own.
   */
  readonly #liveByPlayer = new Map<string, PlayerSession | PlayerSession[]>();
  readonly #endedById = new HandleTable();
  readonly #endedByPlayer = new HandleTable();
  readonly #endedAt: (handle: number) => GameSession | undefined;
  readonly #ended: () => Iterable<GameSession>;

  /**
   * `endedAt` gives the ended game session with a handle, while it is retained; `ended` lists the retained ones in
   * the order they ended.
   */
  constructor(endedAt: (handle: number) => GameSession | undefined, ended: () => Iterable<GameSession>) {
    this.#endedAt = endedAt;
    this.#ended = ended;
  }

  /** How many player sessions are retained, live or packed. */
  get size(): number {
    return this.#live.size + this.#endedById.size;
  }

  /** Adds a new player session of a running game session. */
  add(ps: PlayerSession): void {
    this.#live.set(ps.playerSessionId, ps);
    const mine = this.#liveByPlayer.get(ps.playerId);
    if (mine === undefined) this.#liveByPlayer.set(ps.playerId, ps);
    else if (Array.isArray(mine)) mine.push(ps);
    else this.#liveByPlayer.set(ps.playerId, [mine, ps]);
  }

  /** `session` has ended, and every player session of it with it: they are packed under `handle` from now on. */
  pack(session: GameSession, handle: number): void {
    const list = session.playerSessions;
    if (list.length === 0) return;
    session.packedPlayerSessions = packPlayerSessions(list);
    session.playerSessions = NO_PLAYER_SESSIONS;
    for (const ps of list) this.#forgetLive(ps);
    this.#indexEnded(list, handle);
  }

  /** The live player sessions, in the order they were added, for a snapshot (DT-3); ended ones are in their sessions. */
  state(): PlayerSession[] {
    return [...this.#live.values()];
  }

  /**
   * Makes this empty store the one whose `state()` was `live`, given the ended game sessions with their handles: the
   * lookups are rebuilt, not saved, since they are functions of the sessions (and typed arrays besides).
   */
  resume(live: readonly PlayerSession[], ended: Iterable<[GameSession, number]>): void {
    if (this.size !== 0) throw new Error('only an empty store resumes a saved one');
    for (const ps of live) this.add(ps);
    for (const [session, handle] of ended) this.#indexEnded(this.inGameSession(session), handle);
  }

  #indexEnded(list: readonly PlayerSession[], handle: number): void {
    for (const ps of list) {
      this.#endedById.add(idKey(ps.playerSessionId), handle);
      this.#endedByPlayer.add(playerKey(ps.playerId), handle);
    }
  }

  /** The ended game session under `handle` is gone (DG-9): so are its player sessions. */
  forget(session: GameSession, handle: number): void {
    for (const ps of this.inGameSession(session)) {
      this.#endedById.remove(idKey(ps.playerSessionId), handle);
      this.#endedByPlayer.remove(playerKey(ps.playerId), handle);
    }
  }

  /** The retained player session with this id. */
  get(playerSessionId: string): PlayerSession | undefined {
    const live = this.#live.get(playerSessionId);
    if (live !== undefined) return live;
    for (const session of this.#endedSessions(this.#endedById.handles(idKey(playerSessionId)))) {
      const ps = this.inGameSession(session).find((p) => p.playerSessionId === playerSessionId);
      if (ps !== undefined) return ps;
    }
    return undefined;
  }

  has(playerSessionId: string): boolean {
    return this.get(playerSessionId) !== undefined;
  }

  /** The player sessions of `session`, in creation order. */
  inGameSession(session: GameSession): readonly PlayerSession[] {
    const packed = session.packedPlayerSessions;
    return packed === undefined ? session.playerSessions : unpackPlayerSessions(packed, session);
  }

  /** The retained player sessions of a player, in creation order. */
  ofPlayer(playerId: string): PlayerSession[] {
    const live = this.#liveByPlayer.get(playerId);
    const found = live === undefined ? [] : Array.isArray(live) ? [...live] : [live];
    for (const session of this.#endedSessions(this.#endedByPlayer.handles(playerKey(playerId)))) {
      for (const ps of this.inGameSession(session)) if (ps.playerId === playerId) found.push(ps);
    }
    return found.sort((a, b) => a.ordinal - b.ordinal);
  }

  /** Every retained player session: live ones in creation order, then those of ended game sessions as they ended. */
  *values(): IterableIterator<PlayerSession> {
    yield* this.#live.values();
    for (const session of this.#ended()) yield* this.inGameSession(session);
  }

  *keys(): IterableIterator<string> {
    for (const ps of this.values()) yield ps.playerSessionId;
  }

  /** The distinct retained game sessions under `handles` (keys may collide, and a session holds several players). */
  #endedSessions(handles: number[]): GameSession[] {
    return [...new Set(handles)].sort((a, b) => a - b).map((h) => this.#endedAt(h)).filter((s): s is GameSession => s !== undefined);
  }

  #forgetLive(ps: PlayerSession): void {
    this.#live.delete(ps.playerSessionId);
    const mine = this.#liveByPlayer.get(ps.playerId);
    if (mine === ps) {
      this.#liveByPlayer.delete(ps.playerId);
      return;
    }
    if (!Array.isArray(mine)) return;
    const i = mine.indexOf(ps);
    if (i >= 0) mine.splice(i, 1);
    if (mine.length === 1) this.#liveByPlayer.set(ps.playerId, mine[0]!);
  }
}
