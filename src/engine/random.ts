/** One seeded stream of numbers in [0, 1). */
export interface RandomStream {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /**
   * `count` draws, each made a byte (`Math.floor(next() * 256)`), into `out` from index 0: the bytes that many calls
   * of {@link next} would give, and the stream goes on from where they would leave it.
   */
  bytes(out: Uint8Array, count: number): void;
  /** The generator's internal state, for hashing the simulation state. */
  state(): object;
}

/**
 * Random streams derived from (run seed, stable name).
 *
 * Every consumer draws from its own named stream, so removing one step while shrinking a failing run does not
 * reshuffle the draws of every later, unrelated step (FoundationDB / VOPR style). No stream ever reads an
 * unseeded source (DT-2).
 */
export class RandomStreams {
  readonly seed: string;
  readonly #streams = new Map<string, RandomStream>();

  /** Streams for `seed`; with `states`, each named stream goes on from the state `states()` gave for it (DT-3). */
  constructor(seed: number | string, states?: Readonly<Record<string, object>>) {
    this.seed = String(seed);
    for (const [name, state] of Object.entries(states ?? {})) this.#streams.set(name, AleaStream.resume(state as AleaState));
  }

  /** The stream named `name`, created on first use. */
  stream(name: string): RandomStream {
    let stream = this.#streams.get(name);
    if (stream === undefined) {
      stream = new AleaStream(`${this.seed}/${name}`);
      this.#streams.set(name, stream);
    }
    return stream;
  }

  /**
   * A stream for the draws of one step, not kept: its state never outlives the step, so it is no part of the
   * simulation's state, and no other step's draws depend on how many this one made.
   */
  once(name: string): RandomStream {
    return new AleaStream(`${this.seed}/${name}`);
  }

