import { invalidArgType, outOfRange } from './node-errors.ts';
import type { ClientTimers } from './timers.ts';

/** The options `node:timers/promises` takes: an AbortSignal that cancels the wait, and `ref` (no effect in virtual time). */
interface WaitOptions {
  readonly signal?: AbortSignal;
  readonly ref?: boolean;
}

/** The error Node rejects an aborted wait with: `AbortError`, code `ABORT_ERR`, the signal's reason as its cause. */
class AbortError extends Error {
  readonly code = 'ABORT_ERR';

  constructor(signal: AbortSignal | undefined) {
    super('The operation was aborted', { cause: signal?.reason });
    this.name = 'AbortError';
  }
}

/** Node's checks of the options argument, in its order; the options, or what the call must throw or reject with. */
function optionsOf(options: unknown): WaitOptions {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  const { signal, ref = true } = options as { signal?: AbortSignal | null; ref?: unknown };
  // Node asks only for an object with `aborted`, so that a polyfilled AbortController's signal does too.
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw invalidArgType('options.signal', 'an instance of AbortSignal', signal);
  }
  if (typeof ref !== 'boolean') throw invalidArgType('options.ref', 'of type boolean', ref);
  if (signal?.aborted === true) throw new AbortError(signal);
  return { signal, ref };
}

/**
 * One timer of the run as a promise: it resolves with `value` when the timer fires, or rejects with an AbortError
 * (and clears the timer) when `signal` aborts first, as `node:timers/promises` does.
 */
function wait(timers: ClientTimers, kind: 'timeout' | 'immediate', delay: unknown, value: unknown, options: unknown): Promise<unknown> {
  let signal: AbortSignal | undefined;
  try {
    ({ signal } = optionsOf(options));
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      timers.clear(handle);
      reject(new AbortError(signal));
    };
    const handle = timers.schedule(kind, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    }, delay, []);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `setInterval` of `node:timers/promises`: an async iterator that yields `value` once per tick of a virtual interval,
 * every tick counted even when the consumer is slow, until the consumer stops (`break`, `return()`) or `signal`
 * aborts; the interval is cleared either way.
 */
async function* interval(timers: ClientTimers, delay: unknown, value: unknown, options: unknown): AsyncGenerator<unknown, void, unknown> {
  const { signal } = optionsOf(options);
  let ticks = 0;
  let wake: (() => void) | undefined;
  const handle = timers.schedule('interval', () => {
    ticks++;
    wake?.();
    wake = undefined;
  }, delay, []);
  const onAbort = (): void => {
    timers.clear(handle);
    wake?.();
    wake = undefined;
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    while (signal?.aborted !== true) {
      if (ticks === 0) await new Promise<void>((resolve) => { wake = resolve; });
      for (; ticks > 0; ticks--) yield value;
    }
    throw new AbortError(signal);
  } finally {
    timers.clear(handle);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The functions of `node:timers/promises` on the run's virtual timers: `setTimeout(delay, value, { signal })`,
 * `setImmediate(value, { signal })`, `setInterval(delay, value, { signal })` and the `scheduler`'s `wait(delay,
 * { signal })` and `yield()`, with Node's argument checks and its AbortError.
 */
export function promiseTimers(timers: ClientTimers): {
  setTimeout: (delay?: unknown, value?: unknown, options?: unknown) => Promise<unknown>;
  setImmediate: (value?: unknown, options?: unknown) => Promise<unknown>;
  setInterval: (delay?: unknown, value?: unknown, options?: unknown) => AsyncGenerator<unknown, void, unknown>;
  wait: (delay?: unknown, options?: unknown) => Promise<unknown>;
  yield: () => Promise<unknown>;
} {
  return {
    setTimeout: (delay, value, options = {}) => wait(timers, 'timeout', delay, value, options),
    setImmediate: (value, options = {}) => wait(timers, 'immediate', 0, value, options),
    setInterval: (delay, value, options = {}) => interval(timers, delay, value, options),
    wait: (delay, options = {}) => wait(timers, 'timeout', delay, undefined, options),
    yield: () => wait(timers, 'immediate', 0, undefined, {}),
  };
}

/**
 * `AbortSignal.timeout(delay)` on the run's virtual timers: a signal that aborts `delay` ms of virtual time from now
 * with a `TimeoutError` DOMException, as Node's does on the wall clock (which a run's clock outpaces).
 */
export function abortSignalTimeout(timers: ClientTimers): (delay: unknown) => AbortSignal {
  return (delay) => {
    if (typeof delay !== 'number') throw invalidArgType('delay', 'of type number', delay);
    if (!Number.isInteger(delay)) throw outOfRange('delay', 'an integer', delay);
    if (delay < 0 || delay > 2 ** 32 - 1) throw outOfRange('delay', `>= 0 && <= ${2 ** 32 - 1}`, delay);
    const controller = new AbortController();
    timers.schedule('timeout', () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), delay, []);
    return controller.signal;
  };
}
