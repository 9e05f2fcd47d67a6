import { EventQueue } from '../engine/event-queue.ts';

/** Node's largest timer delay (2^31 − 1 ms); a longer or invalid delay becomes 1 ms, as in Node. */
export const TIMER_DELAY_MS_MAX = 2_147_483_647;

/**
 * How many cleared timers may wait in the heap beyond the live ones before it is rebuilt without them: cleared timers
 * are dropped lazily (O(1) to clear), and the rebuild, O(n log n) for n live timers, happens at most once per n
 * clears, so clearing stays O(log n) amortized and the heap never holds more than twice the live timers plus this.
 */
export const CLEARED_TIMERS_KEPT_MAX = 1024;

/** What a client's callback is scheduled as. */
type Kind = 'timeout' | 'interval' | 'immediate';

/** One pending client timer, as the heap holds it. */
interface Entry {
  readonly handle: TimerHandle;
  readonly kind: Kind;
  readonly callback: (...args: unknown[]) => void;
  readonly args: readonly unknown[];
  /** Repeat period of an interval; the delay a `refresh()` restarts from. */
  readonly delayMs: number;
  /** Whether this heap entry is still the timer's current one (false once cleared, refreshed or fired). */
  live: boolean;
}

/**
 * What `setTimeout`, `setInterval` and `setImmediate` return during a run: shaped like Node's `Timeout` and
 * `Immediate` (`ref`, `unref`, `hasRef`, `refresh`, and a numeric primitive), so code written for Node runs unchanged.
 * `ref`/`unref` change nothing: in virtual time no timer keeps a process alive.
 */
export class TimerHandle {
  readonly #timers: ClientTimers;
  readonly id: number;
  #ref = true;

  constructor(timers: ClientTimers, id: number) {
    this.#timers = timers;
    this.id = id;
  }

  ref(): this {
    this.#ref = true;
    return this;
  }

  unref(): this {
    this.#ref = false;
    return this;
  }

  hasRef(): boolean {
    return this.#ref;
  }

  /** Restarts the timer's delay from now, as Node's `timeout.refresh()` does. */
  refresh(): this {
    this.#timers.refresh(this);
    return this;
  }

  [Symbol.toPrimitive](): number {
    return this.id;
  }
}

/**
 * The client's timers during a run, on the engine's own heap ordered by (due time, sequence) (DT-1), so that
 * each of 100,000 pending timers costs O(log n) to schedule and to fire, and two timers due at the same millisecond
 * fire in the order they were scheduled, setImmediate callbacks included (they are due "now").
 *
 * A cleared timer stays in the heap, marked dead, until it surfaces or until dead entries exceed
 * {@link CLEARED_TIMERS_KEPT_MAX} beyond the live ones: then the heap is rebuilt from the live timers alone.
 */
export class ClientTimers {
  #queue = new EventQueue<Entry>();
  /** The live entry of every pending timer, by id. */
  readonly #live = new Map<number, Entry>();
  #nextId = 1;
  readonly #nowMs: () => number;

  /** `nowMs` reads the virtual clock the timers are due against. */
  constructor(nowMs: () => number) {
    this.#nowMs = nowMs;
  }

  /** How many timers are pending. */
  get pending(): number {
    return this.#live.size;
  }

  /** How many entries the heap holds, cleared ones included: bounded by twice {@link pending} plus the slack. */
  get heapSize(): number {
    return this.#queue.size;
  }

  /** `setTimeout` (kind `timeout`), `setInterval` (`interval`) and `setImmediate` (`immediate`). */
  schedule(kind: Kind, callback: unknown, delay: unknown, args: readonly unknown[]): TimerHandle {
    if (typeof callback !== 'function') {
      throw new TypeError(`The "callback" argument must be of type function. Received ${callback === null ? 'null' : typeof callback}`);
    }
    const handle = new TimerHandle(this, this.#nextId++);
    const delayMs = kind === 'immediate' ? 0 : delayOf(delay);
    this.#push({ handle, kind, callback: callback as Entry['callback'], args, delayMs, live: true });
    return handle;
  }

  /** `clearTimeout`, `clearInterval` and `clearImmediate`: accepts a handle or its number, ignores anything else. */
  clear(handleOrId: unknown): void {
    const id = handleOrId instanceof TimerHandle ? handleOrId.id : typeof handleOrId === 'number' ? handleOrId : undefined;
    const entry = id === undefined ? undefined : this.#live.get(id);
    if (entry === undefined) return;
    this.#drop(entry);
  }

  refresh(handle: TimerHandle): void {
    const entry = this.#live.get(handle.id);
    if (entry === undefined || entry.kind === 'immediate') return;
    this.#drop(entry);
    this.#push({ ...entry, live: true });
  }

  /** Due time of the earliest live timer, if any; drops the cleared entries it passes over. */
  nextDueMs(): number | undefined {
    for (let dueMs = this.#queue.peekDueMs(); dueMs !== undefined; dueMs = this.#queue.peekDueMs()) {
      if (this.#queue.peekEvent()!.live) return dueMs;
      this.#queue.pop();
    }
    return undefined;
  }

  /**
   * Fires the earliest live timer, which the caller has made due by moving the clock to it. An interval is scheduled
   * again before its callback runs, so the callback may clear it. Whatever the callback throws propagates.
   */
  fireNext(): void {
    if (this.nextDueMs() === undefined) throw new Error('no client timer is pending');
    const entry = this.#queue.pop()!;
    if (entry.kind === 'interval') {
      this.#drop(entry);
      this.#push({ ...entry, live: true });
    } else {
      entry.live = false;
      this.#live.delete(entry.handle.id);
    }
    entry.callback.apply(entry.handle, entry.args as unknown[]);
  }

  #push(entry: Entry): void {
    this.#live.set(entry.handle.id, entry);
    this.#queue.push(this.#nowMs() + entry.delayMs, entry);
  }

  #drop(entry: Entry): void {
    entry.live = false;
    this.#live.delete(entry.handle.id);
    if (this.#queue.size - this.#live.size > this.#live.size + CLEARED_TIMERS_KEPT_MAX) this.#compact();
  }

  /** Rebuilds the heap from the live entries, in their firing order, so equal due times keep their order (DT-1). */
  #compact(): void {
    const queue = new EventQueue<Entry>();
    for (const { dueMs, event } of this.#queue.ordered()) if (event.live) queue.push(dueMs, event);
    this.#queue = queue;
  }
}

/** Node's coercion of a timer delay: a number of ms in [1, 2^31 − 1], else 1; fractions round up to the next ms. */
function delayOf(delay: unknown): number {
  const ms = Number(delay);
  return ms >= 1 && ms <= TIMER_DELAY_MS_MAX ? Math.ceil(ms) : 1;
}