  /** The state of every stream used so far, by name in sorted order: plain data, which the constructor takes back. */
  states(): Record<string, object> {
    const out: Record<string, object> = {};
    // Defined, not assigned: a stream named "__proto__" is a stream like any other.
    for (const name of [...this.#streams.keys()].sort()) {
      Object.defineProperty(out, name, { value: this.#streams.get(name)!.state(), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
}

/** 2^-32: Alea's and Mash's scale from 32-bit integers to [0, 1). */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** One step of Baagøe's Mash hash: the state `n` after mashing in one UTF-16 code unit. */
function mashStep(n: number, code: number): number {
  n += code;
  let h = 0.02519603282416938 * n;
  n = h >>> 0;
  h -= n;
  h *= n;
  n = h >>> 0;
  h -= n;
  return n + h * 0x100000000;
}

/** Mash's state after mashing in every UTF-16 code unit of `data`, from state `n`. */
function mashString(n: number, data: string): number {
  for (let i = 0; i < data.length; i++) n = mashStep(n, data.charCodeAt(i));
  return n;
}

/**
 * Alea's seeding begins by mashing `' '` three times from Mash's starting state: the same three results, and the same
 * state to go on from, whatever the seed.
 */
const SPACES = ((): { readonly n: number; readonly s: readonly [number, number, number] } => {
  const s: number[] = [];
  let n = 0xefc8249d;
  for (let i = 0; i < 3; i++) {
    n = mashStep(n, 0x20);
    s.push((n >>> 0) * TWO_POW_MINUS_32);
  }
  return { n, s: [s[0]!, s[1]!, s[2]!] };
})();

/** An Alea generator's whole state, as seedrandom shows it (and snapshots hold it). */
interface AleaState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

/**
 * A stream: Baagøe's Alea, seeded as seedrandom's `alea(key)` seeds it (Mash over `' '` three times, then over the
 * key three times), so it draws what seedrandom's draws, number for number, and shows the same state; a test holds
 * the two equal for any key. One small object instead of seedrandom's generator and its closures: the load driver
 * makes one per arriving lobby, some two million in a day's run.
 */
class AleaStream implements RandomStream {
  // The state words start as NaN, which the constructor replaces: a field declared without a value starts undefined,
  // and V8 then keeps it as a reference to a boxed number, so that every draw boxed a new number for each word it
  // stored (16 B a draw, 256 B a UUID). Begun as a double, a field holds its double in place.
  #s0 = NaN;
  #s1 = NaN;
  #s2 = NaN;
  /** A small integer: below 2091639 + 1, the largest `t | 0` can be. */
  #c = 1;

  constructor(key: string) {
    let n = mashString(SPACES.n, key);
    this.#s0 = wrapUnit(SPACES.s[0] - (n >>> 0) * TWO_POW_MINUS_32);
    n = mashString(n, key);
    this.#s1 = wrapUnit(SPACES.s[1] - (n >>> 0) * TWO_POW_MINUS_32);
    n = mashString(n, key);
    this.#s2 = wrapUnit(SPACES.s[2] - (n >>> 0) * TWO_POW_MINUS_32);
  }

  /** The stream whose `state()` was `state`, going on from there (DT-3). */
  static resume(state: AleaState): AleaStream {
    const stream = new AleaStream('');
    stream.#c = state.c;
    stream.#s0 = state.s0;
    stream.#s1 = state.s1;
    stream.#s2 = state.s2;
    return stream;
  }

  next(): number {
    const t = 2091639 * this.#s0 + this.#c * TWO_POW_MINUS_32;
    this.#s0 = this.#s1;
    this.#s1 = this.#s2;
    this.#c = t | 0;
    return (this.#s2 = t - this.#c);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** {@link next}'s steps with the state in locals, written back once: a UUID's 16 draws without a call or a store each. */
  bytes(out: Uint8Array, count: number): void {
    let s0 = this.#s0;
    let s1 = this.#s1;
    let s2 = this.#s2;
    let c = this.#c;
    for (let i = 0; i < count; i++) {
      const t = 2091639 * s0 + c * TWO_POW_MINUS_32;
      s0 = s1;
      s1 = s2;
      c = t | 0;
      s2 = t - c;
      out[i] = Math.floor(s2 * 256);
    }
    this.#s0 = s0;
    this.#s1 = s1;
    this.#s2 = s2;
    this.#c = c;
  }

  /** As seedrandom's Alea shows its state. */
  state(): AleaState {
    return { c: this.#c, s0: this.#s0, s1: this.#s1, s2: this.#s2 };
  }
}

/** Alea's seeding keeps each state word in [0, 1): a difference below 0 wraps around. */
function wrapUnit(s: number): number {
  return s < 0 ? s + 1 : s;
}

/** The character codes of each byte's two hex digits: the high digit's at 2 × byte, the low digit's after it. */
const HEX_CODES = Uint8Array.from({ length: 512 }, (_, i) => byteHex(i >> 1).charCodeAt(i & 1));
const DASH = 0x2d;
const UUID_BYTES = 16;
/** Where each byte's two hex digits go in a UUID's text: the dashes stand at 8, 13, 18 and 23. */
const UUID_DIGITS_AT: Uint8Array = Uint8Array.from({ length: UUID_BYTES }, (_, i) => 2 * i + (i >= 4 ? 1 : 0) + (i >= 6 ? 1 : 0) + (i >= 8 ? 1 : 0) + (i >= 10 ? 1 : 0));
const UUID_DASHES_AT: readonly number[] = [8, 13, 18, 23];
/** Characters of a UUID: two hex digits a byte and four dashes. */
const UUID_CHARS = 2 * UUID_BYTES + UUID_DASHES_AT.length;
/** A UUID's bytes as drawn: one buffer, used by one call at a time (a call runs to its end without a pause). */
const UUID_SCRATCH = new Uint8Array(UUID_BYTES);
/** The longest prefix a UUID is made after: the ids' are six characters. */
const UUID_PREFIX_CHARS_MAX = 32;

/** The character codes of a prefixed UUID, as the last call with that prefix's length wrote them. */
interface UuidCodes {
  readonly codes: number[];
  /** The prefix at the start of `codes`: a call with the same one leaves it, and the dashes, as they are. */
  prefix: string;
}

/**
 * One array of character codes for each length of prefix (at most UUID_PREFIX_CHARS_MAX + 1 of them; a handful in a
 * program: ids are made with a few constant prefixes), reused: as an array grown by a push a character, three were
 * made and thrown away for every id.
 */
const CODES_BY_LENGTH: (UuidCodes | undefined)[] = [];

/**
 * A version-4 UUID whose 122 random bits come from `stream`, after `prefix` when given (`psess-…`). Made from
 * character codes in one piece: as a concatenation, the id would be a rope that every map it keys flattens again.
 */
export function uuidFrom(stream: RandomStream, prefix = ''): string {
  if (prefix.length > UUID_PREFIX_CHARS_MAX) throw new RangeError(`a UUID's prefix is at most ${UUID_PREFIX_CHARS_MAX} characters, got ${prefix.length}`);
  const at = prefix.length;
  let made = CODES_BY_LENGTH[at];
  if (made === undefined) {
    const codes = new Array<number>(at + UUID_CHARS).fill(0);
    for (const dash of UUID_DASHES_AT) codes[at + dash] = DASH;
    CODES_BY_LENGTH[at] = made = { codes, prefix: '' };
  }
  const codes = made.codes;
  if (made.prefix !== prefix) {
    for (let i = 0; i < at; i++) codes[i] = prefix.charCodeAt(i);
    made.prefix = prefix;
  }
  const bytes = UUID_SCRATCH;
  stream.bytes(bytes, UUID_BYTES);
  // The version (4) and the variant (10xx) bits.
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  for (let i = 0; i < UUID_BYTES; i++) {
    const hex = 2 * bytes[i]!;
    const to = at + UUID_DIGITS_AT[i]!;
    codes[to] = HEX_CODES[hex]!;
    codes[to + 1] = HEX_CODES[hex + 1]!;
  }
  return String.fromCharCode.apply(null, codes);
}

/** A byte as two lower-case hex digits. */
function byteHex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
