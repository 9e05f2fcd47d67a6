import type { Simulation } from '../api/simulation.ts';
import { installVirtualGlobals, realSetImmediate } from './globals.ts';
import { ClientTimers } from './timers.ts';

/** The longest virtual span one run may cover: 31 days, in seconds. */
export const CLIENT_RUN_SECONDS_MAX = 31 * 24 * 3600;

/**
 * The most steps one run may take (a step: settle every ready continuation, then fire one client timer or run the
 * simulation's events of one millisecond), so that a client and a simulation feeding each other forever fail
 * loudly instead of hanging (TIGER_STYLE).
 */
export const CLIENT_RUN_STEPS_MAX = 50_000_000;

/** When a run ends. */
export interface RunClientOptions {
  /**
   * Run this many seconds of virtual time, firing every client timer and simulation event due by then, and leave
   * the clock there, whether or not `fn` has settled (a matchmaker's polling loop may never return). Without it the
   * run ends as soon as `fn` settles, and fails if `fn` is left waiting on nothing (no timer, no simulation event).
   * At most {@link CLIENT_RUN_SECONDS_MAX}.
   */
  readonly forSeconds?: number;
  /**
   * How the run moves the simulation's clock: `sim.advanceTo` by default. It must not run client code (nothing it
   * runs may resolve a promise of the client's). A sampler that must stop at its own
   * instants on the way (the report's timeline) passes its own, which must end at `targetMs` like `sim.advanceTo`
   * and return how many simulation events ran.
   */
  readonly advanceTo?: (targetMs: number) => number;
  /**
   * What the code outside the simulation that ran since the run last asked (a client timer's callback, listeners an
   * event called) left behind, for a driver that can tell: `'nothing'`, or a promise that resolves once all it left
   * has run (a driver whose steps are synchronous between its calls can hold the promises of the calls' handlers).
   * Either spares the next step the real macrotask that `'unknown'`, the default, lets pass to settle every
   * continuation there is — most of the cost of a step that ran such code. Called once after each such step.
   */
  readonly leftBehind?: () => LeftBehind;
}

/** What a step's code outside the simulation left to run (see {@link RunClientOptions.leftBehind}). */
export type LeftBehind = 'nothing' | 'unknown' | PromiseLike<unknown>;

/**
 * The work a driver's handlers go on doing after its steps, for a driver that can tell what a step left (see
 * {@link RunClientOptions.leftBehind}): `add` each handler's promise as it starts, `take` after each step, `close` when
 * steps no longer ask. It counts the handlers still running rather than holding them: a day's run starts one per
 * lobby and per placement event, and a step waits on one promise for all of them, made only when some are running.
 *
 * A handler's rejection is the step's to report: the waiting step's promise rejects with it at once (as
 * `Promise.all` would), or the next `take` does. Once closed, no step will ask, so a rejection is left unhandled, which
 * ends the run as an uncounted handler's would.
 */
export class HandlerWork {
  #running = 0;
  #closed = false;
  /** The first rejection of a handler not yet reported by {@link take}. */
  #failure: { readonly error: unknown } | undefined;
  /**
   * The promise of the step waiting for the running handlers to end, and how to settle it: fields of their own, not an
   * object per wait, as a day's run waits about once per lobby.
   */
  #waiting: Promise<void> | undefined;
  #resolveWaiting: () => void = noop;
  #rejectWaiting: (error: unknown) => void = noop;

  readonly #ended = (): void => {
    if (--this.#running > 0 || this.#waiting === undefined) return;
    this.#waiting = undefined;
    this.#resolveWaiting();
  };

