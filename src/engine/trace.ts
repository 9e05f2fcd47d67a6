import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';

/** One line of the trace: what happened, at which virtual millisecond. */
export interface TraceEntry {
  /** Position in the trace, from 0. */
  readonly n: number;
  /** Virtual time in epoch milliseconds. */
  readonly t: number;
  /** `call` for an API call and its outcome, `change` for a state change, `event` for an emitted event. */
  readonly kind: 'call' | 'change' | 'event';
  readonly data: Record<string, unknown>;
}

/** How many entries a trace keeps in memory by default; the hash always covers every entry. */
export const TRACE_ENTRIES_KEPT_DEFAULT = 100_000;

/**
 * The ordered record of every API call with its outcome and every state change, with a running SHA-256 over the
 * canonical text of each line. Two runs with the same scenario, seed and calls have the same hash (DT-1).
 *
 * Only the most recent `keep` entries stay in memory so that long load tests stay bounded; the hash covers all.
 */
export class Trace {
  readonly #hash: Hash = createHash('sha256');
  readonly #entries: TraceEntry[] = [];
  readonly #keep: number;
  #count = 0;

  constructor(keep = TRACE_ENTRIES_KEPT_DEFAULT) {
    this.#keep = keep;
  }

  /** Number of entries recorded since the start. */
  get length(): number {
    return this.#count;
  }

  record(t: number, kind: TraceEntry['kind'], data: Record<string, unknown>): void {
    const entry: TraceEntry = { n: this.#count++, t, kind, data };
    this.#hash.update(canonicalJson(entry));
    this.#hash.update('\n');
    if (this.#keep === 0) return;
    // A ring buffer: dropping the oldest entry must not cost a copy of the whole window.
    this.#entries[entry.n % this.#keep] = entry;
  }

  /** The running hash over every entry so far, as hex. */
  digest(): string {
    return this.#hash.copy().digest('hex');
  }

  /** The entries still kept in memory, oldest first. */
  entries(): readonly TraceEntry[] {
    if (this.#count <= this.#keep) return this.#entries.slice();
    const split = this.#count % this.#keep;
    return [...this.#entries.slice(split), ...this.#entries.slice(0, split)];
  }

  /** The kept entries as JSON Lines, one canonical line per entry. */
  toJsonLines(): string {
    return this.entries().map((entry) => canonicalJson(entry) + '\n').join('');
  }
}
