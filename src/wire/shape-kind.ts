import type { NormalizedSchema } from '@smithy/core/schema';

/** What a shape of the SDK's schema holds, as the wire reads and writes it (WR-1, WR-3). */
export type ShapeKind =
  | 'document' | 'structure' | 'list' | 'map' | 'timestamp' | 'blob' | 'boolean' | 'number' | 'string' | 'unknown';

/** The kind of `schema`; a big integer or decimal is a number to the wire. */
export function kindOf(schema: NormalizedSchema): ShapeKind {
  if (schema.isDocumentSchema()) return 'document';
  if (schema.isStructSchema()) return 'structure';
  if (schema.isListSchema()) return 'list';
  if (schema.isMapSchema()) return 'map';
  if (schema.isTimestampSchema()) return 'timestamp';
  if (schema.isBlobSchema()) return 'blob';
  if (schema.isBooleanSchema()) return 'boolean';
  if (schema.isNumericSchema() || schema.isBigIntegerSchema() || schema.isBigDecimalSchema()) return 'number';
  if (schema.isStringSchema()) return 'string';
  return 'unknown';
}