  readonly #failed = (error: unknown): void => {
    this.#running--;
    if (this.#closed) {
      void Promise.reject(error);
      return;
    }
    if (this.#waiting === undefined) {
      this.#failure ??= { error };
      return;
    }
    this.#waiting = undefined;
    this.#rejectWaiting(error);
  };

  add(work: Promise<unknown>): void {
    this.#running++;
    work.then(this.#ended, this.#failed);
  }

  /**
   * What the handlers left: `'nothing'` if none is running; else a promise that resolves once none is — those
   * running now and every handler their continuations start meanwhile (a continuation that makes a call can start
   * another) — so that the next step waits until none is left. It rejects with a handler's rejection, the first one
   * since the last take. Asked again before that promise settled, it gives the same promise.
   */
  take(): LeftBehind {
    const failure = this.#failure;
    if (failure !== undefined) {
      this.#failure = undefined;
      return Promise.reject(failure.error);
    }
    if (this.#running === 0) return 'nothing';
    this.#waiting ??= new Promise<void>((resolve, reject) => {
      this.#resolveWaiting = resolve;
      this.#rejectWaiting = reject;
    });
    return this.#waiting;
  }

  /** No step asks any more: a pending rejection, and any later one, is left unhandled. */
  close(): void {
    this.#closed = true;
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure !== undefined) void Promise.reject(failure.error);
  }
}

function noop(): void {}

/** How a run ended: what `fn` returned if it had settled, and the virtual time and timers left. */
export type ClientRunResult<T> = ({ readonly settled: true; readonly value: T } | { readonly settled: false }) & {
  /** Virtual time at the end of the run, epoch ms. */
  readonly endMs: number;
  /** Client timers still pending at the end: they never fire, as the run's virtual time is over. */
  readonly timersPending: number;
  /** Steps the run took (see {@link CLIENT_RUN_STEPS_MAX}). */
  readonly steps: number;
  /** Simulation events the run ran. */
  readonly eventsRun: number;
};

type Outcome<T> = { state: 'pending' } | { state: 'fulfilled'; value: T } | { state: 'rejected'; error: unknown };

/** The timers of the run in progress: one at a time, as the globals are the process's. */
let activeTimers: ClientTimers | undefined;

/** When the run in progress fires its next client timer, epoch ms; undefined outside a run or with none pending. */
export function nextClientTimerMs(): number | undefined {
  return activeTimers?.nextDueMs();
}

/**
 * A promise that resolves `ms` of virtual time from now, on the run in progress: how a transport holds back a
 * delayed response. Outside a run there is no virtual time to wait in, so it rejects.
 */
export function virtualDelay(ms: number): Promise<void> {
  const timers = activeTimers;
  if (timers === undefined) return Promise.reject(new Error('a response delay needs virtual time: make the call inside runClient'));
  return new Promise((resolve) => timers.schedule('timeout', resolve, ms, []));
}

/**
 * Runs client code — a matchmaker calling GameLift through `gameLiftClient(sim)`, polling with `setTimeout`,
 * backing off with `Math.random` jitter, naming tickets with `crypto.randomUUID` — in the simulation's virtual time.
 *
 * While it runs, timers, `Date`, `performance.now`, `process.hrtime`, `process.uptime`, `os.uptime`, `Math.random`,
 * `crypto.randomUUID`, and `node:crypto`'s random bytes follow virtual time and streams of the simulation's seed (see
 * {@link installVirtualGlobals}); all are restored when it ends, also when `fn` or one of its timers throws. Client
 * timers and simulation events share one timeline, as tokio's paused clock: every ready promise continuation runs first
 * (a real macrotask lets `await` chains settle, so `await client.send(...)` completes at the virtual instant it was
 * sent; a driver that knows what its code left can say so instead, see {@link RunClientOptions.leftBehind}), then the
 * clock jumps straight to the earliest client timer or simulation event. At a tie the simulation's events run first, so
 * that client code observes the service's state at an instant once it has settled; timers due together fire in the
 * order they were set. The same simulation, seed and client therefore give the same trace hash (DT-1).
 *
 * Resolves with what `fn` returned (when it settled), rejects with what `fn` or a timer callback threw. One run at a
 * time: the globals are the process's.
 */
