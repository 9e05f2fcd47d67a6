import type { EndedPlayerSessionStatus, GameSession, PlayerSession } from './entities.ts';

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
const STATUS_BY_CODE: Readonly<Record<string, EndedPlayerSessionStatus>> = { C: 'COMPLETED', T: 'TIMEDOUT' };

/** Packs ended player sessions, in their order; each must be COMPLETED or TIMEDOUT, with an id the world made. */
export function packPlayerSessions(list: readonly PlayerSession[]): string {
  const out = UNITS;
  out.start(false);
  packInto(out, list);
  // A PlayerId or PlayerData with a character beyond Latin-1, seldom: the pack is written again in two-byte units.
  if (out.overflowed) {
    out.start(true);
    packInto(out, list);
  }
  return out.text();
}

function packInto(out: UnitWriter, list: readonly PlayerSession[]): void {
  let creation = 0;
  let ordinal = 0;
  for (const ps of list) {
    out.room(PLAYER_SESSION_UNITS_FIXED_MAX + ps.playerId.length + (ps.playerData?.length ?? 0));
    packUuid(out, ps.playerSessionId);
    if (ps.endedAs === undefined) throw new Error(`player session ${ps.playerSessionId} has not ended`);
    packSigned(out, ps.creationTimeMs - creation);
    packSigned(out, ps.terminationTimeMs! - ps.creationTimeMs);
    packSigned(out, ps.ordinal - ordinal);
    creation = ps.creationTimeMs;
    ordinal = ps.ordinal;
    out.unit(ps.endedAs === 'COMPLETED' ? COMPLETED_CODE : TIMEDOUT_CODE);
    packText(out, ps.playerId);
    packText(out, ps.playerData ?? '');
  }
}

/**
 * Where a pack is written: UTF-16 code units, in place in a buffer kept from one pack to the next, made into one
 * string at the end. The usual pack (ids and PlayerIds in one-byte characters) is written as bytes, which the native
 * Latin-1 decoder makes into a compact one-byte string; a pack with a wider character is written again in two-byte
 * units. An array grown by a push per unit and spread into String.fromCharCode took most of the time of ending a game
 * session, and so, later, did copying two-byte units into bytes.
 */
class UnitWriter {
  #bytes = Buffer.allocUnsafe(PACK_UNITS_INITIAL);
  /** Made at the first pack that needs it. */
  #units = new Uint16Array(0);
  #wide = false;
  /** Whether a unit beyond a byte came while writing bytes: the pack must be written again, wide. */
  overflowed = false;
  at = 0;

  /** Starts a pack, in bytes or in two-byte units. */
  start(wide: boolean): void {
    this.at = 0;
    this.#wide = wide;
    this.overflowed = false;
  }

