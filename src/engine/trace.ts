import { createHash } from 'node:crypto';
import { decodeValue, RecordWriter, type PairsShape, type RecordScalar, type RecordShape } from './record-codec.ts';
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
/** Bytes of records (UTF-8) gathered before they go to the hash: one native call per batch, not per record. */
const HASH_BATCH_BYTES = 64 * 1024;
/** Room for a batch and the record that closes it; a record too large for it makes the buffer larger for a while. */
const BATCH_BUFFER_BYTES = 2 * HASH_BATCH_BYTES;
/** The hash chain's link before the first batch: 32 zero bytes, hex. */
const CHAIN_START = '0'.repeat(64);

/** Where a trace stands, as plain data, for a snapshot (DT-3): enough to go on numbering and hashing its records. */
export interface TraceState {
  /** Records so far: the next record's `n`. */
  readonly lines: number;
  /** The hash chain's link after the last closed batch, hex. */
  readonly chain: string;
  /** The records since that batch, not yet in the chain, as text. */
  readonly pending: string;
}

/** A record's kind as the first character of its text (and its code). */
const KIND_TAGS = { call: 'C', change: 'S', event: 'E' } as const satisfies Record<TraceEntry['kind'], string>;
const KIND_CODES: Readonly<Record<TraceEntry['kind'], number>> = {
  call: KIND_TAGS.call.charCodeAt(0), change: KIND_TAGS.change.charCodeAt(0), event: KIND_TAGS.event.charCodeAt(0),
};
const KINDS_BY_TAG: Readonly<Record<string, TraceEntry['kind']>> = { [KIND_TAGS.call]: 'call', [KIND_TAGS.change]: 'change', [KIND_TAGS.event]: 'event' };

/**
 * The ordered record of every API call with its outcome and every state change, with a running hash over them. Two
 * runs with the same scenario, seed and calls have the same hash in any process, time zone or locale (DT-1).
 *
 * A record is hashed and kept as compact text (src/engine/record-codec.ts): its kind's tag, its time, `;`, then its
 * data, written in the order the recording code built it (a `CallerShaped` part with its keys sorted), with no
 * JSON and no escaping on the hot path. The JSON lines `{"n":…,"t":…,"kind":…,"data":…}` are read back from that text
 * only when someone asks: a sink (`--trace FILE`), `entries()` or `toJsonLines()`.
 *
 * The hash is a chain of SHA-256 over batches of records: a batch closes with the first record that brings it to
 * HASH_BATCH_BYTES of UTF-8, and the next link is SHA-256(link ‖ batch); the digest is SHA-256(link ‖ open batch).
 * Batches are cut by the records alone, never by when the digest is read, so the hash depends on the records only,
 * and the whole running state is the link and the open batch, which a snapshot can carry (DT-3). Each record goes
 * into the batch's bytes as it is made, while its text is fresh: kept as strings until the batch closed, a batch's
 * records outlived the young generation and were read back from all over the heap.
 *
 * Only the most recent `keep` records stay in memory, so that long load tests stay bounded; the hash covers all, and
 * a sink sees all.
 */
export class Trace {
  /** The chain's link over every closed batch, hex. */
  #chain = CHAIN_START;
  /** The open batch: its records as UTF-8. */
  readonly #batch = new RecordWriter(BATCH_BUFFER_BYTES);
  /** Kept as the text that was hashed, so that what is read back is exactly what the hash covers. */
  readonly #records: RingBuffer<string>;
  #sink: TraceSink | undefined;

  /** A new trace, or one going on from `state` (its records before are not kept). */
  constructor(keep = TRACE_ENTRIES_KEPT_DEFAULT, state?: TraceState) {
    this.#records = new RingBuffer(keep, state?.lines ?? 0);
    if (state !== undefined) {
      this.#chain = state.chain;
      this.#batch.chars(state.pending);
    }
  }

  /** How many records the trace holds so far: the next record's `n`. */
  get recorded(): number {
    return this.#records.pushed;
  }

