import nodeCrypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import nodeOs from 'node:os';
import nodeTimers from 'node:timers';
import nodeTimersPromises from 'node:timers/promises';
import { uuidFrom, type RandomStreams } from '../engine/random.ts';
import { abortSignalTimeout, promiseTimers } from './promise-timers.ts';
import { getRandomValues, nodeRandom } from './random-sources.ts';
import { invalidArgType, outOfRange } from './node-errors.ts';
import type { ClientTimers } from './timers.ts';

/** What the patched globals read: the virtual clock, the run's timers and its random streams. */
export interface VirtualEnvironment {
  /** Virtual time, epoch ms. */
  nowMs(): number;
  /** Virtual time at which the run began: `performance.now()` counts from it; it is `performance.timeOrigin`. */
  readonly originMs: number;
  readonly timers: ClientTimers;
  readonly random: RandomStreams;
}

/**
 * The real timer functions, taken when this module loads: the run loop waits on them (a real macrotask lets every
 * pending promise continuation settle), and nothing the client patches can reach them.
 */
export const realSetImmediate: typeof setImmediate = globalThis.setImmediate;

/** One property replaced during a run, and how to put it back exactly as it was (own or inherited). */
interface Patch {
  readonly target: object;
  readonly key: PropertyKey;
  readonly before: PropertyDescriptor | undefined;
}

/**
 * Replaces, on `globalThis`, `process` and Node's `node:crypto`, `node:os`, `node:timers` and `node:timers/promises`
 * modules (ESM named imports included, through `syncBuiltinESMExports`), the sources of time and randomness a client
 * reaches for: timers (callback and promise forms, `scheduler.wait` and `scheduler.yield` included),
 * `AbortSignal.timeout`, `Date`, `performance.now` and `performance.timeOrigin`, `process.hrtime`, `process.uptime`
 * and `os.uptime` (seconds since the run began: the process and its machine start with the run), `Math.random`,
 * `crypto.randomUUID`, `crypto.getRandomValues`, and
 * `node:crypto`'s `randomBytes` (with its old names), `randomFill`, `randomFillSync` and `randomInt`. Returns the
 * function that restores every one of them as it was, own property or inherited.
 *
 * Randomness draws from streams of the run's seed named `client/…` (DT-1): one per kind of source (`Math.random`,
 * `randomUUID`, `getRandomValues`, node:crypto's bytes, `randomInt`), so that a client that starts calling
 * `randomUUID` does not shift its `Math.random` draws.
 */
export function installVirtualGlobals(env: VirtualEnvironment): () => void {
  const patches: Patch[] = [];
  const patch = (target: object, key: PropertyKey, value: unknown): void => {
    patches.push({ target, key, before: Object.getOwnPropertyDescriptor(target, key) });
    Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
  };
  try {
    const timers = timerFunctions(env.timers);
    for (const target of [globalThis, nodeTimers]) {
      for (const [key, value] of Object.entries(timers)) patch(target, key, value);
    }
    const { wait, yield: yieldNow, ...promises } = promiseTimers(env.timers);
    for (const [key, value] of Object.entries(promises)) patch(nodeTimersPromises, key, value);
    patch(nodeTimersPromises.scheduler, 'wait', wait);
    patch(nodeTimersPromises.scheduler, 'yield', yieldNow);

    patch(AbortSignal, 'timeout', abortSignalTimeout(env.timers));

    patch(globalThis, 'Date', virtualDate(env));
    patch(globalThis.performance, 'now', () => env.nowMs() - env.originMs);
    // An own value over the prototype's getter, so that `timeOrigin + now()` is the virtual epoch time, as it is real time in Node.
    patch(globalThis.performance, 'timeOrigin', env.originMs);
    patch(process, 'hrtime', virtualHrtime(env));
    const uptime = (): number => (env.nowMs() - env.originMs) / 1000;
    patch(process, 'uptime', uptime);
    patch(nodeOs, 'uptime', uptime);

    const math = env.random.stream('client/Math.random');
    patch(Math, 'random', () => math.next());
    const uuids = env.random.stream('client/randomUUID');
    const randomUUID = (): string => uuidFrom(uuids);
    const bytes = env.random.stream('client/getRandomValues');
    patch(globalThis.crypto, 'randomUUID', randomUUID);
    patch(nodeCrypto, 'randomUUID', randomUUID);
    // node:crypto's getRandomValues is a fixed getter for a function that calls `webcrypto.getRandomValues`, the
    // method patched here: so both reach the seeded stream, and the one cannot be redefined anyway.
    patch(globalThis.crypto, 'getRandomValues', <T extends ArrayBufferView | null>(array: T): T => getRandomValues(bytes, array));
    const random = nodeRandom(env.random.stream('client/randomBytes'), env.random.stream('client/randomInt'), env.timers);
    for (const [key, value] of Object.entries(random)) patch(nodeCrypto, key, value);
    // Node's old names for randomBytes are the same function.
    for (const key of ['pseudoRandomBytes', 'prng', 'rng']) patch(nodeCrypto, key, random.randomBytes);
    syncBuiltinESMExports();
  } catch (error) {
    restore(patches);
    throw error;
  }
  return () => restore(patches);
}

