import type { GameSession, PlayerSession } from './entities.ts';
import { HandleTable } from './handle-table.ts';
import { idKey, packedCount, packPlayerSessions, playerKey, unpackPlayerSessions } from './packed-player-sessions.ts';

/** What a game session whose player sessions are packed holds instead of them. */
const NO_PLAYER_SESSIONS: PlayerSession[] = Object.freeze([]) as unknown as PlayerSession[];

/** The game sessions that hold the player sessions: the world's, as they are now. */
export interface PlayerSessionHolders {
  /** Every retained game session, running or ended, in any order. */
  retained(): Iterable<GameSession>;
  /** The retained ended game sessions with their handles, in the order they ended. */
  ended(): Iterable<readonly [GameSession, number]>;
  /** The ended game session with this handle, while it is retained. */
  endedAt(handle: number): GameSession | undefined;
}

/**
 * Every retained player session, found by PlayerSessionId, by PlayerId or by game session (PS-1..PS-3, DG-9).
 *
 * Player sessions live in their game sessions. While a game session runs they are objects, changed as players
 * connect and leave. When it ends they end too and never change again, so they are packed into one string on it
 * (packed-player-sessions.ts). A day of load keeps hundreds of thousands of them at about a fifth of the memory
 * objects would take.
 *
 * The lookups by PlayerSessionId and PlayerId are made at the first lookup, from every retained game session, and
 * kept current from then on: a run that never asks (a load test that learns its outcomes from placement events) does
 * not pay for a map entry per player session made and a table entry per player session ended. The first lookup costs
 * a pass over the retained player sessions, unpacking the ended ones: about 2 µs each (0.5 s for 240,000, half of
 * them ended, on the shared 2-core development machine); later ones cost what they did.
 */
export class PlayerSessionStore {
  readonly #holders: PlayerSessionHolders;
  /** Player sessions of running game sessions, and of ended ones (packed). */
  #liveCount = 0;
  #packedCount = 0;
  #lookups: Lookups | undefined;

  constructor(holders: PlayerSessionHolders) {
    this.#holders = holders;
  }

  /** How many player sessions are retained, live or packed. */
  get size(): number {
    return this.#liveCount + this.#packedCount;
  }

  /** A new player session, which the caller has added to its game session. */
  add(ps: PlayerSession): void {
    this.#liveCount++;
    this.#lookups?.addLive(ps);
  }

  /** `session` has ended, and every player session of it with it: they are packed under `handle` from now on. */
  pack(session: GameSession, handle: number): void {
    const list = session.playerSessions;
    if (list.length === 0) return;
    session.packedPlayerSessions = packPlayerSessions(list);
    session.playerSessions = NO_PLAYER_SESSIONS;
    this.#liveCount -= list.length;
    this.#packedCount += list.length;
    const lookups = this.#lookups;
    if (lookups === undefined) return;
    for (const ps of list) lookups.forgetLive(ps);
    lookups.addPacked(list, handle);
  }

