/**
 * How one wire format carries the values JSON cannot hold natively: timestamps and blobs. Everything else (strings,
 * numbers, booleans, lists, maps, structures) reads and writes the same in AWS JSON 1.1 and RPC v2 CBOR.
 */
export interface Dialect {
  /** The timestamp `value` carries, or undefined when it carries none. */
  readTimestamp(value: unknown): Date | undefined;
  writeTimestamp(date: Date): unknown;
  /** The bytes `value` carries, or undefined when it carries none. */
  readBlob(value: unknown): Uint8Array | undefined;
  writeBlob(bytes: Uint8Array): unknown;
  /**
   * Whether null items of dense lists and maps are left out rather than refused: the SDK's serializer leaves them out
   * before a request reaches the wire, so a dialect that reads the SDK's input objects in-process does the same.
   */
  readonly dropsNullItems?: boolean;
}

/** ECMAScript's Date range: ±100,000,000 days around the epoch. */
const DATE_MS_MAX = 8.64e15;

/** `seconds` since the epoch as a Date, rounded to the millisecond the simulator's clock counts in. */
export function dateOfEpochSeconds(seconds: number): Date | undefined {
  const ms = Math.round(seconds * 1000);
  return Number.isFinite(ms) && Math.abs(ms) <= DATE_MS_MAX ? new Date(ms) : undefined;
}

/** A Date as epoch seconds with a millisecond fraction (WR-3: `1469498468.057`). */
export function epochSecondsOf(date: Date): number {
  return date.getTime() / 1000;
}
