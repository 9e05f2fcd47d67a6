/**
 * Canonical JSON: object keys sorted, Dates as ISO-8601, undefined members dropped.
 *
 * The same value always gives the same text whatever the insertion order of its keys, the process, the time zone or
 * the locale, which is what makes traces and state hashes comparable byte for byte (DT-1).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

/**
 * `value` as plain data in canonical form (keys sorted, Dates as ISO-8601, undefined members dropped), ready for
 * `JSON.stringify`.
 */
export function canonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
    if (typeof value === 'bigint') return value.toString();
    return value;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonical(item)));
  if (value instanceof Uint8Array) return canonical(Buffer.from(value).toString('base64'));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined && typeof member !== 'function') out[key] = canonical(member);
  }
  return out;
}
