import type { PlayerSessionStatus } from '@aws-sdk/client-gamelift';
import type { GameSession, PlayerSession } from './entities.ts';

/**
 * The player sessions of an ended game session, packed into one string, and back.
 *
 * Once a game session has ended, its player sessions never change again (they are COMPLETED or TIMEDOUT), yet
 * DescribePlayerSessions shows them as long as the game session is kept (DG-9). Kept as objects, with their ids as
 * strings and a map entry each, they cost about 300 bytes apiece; packed, about 60. Each player session is, in
 * one-byte characters: the 16 bytes of its id's UUID, its CreationTime, TerminationTime and ordinal as 48-bit
 * numbers, its status, then its PlayerId and PlayerData, each after its length.
 */

const UUID_BYTES = 16;
/** Character codes per String.fromCharCode call, well below any engine's limit on arguments. */
const CODES_PER_CALL = 8192;
const NUMBER_CHARS = 6;
const ID_PREFIX = 'psess-';
const ID_PATTERN = /^psess-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Terminal statuses by their one-character code. */
const STATUS_BY_CODE: Readonly<Record<string, PlayerSessionStatus>> = { C: 'COMPLETED', T: 'TIMEDOUT' };

/** Packs ended player sessions, in their order; each must be COMPLETED or TIMEDOUT, with an id the world made. */
export function packPlayerSessions(list: readonly PlayerSession[]): string {
  // Character codes first, one string at the end: concatenating would leave a rope of small strings, far larger.
  const codes: number[] = [];
  for (const ps of list) {
    if (!ID_PATTERN.test(ps.playerSessionId)) throw new Error(`player session id ${ps.playerSessionId} is not one the world makes`);
    if (ps.status !== 'COMPLETED' && ps.status !== 'TIMEDOUT') throw new Error(`player session ${ps.playerSessionId} is ${ps.status}, not ended`);
    packUuid(codes, ps.playerSessionId);
    packNumber(codes, ps.creationTimeMs);
    packNumber(codes, ps.terminationTimeMs!);
    packNumber(codes, ps.ordinal);
    codes.push((ps.status === 'COMPLETED' ? 'C' : 'T').charCodeAt(0));
    packText(codes, ps.playerId);
    packText(codes, ps.playerData ?? '');
  }
  let out = '';
  for (let i = 0; i < codes.length; i += CODES_PER_CALL) out += String.fromCharCode(...codes.slice(i, i + CODES_PER_CALL));
  return codes.length > CODES_PER_CALL ? flat(out) : out;
}

/** The player sessions `packed` holds, as new objects belonging to `session`, in their order. */
export function unpackPlayerSessions(packed: string, session: GameSession): PlayerSession[] {
  const list: PlayerSession[] = [];
  let at = 0;
  const number = (): number => {
    const value = unpackNumber(packed, at);
    at += NUMBER_CHARS;
    return value;
  };
  const text = (): string => {
    const length = packed.charCodeAt(at) * 256 + packed.charCodeAt(at + 1);
    at += 2 + length;
    return packed.slice(at - length, at);
  };
  while (at < packed.length) {
    const playerSessionId = idFrom(packed, at);
    at += UUID_BYTES;
    const creationTimeMs = number();
    const terminationTimeMs = number();
    const ordinal = number();
    const status = STATUS_BY_CODE[packed[at++]!]!;
    const playerId = text();
    const playerData = text();
    list.push({
      playerSessionId, playerId, playerData: playerData === '' ? undefined : playerData, gameSession: session,
      creationTimeMs, ordinal, status, terminationTimeMs,
    });
  }
  return list;
}

/** The 32-bit key a player session id is found under: the first four bytes of its UUID, which are random. */
export function idKey(playerSessionId: string): number {
  return parseInt(playerSessionId.slice(ID_PREFIX.length, ID_PREFIX.length + 8), 16) | 0;
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

/** The 16 bytes of the UUID in `psess-<uuid>` (lower-case hex, as the world makes them), from its hex digits. */
function packUuid(codes: number[], playerSessionId: string): void {
  for (let i = ID_PREFIX.length; i < playerSessionId.length; i++) {
    if (playerSessionId.charCodeAt(i) === DASH) continue;
    codes.push(hexDigit(playerSessionId.charCodeAt(i)) * 16 + hexDigit(playerSessionId.charCodeAt(i + 1)));
    i++;
  }
}

const DASH = 45;

function hexDigit(code: number): number {
  return code <= 57 ? code - 48 : code - 87;
}

/** A whole number from 0 to 2^48 - 1 as six one-byte character codes, most significant first. */
function packNumber(codes: number[], value: number): void {
  if (!(Number.isSafeInteger(value) && value >= 0 && value < 2 ** 48)) throw new Error(`cannot pack ${value} in 48 bits`);
  // Two 24-bit halves, so that the bytes come from integer shifts rather than divisions by powers of 256.
  const high = Math.floor(value / 0x1000000);
  const low = value - high * 0x1000000;
  codes.push(high >>> 16, (high >>> 8) & 0xff, high & 0xff, low >>> 16, (low >>> 8) & 0xff, low & 0xff);
}

function unpackNumber(packed: string, at: number): number {
  let value = 0;
  for (let i = 0; i < NUMBER_CHARS; i++) value = value * 256 + packed.charCodeAt(at + i);
  return value;
}

/** A string of up to 65,535 characters (PlayerId and PlayerData are at most 2,048) after its length. */
function packText(codes: number[], text: string): void {
  if (text.length > 0xffff) throw new Error(`cannot pack a text of ${text.length} characters`);
  codes.push(text.length >> 8, text.length & 0xff);
  for (let i = 0; i < text.length; i++) codes.push(text.charCodeAt(i));
}

/** A copy of `text` in one piece (a rope of concatenated parts is flattened when it is indexed). */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