function restore(patches: readonly Patch[]): void {
  for (const { target, key, before } of [...patches].reverse()) {
    if (before === undefined) Reflect.deleteProperty(target, key);
    else Object.defineProperty(target, key, before);
  }
  syncBuiltinESMExports();
}

function timerFunctions(timers: ClientTimers): Record<string, unknown> {
  return {
    setTimeout: (callback: unknown, delay?: unknown, ...args: unknown[]) => timers.schedule('timeout', callback, delay, args),
    setInterval: (callback: unknown, delay?: unknown, ...args: unknown[]) => timers.schedule('interval', callback, delay, args),
    setImmediate: (callback: unknown, ...args: unknown[]) => timers.schedule('immediate', callback, 0, args),
    clearTimeout: (handle: unknown) => timers.clear(handle),
    clearInterval: (handle: unknown) => timers.clear(handle),
    clearImmediate: (handle: unknown) => timers.clear(handle),
  };
}

/**
 * `process.hrtime` and `process.hrtime.bigint` in virtual time: nanoseconds since the run began (Node's origin is
 * arbitrary too), and `hrtime(previous)` the time since `previous`, with Node's check of that argument.
 */
function virtualHrtime(env: VirtualEnvironment): typeof process.hrtime {
  const nowNs = (): bigint => BigInt(Math.round((env.nowMs() - env.originMs) * 1e6));
  const hrtime = (previous?: [number, number]): [number, number] => {
    let ns = nowNs();
    if (previous !== undefined) {
      if (!Array.isArray(previous)) throw invalidArgType('time', 'an instance of Array', previous);
      if (previous.length !== 2) throw outOfRange('time', '2', previous.length);
      ns -= BigInt(previous[0]) * 1_000_000_000n + BigInt(previous[1]);
    }
    return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
  };
  return Object.assign(hrtime, { bigint: nowNs });
}

/**
 * A `Date` whose argument-less forms (`new Date()`, `Date()`, `Date.now()`) read virtual time; every other form is
 * the real constructor's. It shares the real prototype, so `instanceof Date` holds for dates made before, during and
 * after the run, and subclasses construct through it.
 */
function virtualDate(env: VirtualEnvironment): DateConstructor {
  const RealDate = Date;
  function VirtualDate(this: unknown, ...args: unknown[]): Date | string {
    if (new.target === undefined) return new RealDate(env.nowMs()).toString();
    // The common forms first, constructed directly: the simulation itself makes a Date per timestamp it answers with.
    if (new.target === VirtualDate && args.length <= 1) return args.length === 0 ? new RealDate(env.nowMs()) : new RealDate(args[0] as number);
    return Reflect.construct(RealDate, args.length === 0 ? [env.nowMs()] : args, new.target) as Date;
  }
  Object.defineProperties(VirtualDate, {
    prototype: { value: RealDate.prototype, writable: false },
    now: { value: () => env.nowMs(), writable: true, configurable: true },
    parse: { value: RealDate.parse.bind(RealDate), writable: true, configurable: true },
    UTC: { value: RealDate.UTC.bind(RealDate), writable: true, configurable: true },
  });
  return VirtualDate as unknown as DateConstructor;
}
