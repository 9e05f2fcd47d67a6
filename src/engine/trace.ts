import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import { RingBuffer } from './ring-buffer.ts';

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
  /** Kept as the canonical lines that were hashed, so that what is read back is exactly what the hash covers. */
  readonly #lines: RingBuffer<string>;
  #sink: ((line: string, entry: TraceEntry) => void) | undefined;

  constructor(keep = TRACE_ENTRIES_KEPT_DEFAULT) {
    this.#lines = new RingBuffer(keep);
  }

  record(t: number, kind: TraceEntry['kind'], data: Record<string, unknown>): void {
    const entry: TraceEntry = { n: this.#lines.pushed, t, kind, data };
    const line = canonicalJson(entry) + '\n';
    this.#hash.update(line);
    this.#lines.push(line);
    this.#sink?.(line, entry);
  }

  /**
   * Hands every later entry, with its canonical line (newline included), to `sink`: how a run streams its whole trace
   * to a file or counts its calls without keeping entries in memory. One sink at a time; `undefined` removes it.
   */
  setSink(sink: ((line: string, entry: TraceEntry) => void) | undefined): void {
    this.#sink = sink;
  }

  /** The running hash over every entry so far, as hex. */
  digest(): string {
    return this.#hash.copy().digest('hex');
  }

  /** The entries still kept in memory, oldest first, read back from their canonical lines (dates as ISO strings). */
  entries(): readonly TraceEntry[] {
    return this.#lines.toArray().map((line) => JSON.parse(line) as TraceEntry);
  }

  /** The kept entries as JSON Lines: the very text the hash was computed over. */
  toJsonLines(): string {
    return this.#lines.toArray().join('');
  }
}
