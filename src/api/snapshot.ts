import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeGraph, encodeGraph } from '../engine/graph-codec.ts';

/**
 * The snapshot format's version. Bump it with any change to what a snapshot holds or how it is written: a snapshot
 * of another format version is refused, never half read (DT-3).
 */
export const SNAPSHOT_FORMAT_VERSION = 6;

/** The package's version, which every snapshot names, so that a refusal can say which release wrote it. */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** What a snapshot's first line says: the format, its version, the release that wrote it, and its state's checksum. */
export interface SnapshotHeader {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly formatVersion: number;
  readonly packageVersion: string;
  /** SHA-256 of the bytes after the header's line, hex: a snapshot changed or cut short since is refused. */
  readonly sha256: string;
}

/** The first line's `format`: says what the file is to someone who opens it with `head -1`. */
const SNAPSHOT_FORMAT = 'gamelift-sim snapshot';
/** A SHA-256 digest's length in hex, as a placeholder. */
const SHA256_HEX_ZERO = '0'.repeat(64);
/** How far into the bytes the header's newline must come: a longer first line is no snapshot's. */
const HEADER_BYTES_MAX = 1024;

/** A snapshot that cannot be restored: not a snapshot, another format version, or damaged. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

/**
 * `state` as snapshot bytes: the header as one line of JSON, then the state as one line of graph-codec JSON
 * (src/engine/graph-codec.ts). Plain UTF-8 without compression, so that the same state gives the same bytes on any
 * machine: deflate's output may differ between zlib builds and CPUs. Compress the file if size matters.
 */
export function writeSnapshot(state: unknown): Uint8Array {
  const body = `${encodeGraph(state)}\n`;
  const headerLine = (sha256: string): string => {
    const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, formatVersion: SNAPSHOT_FORMAT_VERSION, packageVersion: PACKAGE_VERSION, sha256 };
    return `${JSON.stringify(header)}\n`;
  };
  // One buffer for both, the body written first and hashed as bytes (58 ms for a day's 90 MB, where hashing the
  // string took 150 ms), then the header before it: a digest is always 64 hex digits, so the header's length is known.
  const headerBytes = Buffer.byteLength(headerLine(SHA256_HEX_ZERO));
  const bytes = Buffer.allocUnsafe(headerBytes + Buffer.byteLength(body));
  bytes.write(body, headerBytes);
  bytes.write(headerLine(sha256(bytes.subarray(headerBytes))), 0);
  return bytes;
}

/**
 * The state `writeSnapshot` wrote into `bytes`. Refuses, with a SnapshotError saying why, bytes that are not a
 * snapshot, a snapshot of another format version (naming both versions and the release that wrote it), and a
 * damaged one.
 */
export function readSnapshot(bytes: Uint8Array): unknown {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const newline = buffer.subarray(0, HEADER_BYTES_MAX).indexOf(0x0a);
  const header = newline < 0 ? undefined : parseHeader(buffer.subarray(0, newline).toString('utf8'));
  if (header === undefined) throw new SnapshotError(`not a gamelift-sim snapshot: the first line is not a "${SNAPSHOT_FORMAT}" header`);
  if (header.formatVersion !== SNAPSHOT_FORMAT_VERSION) {
    throw new SnapshotError(
      `snapshot format version ${header.formatVersion} (written by gamelift-sim ${header.packageVersion}) cannot be restored: ` +
      `gamelift-sim ${PACKAGE_VERSION} reads format version ${SNAPSHOT_FORMAT_VERSION} only`,
    );
  }
  const body = buffer.subarray(newline + 1);
  // The state is read back only as it was written: an edit could leave state that decodes yet breaks the world's
  // invariants (a status no rule allows, a count that disagrees with its sessions), which nothing downstream checks.
  if (typeof header.sha256 !== 'string') throw new SnapshotError('the snapshot is damaged: its header has no sha256 of its state');
  const actual = sha256(body);
  if (actual !== header.sha256) {
    throw new SnapshotError(`the snapshot is damaged or was edited: its state's SHA-256 is ${actual.slice(0, 16)}…, its header says ${header.sha256.slice(0, 16)}…`);
  }
  try {
    return decodeGraph(body.toString('utf8'));
  } catch (error) {
    throw new SnapshotError(`the snapshot is damaged: ${(error as Error).message}`);
  }
}

function parseHeader(line: string): SnapshotHeader | undefined {
  try {
    const header = JSON.parse(line) as Partial<SnapshotHeader> | null;
    const valid = header?.format === SNAPSHOT_FORMAT && Number.isSafeInteger(header.formatVersion) && typeof header.packageVersion === 'string';
    return valid ? (header as SnapshotHeader) : undefined;
  } catch {
    return undefined;
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
