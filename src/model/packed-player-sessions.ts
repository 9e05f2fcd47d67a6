import type { PlayerSessionStatus } from '@aws-sdk/client-gamelift';
import type { GameSession, PlayerSession } from './entities.ts';

/**
 * The player sessions of an ended game session, packed into one string, and back.
 *
 * Once a game session has ended, its player sessions never change again (they are COMPLETED or TIMEDOUT), yet
 * DescribePlayerSessions shows them as long as the game session is kept (DG-9). Kept as objects, with their ids as
 * strings and a map entry each, they cost about 300 bytes apiece; packed, about 40. Each player session is, in
 * one-byte characters: the 16 bytes of its id's UUID; its CreationTime less the one before it (the first, less 0),
 * its TerminationTime less its CreationTime, and its ordinal less the one before it, each a variable-length signed
 * number (players of one game session are created together, in order, so the differences take a byte or three);
 * its status; then its PlayerId and PlayerData, each after its length.
 */

const UUID_BYTES = 16;
/** Character codes per String.fromCharCode call, well below any engine's limit on arguments. */
const CODES_PER_CALL = 8192;
/** A variable-length number carries 7 bits a character; the eighth says that more follow. */
const MORE = 0x80;
const ID_PREFIX = 'psess-';
/** `psess-` and a UUID: 36 characters, with dashes after the 8th, 12th, 16th and 20th hex digit. */
const ID_LENGTH = ID_PREFIX.length + 36;
/** Where in an id the UUID's 32 hex digits stand, and where its four dashes do. */
const HEX_DIGITS_AT: readonly number[] = Array.from({ length: 36 }, (_, i) => ID_PREFIX.length + i).filter((_, i) => ![8, 13, 18, 23].includes(i));
const DASHES_AT: readonly number[] = [8, 13, 18, 23].map((i) => ID_PREFIX.length + i);
/** Terminal statuses by their one-character code. */
const STATUS_BY_CODE: Readonly<Record<string, PlayerSessionStatus>> = { C: 'COMPLETED', T: 'TIMEDOUT' };

/** Packs ended player sessions, in their order; each must be COMPLETED or TIMEDOUT, with an id the world made. */
export function packPlayerSessions(list: readonly PlayerSession[]): string {
  // Character codes first, one string at the end: concatenating would leave a rope of small strings, far larger.
  const codes: number[] = [];
  let creation = 0;
  let ordinal = 0;
  for (const ps of list) {
    packUuid(codes, ps.playerSessionId);
    if (ps.status !== 'COMPLETED' && ps.status !== 'TIMEDOUT') throw new Error(`player session ${ps.playerSessionId} is ${ps.status}, not ended`);
    packSigned(codes, ps.creationTimeMs - creation);
    packSigned(codes, ps.terminationTimeMs! - ps.creationTimeMs);
    packSigned(codes, ps.ordinal - ordinal);
    creation = ps.creationTimeMs;
    ordinal = ps.ordinal;
    codes.push((ps.status === 'COMPLETED' ? 'C' : 'T').charCodeAt(0));
    packText(codes, ps.playerId);
    packText(codes, ps.playerData ?? '');
  }
  // The usual game session's players fit one call, made without a copy of the codes.
  if (codes.length <= CODES_PER_CALL) return String.fromCharCode(...codes);
  let out = '';
  for (let i = 0; i < codes.length; i += CODES_PER_CALL) out += String.fromCharCode(...codes.slice(i, i + CODES_PER_CALL));
  return flat(out);
}

/** The player sessions `packed` holds, as new objects belonging to `session`, in their order. */
export function unpackPlayerSessions(packed: string, session: GameSession): PlayerSession[] {
  const list: PlayerSession[] = [];
  const reader = new Reader(packed);
  let creation = 0;
  let ordinal = 0;
  while (!reader.done) {
    const playerSessionId = idFrom(packed, reader.at);
    reader.at += UUID_BYTES;
    const creationTimeMs = creation + reader.signed();
    const terminationTimeMs = creationTimeMs + reader.signed();
    ordinal += reader.signed();
    creation = creationTimeMs;
    const status = STATUS_BY_CODE[packed[reader.at++]!]!;
    const playerId = reader.text();
    const playerData = reader.text();
    list.push({
      playerSessionId, playerId, playerData: playerData === '' ? undefined : playerData, gameSession: session,
      creationTimeMs, ordinal, status, terminationTimeMs,
    });
  }
  return list;
}

