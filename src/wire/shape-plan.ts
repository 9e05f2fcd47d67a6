import type { NormalizedSchema } from '@smithy/core/schema';

/** What a shape holds, as the codec reads and writes it (WR-1, WR-3). */
export type ShapeKind =
  | 'document' | 'structure' | 'list' | 'map' | 'timestamp' | 'blob' | 'boolean' | 'number' | 'string' | 'unknown';

/**
 * One shape of the SDK's schemas, resolved once: its kind, its members in model order, its item or value shape,
 * and whether it is sparse. Asking the SDK's NormalizedSchema for these on every request walked the schema again
 * per member (a new object per member per call), which cost more than the operation itself; a plan is built once
 * per shape and reused, lazily so that recursive shapes are only expanded as deep as some value goes.
 */
export class ShapePlan {
  readonly kind: ShapeKind;
  /** A list's or map's values may be null. */
  readonly sparse: boolean;
  /** The name the SDK's model gives the shape, for defect messages. */
  readonly name: string | undefined;
  readonly #schema: NormalizedSchema;
  #members: readonly (readonly [string, ShapePlan])[] | undefined;
  #value: ShapePlan | undefined;
  #memberNames: readonly string[] | undefined;
  #memberPlans: readonly ShapePlan[] | undefined;

  constructor(schema: NormalizedSchema) {
    this.#schema = schema;
    this.kind = kindOf(schema);
    this.sparse = (this.kind === 'list' || this.kind === 'map') && schema.getMergedTraits().sparse === 1;
    this.name = schema.getName(true);
  }

  /** A structure's members, in the model's order. */
  get members(): readonly (readonly [string, ShapePlan])[] {
    return (this.#members ??= [...this.#schema.structIterator()].map(([name, member]) => [name, new ShapePlan(member)] as const));
  }

  /** A structure's member names, in the model's order: {@link members} as two arrays, for the writer's hot loop. */
  get memberNames(): readonly string[] {
    return (this.#memberNames ??= this.members.map(([name]) => name));
  }

  /** The plans of {@link memberNames}, index for index. */
  get memberPlans(): readonly ShapePlan[] {
    return (this.#memberPlans ??= this.members.map(([, plan]) => plan));
  }

  /** A list's item shape or a map's value shape. */
  get value(): ShapePlan {
    return (this.#value ??= new ShapePlan(this.#schema.getValueSchema()));
  }
}

const plans = new WeakMap<NormalizedSchema, ShapePlan>();

/** The plan of `schema`, built on first use and kept for as long as the schema object lives. */
export function planOf(schema: NormalizedSchema): ShapePlan {
  let plan = plans.get(schema);
  if (plan === undefined) plans.set(schema, (plan = new ShapePlan(schema)));
  return plan;
}

function kindOf(schema: NormalizedSchema): ShapeKind {
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
