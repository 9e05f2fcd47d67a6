/**
 * Node's argument errors, as the functions the run replaces throw them: the same class, `code` and message, so a
 * client that tests `error.code` behaves the same in virtual time.
 */

/** How Node's messages show the value they received: `type string ('x')`, `an instance of Foo`, `null`. */
function received(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `function ${value.name}`;
  if (typeof value === 'object') return `an instance of ${(value.constructor as { name?: string } | undefined)?.name ?? 'Object'}`;
  const shown = typeof value === 'string' ? `'${value.length > 28 ? value.slice(0, 25) + '...' : value}'` : String(value);
  return `type ${typeof value} (${shown})`;
}

/** ERR_INVALID_ARG_TYPE: `name` (an argument, or an option when it has a dot) is not `expected`. */
export function invalidArgType(name: string, expected: string, value: unknown): TypeError {
  const what = name.includes('.') ? 'property' : 'argument';
  return Object.assign(new TypeError(`The "${name}" ${what} must be ${expected}. Received ${received(value)}`), { code: 'ERR_INVALID_ARG_TYPE' });
}

/** ERR_OUT_OF_RANGE: `name` is not within `range`. */
export function outOfRange(name: string, range: string, value: unknown): RangeError {
  return Object.assign(new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${String(value)}`), { code: 'ERR_OUT_OF_RANGE' });
}
