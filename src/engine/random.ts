import seedrandom from 'seedrandom';

/** One seeded stream of numbers in [0, 1). */
export interface RandomStream {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
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
    for (const [name, state] of Object.entries(states ?? {})) this.#streams.set(name, wrap(seedrandom.alea('', { state: state as seedrandom.State.Alea })));
  }

  /** The stream named `name`, created on first use. */
  stream(name: string): RandomStream {
    let stream = this.#streams.get(name);
    if (stream === undefined) {
      stream = wrap(seedrandom.alea(`${this.seed}/${name}`, { state: true }));
      this.#streams.set(name, stream);
    }
    return stream;
  }

  /**
   * A stream for the draws of one step, not kept: its state never outlives the step, so it is no part of the
   * simulation's state, and no other step's draws depend on how many this one made.
   */
  once(name: string): RandomStream {
    return wrap(seedrandom.alea(`${this.seed}/${name}`, { state: true }));
  }

  /** The state of every stream used so far, by name in sorted order: plain data, which the constructor takes back. */
  states(): Record<string, object> {
    const out: Record<string, object> = {};
    for (const name of [...this.#streams.keys()].sort()) out[name] = this.#streams.get(name)!.state();
    return out;
  }
}

function wrap(prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>): RandomStream {
  return {
    next: () => prng(),
    int: (min, max) => min + Math.floor(prng() * (max - min + 1)),
    state: () => prng.state(),
  };
}

/** The character codes of each byte's two hex digits, high then low. */
const HEX_CODES = Array.from({ length: 256 }, (_, byte) => [...byte.toString(16).padStart(2, '0')].map((c) => c.charCodeAt(0)));
const DASH = 0x2d;

/**
 * A version-4 UUID whose 122 random bits come from `stream`, after `prefix` when given (`psess-…`). Made from
 * character codes in one piece: as a concatenation, the id would be a rope that every map it keys flattens again.
 */
export function uuidFrom(stream: RandomStream, prefix = ''): string {
  const codes: number[] = [];
  for (let i = 0; i < prefix.length; i++) codes.push(prefix.charCodeAt(i));
  for (let i = 0; i < 16; i++) {
    let byte = Math.floor(stream.next() * 256);
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    if (i === 8) byte = (byte & 0x3f) | 0x80;
    if (i === 4 || i === 6 || i === 8 || i === 10) codes.push(DASH);
    const hex = HEX_CODES[byte]!;
    codes.push(hex[0]!, hex[1]!);
  }
  return String.fromCharCode(...codes);
}
