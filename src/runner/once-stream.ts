import type { RandomStream } from '../engine/random.ts';

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

/**
 * The stream `new RandomStreams(seed).once(name)` gives — the same numbers, draw for draw — made as one small object
 * instead of seedrandom's Alea with its closures: the load driver makes one per arriving lobby, some two million in a
 * day's run. Baagøe's Alea, seeded as seedrandom seeds it (Mash over `' '` three times, then over the seed three
 * times); a test holds it to the engine's streams for any seed and name.
 */
export class OnceStream implements RandomStream {
  #s0: number;
  #s1: number;
  #s2: number;
  #c = 1;

  constructor(seed: number | string, name: string) {
    const key = `${seed}/${name}`;
    let n = mashString(SPACES.n, key);
    this.#s0 = wrapUnit(SPACES.s[0] - (n >>> 0) * TWO_POW_MINUS_32);
    n = mashString(n, key);
    this.#s1 = wrapUnit(SPACES.s[1] - (n >>> 0) * TWO_POW_MINUS_32);
    n = mashString(n, key);
    this.#s2 = wrapUnit(SPACES.s[2] - (n >>> 0) * TWO_POW_MINUS_32);
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

  /** As seedrandom's Alea shows its state. */
  state(): object {
    return { c: this.#c, s0: this.#s0, s1: this.#s1, s2: this.#s2 };
  }
}

/** Alea's seeding keeps each state word in [0, 1): a difference below 0 wraps around. */
function wrapUnit(s: number): number {
  return s < 0 ? s + 1 : s;
}