/** How many player sessions `packed` holds, read past without making them. */
export function packedCount(packed: string): number {
  const reader = new Reader(packed);
  let count = 0;
  for (; !reader.done; count++) {
    reader.at += UUID_BYTES;
    for (let i = 0; i < 3; i++) reader.unsigned();
    reader.at++;
    reader.skipText();
    reader.skipText();
  }
  return count;
}

/** Reads the parts of a packed string in turn, from `at`. */
class Reader {
  readonly #packed: string;
  at = 0;

  constructor(packed: string) {
    this.#packed = packed;
  }

  get done(): boolean {
    return this.at >= this.#packed.length;
  }

  unsigned(): number {
    let value = 0;
    for (let scale = 1; ; scale *= 128) {
      const code = this.#packed.charCodeAt(this.at++);
      // Past the end (NaN): a string this module did not pack; stop rather than read on for ever.
      if (!(code >= 0)) throw new Error('packed player sessions end inside a number');
      value += (code & ~MORE) * scale;
      if (code < MORE) return value;
    }
  }

  signed(): number {
    const zigzag = this.unsigned();
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }

  /** Past a string after its length. */
  skipText(): void {
    const length = this.unsigned();
    this.at += length;
  }

  /** A string after its length. */
  text(): string {
    const length = this.unsigned();
    this.at += length;
    return this.#packed.slice(this.at - length, this.at);
  }
}

/**
 * The 32-bit key a player session id is found under: the first four bytes of its UUID, which are random. Read from
 * the characters, with no substring made; any other text gets some key, which finds no id the world made.
 */
export function idKey(playerSessionId: string): number {
  let key = 0;
  for (let i = ID_PREFIX.length; i < ID_PREFIX.length + 8; i++) key = (key << 4) | (hexDigit(playerSessionId.charCodeAt(i)) & 0xf);
  return key;
}

/** The 32-bit key a PlayerId is found under: its FNV-1a hash. */
export function playerKey(playerId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < playerId.length; i++) h = Math.imul(h ^ playerId.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** `psess-` and the UUID whose bytes start at `at`. */
function idFrom(packed: string, at: number): string {
  let hex = '';
  for (let i = 0; i < UUID_BYTES; i++) hex += packed.charCodeAt(at + i).toString(16).padStart(2, '0');
  return `${ID_PREFIX}${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The 16 bytes of the UUID in `psess-<uuid>` (lower-case hex, as the world makes them), from its hex digits; an id
 * of any other form is refused.
 */
function packUuid(codes: number[], playerSessionId: string): void {
  let wellFormed = playerSessionId.length === ID_LENGTH && playerSessionId.startsWith(ID_PREFIX);
  for (let i = 0; wellFormed && i < DASHES_AT.length; i++) wellFormed = playerSessionId.charCodeAt(DASHES_AT[i]!) === DASH;
  for (let i = 0; wellFormed && i < HEX_DIGITS_AT.length; i += 2) {
    const high = hexDigit(playerSessionId.charCodeAt(HEX_DIGITS_AT[i]!));
    const low = hexDigit(playerSessionId.charCodeAt(HEX_DIGITS_AT[i + 1]!));
    wellFormed = high >= 0 && low >= 0;
    codes.push(high * 16 + low);
  }
  if (!wellFormed) throw new Error(`player session id ${playerSessionId} is not one the world makes`);
}

const DASH = 45;

/** The value of a lower-case hex digit's character code; -1 for any other character. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  return code >= 97 && code <= 102 ? code - 87 : -1;
}

/** A safe integer as a variable-length number: zigzag (0, -1, 1, -2, … as 0, 1, 2, 3, …), then 7 bits a character. */
function packSigned(codes: number[], value: number): void {
  if (!Number.isSafeInteger(value) || Math.abs(value) > 2 ** 51) throw new Error(`cannot pack ${value}`);
  packUnsigned(codes, value >= 0 ? 2 * value : -2 * value - 1);
}

function packUnsigned(codes: number[], value: number): void {
  let rest = value;
  while (rest >= MORE) {
    codes.push((rest % MORE) | MORE);
    rest = Math.floor(rest / MORE);
  }
  codes.push(rest);
}

/** A string after its length (PlayerId and PlayerData are at most 2,048 characters); each character one code. */
function packText(codes: number[], text: string): void {
  packUnsigned(codes, text.length);
  for (let i = 0; i < text.length; i++) codes.push(text.charCodeAt(i));
}

/** A copy of `text` in one piece (a rope of concatenated parts is flattened when it is indexed). */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
