import { createHash, type Hash } from 'node:crypto';
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

/** Receives every trace line as it is recorded, JSON with its newline (for `--trace FILE`). */
export type TraceSink = (line: string) => void;

/** How many entries a trace keeps in memory by default; the hash always covers every entry. */
export const TRACE_ENTRIES_KEPT_DEFAULT = 100_000;
/** Characters of lines gathered before they go to the hash: one native call per batch, not per line. */
const HASH_BATCH_CHARS = 64 * 1024;

/**
 * The ordered record of every API call with its outcome and every state change, with a running SHA-256 over the text
 * of each line. Two runs with the same scenario, seed and calls have the same hash in any process, time zone or
 * locale (DT-1).
 *
 * A line is `{"n":…,"t":…,"kind":…,"data":…}` in that fixed order, `data` as `JSON.stringify` writes it: in the
 * order the recording code built it, which is fixed by the code, so no generic canonical form is computed on the hot
 * path. Whoever records data a caller shaped (a request) puts it in canonical form first. Only the most recent
 * `keep` lines stay in memory, so that long load tests stay bounded; the hash covers all, and a sink sees all.
 */
export class Trace {
  readonly #hash: Hash = createHash('sha256');
  /** Lines recorded but not yet hashed; hashing the concatenation equals hashing line by line. */
  #pending = '';
  /** Kept as the lines that were hashed, so that what is read back is exactly what the hash covers. */
  readonly #lines: RingBuffer<string>;
  #sink: TraceSink | undefined;

  constructor(keep = TRACE_ENTRIES_KEPT_DEFAULT) {
    this.#lines = new RingBuffer(keep);
  }

  /** Sends every line recorded from now on to `sink` too (undefined: stop). */
  streamTo(sink: TraceSink | undefined): void {
    this.#sink = sink;
  }

  record(t: number, kind: TraceEntry['kind'], data: Record<string, unknown>): void {
    const line = `{"n":${this.#lines.pushed},"t":${t},"kind":"${kind}","data":${JSON.stringify(data)}}\n`;
    this.#pending += line;
    if (this.#pending.length >= HASH_BATCH_CHARS) this.#flush();
    this.#lines.push(line);
    this.#sink?.(line);
  }

  /** The running hash over every entry so far, as hex. */
  digest(): string {
    this.#flush();
    return this.#hash.copy().digest('hex');
  }

  /** The entries still kept in memory, oldest first, read back from their lines (dates as ISO strings). */
  entries(): readonly TraceEntry[] {
    return this.#lines.toArray().map((line) => JSON.parse(line) as TraceEntry);
  }

  /** The kept entries as JSON Lines: the very text the hash was computed over. */
  toJsonLines(): string {
    return this.#lines.toArray().join('');
  }

  #flush(): void {
    if (this.#pending === '') return;
    this.#hash.update(this.#pending);
    this.#pending = '';
  }
}