  /** Makes room for `count` more units. */
  room(count: number): void {
    const need = this.at + count;
    if (this.#wide) {
      if (need <= this.#units.length) return;
      const larger = new Uint16Array(2 * need);
      larger.set(this.#units.subarray(0, this.at));
      this.#units = larger;
    } else {
      if (need <= this.#bytes.length) return;
      const larger = Buffer.allocUnsafe(2 * need);
      this.#bytes.copy(larger, 0, 0, this.at);
      this.#bytes = larger;
    }
  }

  /** One unit; the caller has made room for it. */
  unit(code: number): void {
    if (this.#wide) {
      this.#units[this.at++] = code;
      return;
    }
    if (code > 0xff) this.overflowed = true;
    this.#bytes[this.at++] = code;
  }

  /** The units written since `start`, as a string. */
  text(): string {
    const n = this.at;
    if (!this.#wide) return this.#bytes.toString('latin1', 0, n);
    const units = this.#units;
    let out = '';
    for (let i = 0; i < n; i += CODES_PER_CALL) out += String.fromCharCode(...units.subarray(i, Math.min(n, i + CODES_PER_CALL)));
    return flat(out);
  }
}

/**
 * Units before the first growth: the players of a few game sessions. The writer keeps what the largest pack made it,
 * at most about 1,240,000 units (twice the largest pack, 2.5 MB in two-byte units, 1.2 MB in bytes): 200 players with
 * PlayerIds and PlayerData at their limits of 1,024 and 2,048 characters.
 */
const PACK_UNITS_INITIAL = 4096;
/** Units a packed number takes at most (see packUnsigned). */
const NUMBER_UNITS_MAX = 8;
/** Units a player session takes beyond its texts, at most: its id's 16, three numbers and two text lengths, its status. */
const PLAYER_SESSION_UNITS_FIXED_MAX = UUID_BYTES + 5 * NUMBER_UNITS_MAX + 1;
const COMPLETED_CODE = 0x43; // C
const TIMEDOUT_CODE = 0x54; // T
/** The one writer: packing runs to its end without a pause, so one at a time is all there ever is. */
const UNITS = new UnitWriter();

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
    const endedAs = STATUS_BY_CODE[packed[reader.at++]!]!;
    const playerId = reader.text();
    const playerData = reader.text();
    list.push({
      playerSessionId, playerId, playerData: playerData === '' ? undefined : playerData, gameSession: session,
      creationTimeMs, ordinal, connectAtMs: undefined, endedAs, terminationTimeMs,
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
function packUuid(out: UnitWriter, playerSessionId: string): void {
  let wellFormed = playerSessionId.length === ID_LENGTH && playerSessionId.startsWith(ID_PREFIX);
  for (let i = 0; wellFormed && i < DASHES_AT.length; i++) wellFormed = playerSessionId.charCodeAt(DASHES_AT[i]!) === DASH;
  if (!wellFormed) throw new Error(`player session id ${playerSessionId} is not one the world makes`);
  let digits = 0;
  for (let i = 0; i < HEX_DIGITS_AT.length; i += 2) {
    const high = hexDigit(playerSessionId.charCodeAt(HEX_DIGITS_AT[i]!));
    const low = hexDigit(playerSessionId.charCodeAt(HEX_DIGITS_AT[i + 1]!));
    // A bad digit is -1, and stays negative in the or, so one test after the loop finds any.
    digits |= high | low;
    out.unit(high * 16 + low);
  }
  if (digits < 0) throw new Error(`player session id ${playerSessionId} is not one the world makes`);
}

const DASH = 45;

/** The value of each lower-case hex digit by its character code (below 128); -1 for any other character. */
const HEX_VALUES: Int8Array = (() => {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < 16; i++) values['0123456789abcdef'.charCodeAt(i)] = i;
  return values;
})();

/** The value of a lower-case hex digit's character code; -1 for any other character. */
function hexDigit(code: number): number {
  return code < 128 ? HEX_VALUES[code]! : -1;
}

/** A safe integer as a variable-length number: zigzag (0, -1, 1, -2, … as 0, 1, 2, 3, …), then 7 bits a character. */
function packSigned(out: UnitWriter, value: number): void {
  if (!Number.isSafeInteger(value) || Math.abs(value) > 2 ** 51) throw new Error(`cannot pack ${value}`);
  packUnsigned(out, value >= 0 ? 2 * value : -2 * value - 1);
}

/** At most NUMBER_UNITS_MAX units: a packed number has at most 52 bits (see packSigned). */
function packUnsigned(out: UnitWriter, value: number): void {
  let rest = value;
  // Beyond 31 bits in floating point, exactly (a division by 128 moves the exponent alone); below, in integers, as a
  // remainder of a float was most of the cost of packing a time.
  while (rest >= INT31_LIMIT) {
    const high = Math.floor(rest / MORE);
    out.unit((rest - high * MORE) | MORE);
    rest = high;
  }
  while (rest >= MORE) {
    out.unit((rest & (MORE - 1)) | MORE);
    rest >>>= 7;
  }
  out.unit(rest);
}

/** 2^31: below it a number is a 32-bit integer's, for bit operations. */
const INT31_LIMIT = 0x80000000;

/** A string after its length (PlayerId and PlayerData are at most 2,048 characters); each character one code. */
function packText(out: UnitWriter, text: string): void {
  packUnsigned(out, text.length);
  for (let i = 0; i < text.length; i++) out.unit(text.charCodeAt(i));
}

/** A copy of `text` in one piece (a rope of concatenated parts is flattened when it is indexed). */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
