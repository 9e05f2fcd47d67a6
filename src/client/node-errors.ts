import { inspect } from 'node:util';

/**
 * Node's argument errors, as the functions the run replaces throw them: the same class, `code` and message, so a
 * client that tests `error.code` or shows the message behaves the same in virtual time.
 */

/** How Node's messages show the value they received: `type string ('x')`, `an instance of Foo`, `null`. */
function received(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function' && value.name !== '') return `function ${value.name}`;
  if (typeof value === 'object') {
    const name = (value.constructor as { name?: string } | undefined)?.name;
    return name ? `an instance of ${name}` : inspect(value, { depth: -1 });
  }
  const shown = inspect(value, { colors: false });
  return `type ${typeof value} (${shown.length > 28 ? `${shown.slice(0, 25)}...` : shown})`;
}

/** ERR_INVALID_ARG_TYPE: `name` (an argument, or an option when it has a dot) is not `expected`. */
export function invalidArgType(name: string, expected: string, value: unknown): TypeError {
  const what = name.includes('.') ? 'property' : 'argument';
  return Object.assign(new TypeError(`The "${name}" ${what} must be ${expected}. Received ${received(value)}`), { code: 'ERR_INVALID_ARG_TYPE' });
}

/** ERR_OUT_OF_RANGE: `name` is not within `range`; a large whole number is shown with `_` between its thousands. */
export function outOfRange(name: string, range: string, value: unknown): RangeError {
  const shown = typeof value === 'number' && Number.isInteger(value) && Math.abs(value) > 2 ** 32 ? withSeparators(String(value)) : inspect(value);
  return Object.assign(new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${shown}`), { code: 'ERR_OUT_OF_RANGE' });
}

function withSeparators(digits: string): string {
  let grouped = '';
  let i = digits.length;
  const start = digits.startsWith('-') ? 1 : 0;
  for (; i >= start + 4; i -= 3) grouped = `_${digits.slice(i - 3, i)}${grouped}`;
  return `${digits.slice(0, i)}${grouped}`;
}

/** Node's check of a number argument (`validateNumber`), optionally within bounds: the number, or the error. */
export function numberArgument(name: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (value < min || value > max || Number.isNaN(value)) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  return value;
}
