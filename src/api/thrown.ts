/**
 * What was thrown, as text for a message: an Error's `Name: message`; anything else (code may throw a string, an
 * object, undefined) as `a non-Error value: <its text>`, where a value whose text cannot be had is named by its type.
 */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  return `a non-Error value: ${textOf(thrown)}`;
}

/** What was thrown, without an Error's name: its message, or {@link describeThrown}'s text for anything else. */
export function thrownMessage(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : describeThrown(thrown);
}

/** Why a file could not be read or written: the system's code (`ENOENT`), else what was thrown. */
export function whyFileFailed(thrown: unknown): string {
  return (thrown as NodeJS.ErrnoException | null)?.code ?? thrownMessage(thrown);
}

function textOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    // An object without a prototype, or whose toString throws.
    return `(${typeof value})`;
  }
}