  /**
   * Makes this empty store the one of its holders as a snapshot restored them (DT-3): the player sessions are in
   * their game sessions, so the store holds nothing of its own to restore; its counts are taken again, and its
   * lookups made when first needed, as they are functions of the sessions.
   */
  resume(): void {
    if (this.size !== 0) throw new Error('only an empty store resumes a saved one');
    for (const session of this.#holders.retained()) {
      if (session.packedPlayerSessions === undefined) this.#liveCount += session.playerSessions.length;
    }
    for (const [session] of this.#holders.ended()) this.#packedCount += packedOf(session);
  }

  /** The ended game session under `handle` is gone (DG-9): so are its player sessions. */
  forget(session: GameSession, handle: number): void {
    this.#packedCount -= packedOf(session);
    this.#lookups?.forgetPacked(this.inGameSession(session), handle);
  }

  /** The retained player session with this id. */
  get(playerSessionId: string): PlayerSession | undefined {
    const lookups = this.#lookupsNow();
    const live = lookups.live.get(playerSessionId);
    if (live !== undefined) return live;
    for (const session of this.#endedSessions(lookups.packedById.handles(idKey(playerSessionId)))) {
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
    const lookups = this.#lookupsNow();
    const live = lookups.liveByPlayer.get(playerId);
    const found = live === undefined ? [] : Array.isArray(live) ? [...live] : [live];
    for (const session of this.#endedSessions(lookups.packedByPlayer.handles(playerKey(playerId)))) {
      for (const ps of this.inGameSession(session)) if (ps.playerId === playerId) found.push(ps);
    }
    return found.sort((a, b) => a.ordinal - b.ordinal);
  }

  /** Every retained player session: live ones in creation order, then those of ended game sessions as they ended. */
  *values(): IterableIterator<PlayerSession> {
    yield* this.#live();
    for (const [session] of this.#holders.ended()) yield* this.inGameSession(session);
  }

  *keys(): IterableIterator<string> {
    for (const ps of this.values()) yield ps.playerSessionId;
  }

  /** The player sessions of the running game sessions, in creation order (their ordinals). */
  #live(): PlayerSession[] {
    const live: PlayerSession[] = [];
    for (const session of this.#holders.retained()) {
      if (session.packedPlayerSessions === undefined) for (const ps of session.playerSessions) live.push(ps);
    }
    return live.sort((a, b) => a.ordinal - b.ordinal);
  }

  /** The lookups, made now from every retained player session if no lookup was asked for before. */
  #lookupsNow(): Lookups {
    if (this.#lookups !== undefined) return this.#lookups;
    const lookups = new Lookups();
    for (const ps of this.#live()) lookups.addLive(ps);
    for (const [session, handle] of this.#holders.ended()) lookups.addPacked(this.inGameSession(session), handle);
    this.#lookups = lookups;
    return lookups;
  }

  /** The distinct retained game sessions under `handles` (keys may collide, and a session holds several players). */
  #endedSessions(handles: number[]): GameSession[] {
    return [...new Set(handles)].sort((a, b) => a - b).map((h) => this.#holders.endedAt(h)).filter((s): s is GameSession => s !== undefined);
  }
}

/** How many player sessions an ended game session holds, packed. */
function packedOf(session: GameSession): number {
  const packed = session.packedPlayerSessions;
  return packed === undefined ? 0 : packedCount(packed);
}

/**
 * Player sessions by PlayerSessionId and by PlayerId. Live ones in maps; packed ones through two tables of 32-bit
 * keys to their ended game session's handle: its position among the world's ended game sessions.
 */
class Lookups {
  readonly live = new Map<string, PlayerSession>();
  /**
   * Live player sessions by PlayerId: the one a player mostly has, or several in creation order, so that the usual
   * player costs no array of their own.
   */
  readonly liveByPlayer = new Map<string, PlayerSession | PlayerSession[]>();
  readonly packedById = new HandleTable();
  readonly packedByPlayer = new HandleTable();

  addLive(ps: PlayerSession): void {
    this.live.set(ps.playerSessionId, ps);
    const mine = this.liveByPlayer.get(ps.playerId);
    if (mine === undefined) this.liveByPlayer.set(ps.playerId, ps);
    else if (Array.isArray(mine)) mine.push(ps);
    else this.liveByPlayer.set(ps.playerId, [mine, ps]);
  }

  forgetLive(ps: PlayerSession): void {
    this.live.delete(ps.playerSessionId);
    const mine = this.liveByPlayer.get(ps.playerId);
    if (mine === ps) {
      this.liveByPlayer.delete(ps.playerId);
      return;
    }
    if (!Array.isArray(mine)) return;
    const i = mine.indexOf(ps);
    if (i >= 0) mine.splice(i, 1);
    if (mine.length === 1) this.liveByPlayer.set(ps.playerId, mine[0]!);
  }

  addPacked(list: readonly PlayerSession[], handle: number): void {
    for (const ps of list) {
      this.packedById.add(idKey(ps.playerSessionId), handle);
      this.packedByPlayer.add(playerKey(ps.playerId), handle);
    }
  }

  forgetPacked(list: readonly PlayerSession[], handle: number): void {
    for (const ps of list) {
      this.packedById.remove(idKey(ps.playerSessionId), handle);
      this.packedByPlayer.remove(playerKey(ps.playerId), handle);
    }
  }
}
