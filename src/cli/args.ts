import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PACKAGE_VERSION } from '../api/snapshot.ts';

/** The package's version, as `--version` and every header print it (and every snapshot names). */
export const VERSION: string = PACKAGE_VERSION;

/** A command line that cannot run as given: the message names the option or argument and what it takes (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseCommand} returns: option values by name, positionals, and whether help was asked for. */
export interface Parsed {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
  readonly help: boolean;
}

/**
 * Parses one command's options strictly with node's `util.parseArgs`, with `--help`/`-h` on every command. A value
 * that starts with a minus and a digit (`--seed -1`) is taken as the option's value, not as an option; parseArgs
 * alone would call it ambiguous. Throws {@link UsageError} naming the command and the option at fault.
 */
export function parseCommand(command: string, args: readonly string[], options: Options): Parsed {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    const next = args[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  try {
    const { values, positionals } = parseArgs({
      args: joined, strict: true, allowPositionals: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
    const { help, ...rest } = values as Record<string, string | boolean | undefined>;
    return { values: rest, positionals, help: help === true };
  } catch (error) {
    throw new UsageError(`${command}: ${usageMessage(error as Error & { code?: string })}`);
  }
}

/** parseArgs' message cut to its first sentence, which names the option; the rest suggests `--` for positionals. */
export function usageMessage(error: Error & { code?: string }): string {
  const first = error.message.split(/\.(?:\s|$)/)[0]!;
  return error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `${first}; see --help` : first;
}

/**
 * A seed as given on the command line: a decimal integer (negative too) becomes a number, so that `--seed 7` replays
 * a run seeded with 7 in code; anything else is a string seed.
 */
export function parseSeed(text: string): number | string {
  if (text === '') throw new UsageError('--seed must be an integer or a non-empty string, got ""');
  return /^-?\d{1,15}$/.test(text) ? Number(text) : text;
}

/** A whole number option, at least `min`. */
export function wholeNumber(text: string, option: string, min = 0): number {
  const n = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min)) throw new UsageError(`${option} must be a whole number${min > 0 ? ` ≥ ${min}` : ''}, got "${text}"`);
  return n;
}

/** `word` as one shell word: quoted when it holds anything a POSIX shell would split or expand. */
export function shellWord(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A command line that can be pasted back into a shell: `npx gamelift-sim <command> <args…>`. */
export function commandLine(words: readonly (string | number)[]): string {
  return ['npx', 'gamelift-sim', ...words.map((w) => shellWord(String(w)))].join(' ');
}

/** `text` on one line, its line breaks (and the indentation after them) made single spaces: how errors are printed. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