  /** Where the trace stands, for a snapshot. */
  state(): TraceState {
    return { lines: this.#records.pushed, chain: this.#chain, pending: this.#batch.text(0, this.#batch.length) };
  }

  /** Sends every line recorded from now on to `sink` too, as JSON (undefined: stop). */
  streamTo(sink: TraceSink | undefined): void {
    this.#sink = sink;
  }

  record(t: number, kind: TraceEntry['kind'], data: object): void {
    this.#write(t, kind, data, undefined);
  }

  /** Records a state change: the record of `{ what, ...data }`, written without making that object. */
  recordChange(t: number, what: string, data: object): void {
    this.#write(t, 'change', data, what);
  }

  /** Records a frequent record of a fixed shape from its members' values, one per member (see {@link RecordShape}). */
  recordShaped(t: number, kind: TraceEntry['kind'], shape: RecordShape<1>, a: RecordScalar): void;
  recordShaped(t: number, kind: TraceEntry['kind'], shape: RecordShape<2>, a: RecordScalar, b: RecordScalar): void;
  recordShaped(t: number, kind: TraceEntry['kind'], shape: RecordShape<3>, a: RecordScalar, b: RecordScalar, c: RecordScalar): void;
  recordShaped(t: number, kind: TraceEntry['kind'], shape: RecordShape, a: RecordScalar, b?: RecordScalar, c?: RecordScalar): void {
    const start = this.#batch.length;
    try {
      this.#batch.tagged(KIND_CODES[kind], t);
      this.#batch.shaped(shape, a, b, c);
    } catch (error) {
      this.#dropFrom(start, error);
    }
    this.#close(start);
  }

  /** Records a frequent change that lists pairs from its values (see {@link PairsShape}). */
  recordPairs<A extends string, B extends string>(
    t: number,
    shape: PairsShape<A, B>,
    value: string,
    items: readonly Readonly<Record<A | B, string>>[],
    numbers?: readonly (number | undefined)[],
  ): void {
    const start = this.#batch.length;
    try {
      this.#batch.tagged(KIND_CODES.change, t);
      this.#batch.pairs(shape, value, items, numbers);
    } catch (error) {
      this.#dropFrom(start, error);
    }
    this.#close(start);
  }

  #write(t: number, kind: TraceEntry['kind'], data: object, what: string | undefined): void {
    const batch = this.#batch;
    const start = batch.length;
    try {
      batch.tagged(KIND_CODES[kind], t);
      if (what === undefined) batch.value(data);
      else batch.change(what, data);
    } catch (error) {
      this.#dropFrom(start, error);
    }
    this.#close(start);
  }

  /** A record that could not be written whole (a value that cannot be recorded: an invalid Date) leaves no part behind. */
  #dropFrom(start: number, error: unknown): never {
    this.#batch.truncate(start);
    throw error;
  }

  /** Numbers, keeps and hashes the record written from `start` on. */
  #close(start: number): void {
    const batch = this.#batch;
    const n = this.#records.pushed;
    if (this.#records.capacity > 0 || this.#sink !== undefined) {
      const text = batch.text(start, batch.length);
      this.#records.push(text);
      this.#sink?.(jsonLine(entryOf(n, text)));
    } else {
      this.#records.push('');
    }
    if (batch.length >= HASH_BATCH_BYTES) {
      this.#chain = link(this.#chain, batch.bytes(0, batch.length));
      batch.reset(BATCH_BUFFER_BYTES);
    }
  }

  /** The running hash over every entry so far, as hex. */
  digest(): string {
    return link(this.#chain, this.#batch.bytes(0, this.#batch.length));
  }

  /** The entries still kept in memory, oldest first, read back from their records (dates as ISO strings). */
  entries(): readonly TraceEntry[] {
    const records = this.#records.toArray();
    const first = this.#records.pushed - records.length;
    return records.map((text, i) => entryOf(first + i, text));
  }

  /** The kept entries as JSON Lines, as a sink received them. */
  toJsonLines(): string {
    return this.entries().map(jsonLine).join('');
  }
}

/** The chain's next link: SHA-256 of the link before (its 32 bytes) and the batch's bytes, hex. */
function link(chain: string, batch: Uint8Array): string {
  return createHash('sha256').update(Buffer.from(chain, 'hex')).update(batch).digest('hex');
}

/** The `n`-th entry, read back from its record's text. */
function entryOf(n: number, text: string): TraceEntry {
  const kind = KINDS_BY_TAG[text[0]!]!;
  const end = text.indexOf(';');
  return { n, t: Number(text.slice(1, end)), kind, data: decodeValue(text.slice(end + 1)) as Record<string, unknown> };
}

function jsonLine(entry: TraceEntry): string {
  return `{"n":${entry.n},"t":${entry.t},"kind":"${entry.kind}","data":${JSON.stringify(entry.data)}}\n`;
}
