import * as gamelift from '@aws-sdk/client-gamelift';
import { NormalizedSchema } from '@smithy/core/schema';
import type { StaticOperationSchema } from '@smithy/types';

/** An operation's input and output shapes, as the SDK's service model has them. */
export interface OperationShapes {
  readonly input: NormalizedSchema;
  readonly output: NormalizedSchema;
}

/** Smithy's static-schema tag for an operation: `[9, namespace, name, traits, input, output]`. */
const OPERATION_SCHEMA_TAG = 9;

const cache = new Map<string, OperationShapes | undefined>();

/**
 * The shapes of GameLift operation `operation`, read from the schemas that `@aws-sdk/client-gamelift` ships and
 * serializes with, so that the wire checks members exactly as the SDK writes them (WR-1) instead of keeping a
 * second, hand-written copy of the service model. Undefined when the SDK knows no such operation.
 */
export function operationShapes(operation: string): OperationShapes | undefined {
  if (cache.has(operation)) return cache.get(operation);
  const shapes = lookUp(operation);
  cache.set(operation, shapes);
  return shapes;
}

function lookUp(operation: string): OperationShapes | undefined {
  // The SDK exports every operation's schema as `<Operation>$`, next to the shapes' own schemas.
  const exported: Readonly<Record<string, unknown>> = gamelift;
  const key = `${operation}$`;
  if (!Object.hasOwn(exported, key)) return undefined;
  const schema = exported[key];
  if (!isOperationSchema(schema) || schema[2] !== operation) return undefined;
  return { input: NormalizedSchema.of(schema[4]), output: NormalizedSchema.of(schema[5]) };
}

function isOperationSchema(value: unknown): value is StaticOperationSchema {
  return Array.isArray(value) && value.length === 6 && value[0] === OPERATION_SCHEMA_TAG;
}