export async function runClient<T>(sim: Simulation, fn: () => T | PromiseLike<T>, options: RunClientOptions = {}): Promise<ClientRunResult<T>> {
  const untilMs = untilOf(sim, options);
  if (activeTimers !== undefined) throw new Error('runClient: another run is in progress; the virtual globals are the process\'s, one run at a time');
  const timers = new ClientTimers(() => sim.nowMs);
  const restore = installVirtualGlobals({ nowMs: () => sim.nowMs, originMs: sim.nowMs, timers, random: sim.world.engine.random });
  activeTimers = timers;
  let stopListening = (): void => {};
  try {
    // A box, not a variable: the continuations below set it while the loop awaits.
    const fnState: { outcome: Outcome<T> } = { outcome: { state: 'pending' } };
    let thrown: { error: unknown } | undefined;
    // As an unhandled rejection ends a Node process (Node 15 on), one ends the run: a client's `void promise` that
    // rejects inside a timer callback is its bug, reported as the run's error rather than crashing the host.
    const onRejection = (reason: unknown): void => {
      thrown ??= { error: reason };
    };
    process.on('unhandledRejection', onRejection);
    stopListening = () => process.off('unhandledRejection', onRejection);
    new Promise<T>((resolve) => resolve(fn())).then(
      (value) => { fnState.outcome = { state: 'fulfilled', value }; },
      (error: unknown) => { fnState.outcome = { state: 'rejected', error }; },
    );
    const advanceTo = options.advanceTo ?? ((targetMs: number) => sim.advanceTo(targetMs));
    const leftBehind = options.leftBehind ?? ((): LeftBehind => 'unknown');
    let eventsRun = 0;
    let steps = 0;
    // What code outside the simulation left to run since the last settle: `fn` itself, to begin with.
    let left: LeftBehind = 'unknown';
    for (;; steps++) {
      if (steps > CLIENT_RUN_STEPS_MAX) throw new Error(`runClient: more than ${CLIENT_RUN_STEPS_MAX} steps in one run`);
      if (left === 'unknown') await settle();
      else if (left !== 'nothing') await left;
      if (thrown !== undefined) throw thrown.error;
      const { outcome } = fnState;
      if (outcome.state === 'rejected') throw outcome.error;
      if (outcome.state === 'fulfilled' && untilMs === undefined) break;
      const timerDueMs = timers.nextDueMs();
      const simDueMs = sim.world.engine.nextDueMs();
      const nextMs = Math.min(timerDueMs ?? Infinity, simDueMs ?? Infinity);
      if (nextMs === Infinity || (untilMs !== undefined && nextMs > untilMs)) {
        if (untilMs === undefined) {
          throw new Error('runClient: the client waits on nothing — no client timer and no simulation event is pending (give forSeconds to stop at a virtual time)');
        }
        eventsRun += advanceTo(untilMs);
        break;
      }
      const delivered = sim.world.deliveredCount;
      eventsRun += advanceTo(nextMs);
      if (simDueMs !== undefined && simDueMs <= nextMs) {
        // Events alone ran. Unless they called a listener, only the simulation's own code ran, which leaves no
        // continuation behind: the next step needs no macrotask (most events are of this kind).
        left = sim.world.deliveredCount === delivered ? 'nothing' : leftBehind();
        continue;
      }
      try {
        timers.fireNext();
      } catch (error) {
        // As an uncaught exception in a Node timer ends the process, one ends the run.
        thrown = { error };
      }
      left = leftBehind();
    }
    const end = { endMs: sim.nowMs, timersPending: timers.pending, steps, eventsRun };
    const { outcome } = fnState;
    return outcome.state === 'fulfilled' ? { settled: true, value: outcome.value, ...end } : { settled: false, ...end };
  } finally {
    stopListening();
    restore();
    activeTimers = undefined;
  }
}

function untilOf(sim: Simulation, options: RunClientOptions): number | undefined {
  const seconds = options.forSeconds;
  if (seconds === undefined) return undefined;
  if (!(seconds >= 0 && seconds <= CLIENT_RUN_SECONDS_MAX)) {
    throw new RangeError(`forSeconds must be in [0, ${CLIENT_RUN_SECONDS_MAX}], got ${seconds}`);
  }
  return sim.nowMs + Math.round(seconds * 1000);
}

/** One real macrotask: by the time it runs, every promise continuation queued before it has run. */
function settle(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}
