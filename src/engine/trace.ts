import { createHash } from 'node:crypto';
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
export const HASH_BATCH_CHARS = 64 * 1024;
/** The hash chain's link before the first batch: 32 zero bytes. */
const CHAIN_START = Buffer.alloc(32).toString('hex');

/** Where a trace stands, as plain data, for a snapshot (DT-3): enough to go on numbering and hashing its lines. */
export interface TraceState {
  /** Lines recorded so far: the next line's `n`. */
  readonly lines: number;
  /** The hash chain's link after the last full batch, hex. */
  readonly chain: string;
  /** The lines recorded since that batch, not yet in the chain. */
  readonly pending: string;
}

/**
 * The ordered record of every API call with its outcome and every state change, with a running hash over the text
 * of each line. Two runs with the same scenario, seed and calls have the same hash in any process, time zone or
 * locale (DT-1).
 *
 * The hash is a chain of SHA-256 over batches of lines: a batch closes with the first line that brings it to
 * HASH_BATCH_CHARS, and the chain's next link is SHA-256(link ‖ batch). The digest is SHA-256(link ‖ open batch). The
 * batches are cut by the lines alone, never by when the digest is read, so the hash depends on the lines only; and
 * the whole running state is one link and the open batch, which a snapshot carries, where a hash object's internal
 * state could not be saved (DT-3).
 *
 * A line is `{"n":…,"t":…,"kind":…,"data":…}` in that fixed order, `data` as `JSON.stringify` writes it: in the
 * order the recording code built it, which is fixed by the code, so no generic canonical form is computed on the hot
 * path. Whoever records data a caller shaped (a request) puts it in canonical form first. Only the most recent
 * `keep` lines stay in memory, so that long load tests stay bounded; the hash covers all, and a sink sees all.
 */
export class Trace {
  readonly #hash: HashChain;
  /** Kept as the lines that were hashed, so that what is read back is exactly what the hash covers. */
  readonly #lines: RingBuffer<string>;
  #sink: TraceSink | undefined;

  /** A new trace, or one going on from `state` (its lines before are not kept). */
  constructor(keep = TRACE_ENTRIES_KEPT_DEFAULT, state?: TraceState) {
    this.#lines = new RingBuffer(keep, state?.lines ?? 0);
    this.#hash = new HashChain(state?.chain, state?.pending);
  }

  /** Where the trace stands, for a snapshot. */
  state(): TraceState {
    return { lines: this.#lines.pushed, chain: this.#hash.chain, pending: this.#hash.pending };
  }

  /** Sends every line recorded from now on to `sink` too (undefined: stop). */
  streamTo(sink: TraceSink | undefined): void {
    this.#sink = sink;
  }

  record(t: number, kind: TraceEntry['kind'], data: Record<string, unknown>): void {
    const line = `{"n":${this.#lines.pushed},"t":${t},"kind":"${kind}","data":${JSON.stringify(data)}}\n`;
    this.#hash.add(line);
    this.#lines.push(line);
    this.#sink?.(line);
  }

  /** The running hash over every entry so far, as hex. */
  digest(): string {
    return this.#hash.digest();
  }

  /** The entries still kept in memory, oldest first, read back from their lines (dates as ISO strings). */
  entries(): readonly TraceEntry[] {
    return this.#lines.toArray().map((line) => JSON.parse(line) as TraceEntry);
  }

  /** The kept entries as JSON Lines: the very text the hash was computed over. */
  toJsonLines(): string {
    return this.#lines.toArray().join('');
  }
}

/** The trace hash of `text`, lines as a trace writes them (each ending in a newline): a trace file checked (DT-1). */
export function traceDigestOf(text: string): string {
  const hash = new HashChain();
  for (const line of text.split(/(?<=\n)/)) if (line !== '') hash.add(line);
  return hash.digest();
}

/** The trace's hash chain over lines (see Trace): one link and the open batch. */
class HashChain {
  /** The link over every closed batch, hex. */
  chain: string;
  /** Lines of the open batch. */
  pending: string;

  constructor(chain = CHAIN_START, pending = '') {
    this.chain = chain;
    this.pending = pending;
  }

  add(line: string): void {
    this.pending += line;
    if (this.pending.length < HASH_BATCH_CHARS) return;
    this.chain = link(this.chain, this.pending);
    this.pending = '';
  }

  digest(): string {
    return link(this.chain, this.pending);
  }
}

/** The chain's next link: SHA-256 of the link before (its 32 bytes) and the batch's text, hex. */
function link(chain: string, batch: string): string {
  return createHash('sha256').update(Buffer.from(chain, 'hex')).update(batch).digest('hex');
}
