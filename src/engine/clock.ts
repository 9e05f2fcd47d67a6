/**
 * The latest virtual time, in epoch milliseconds: 9999-12-31T23:59:59.999Z, the last instant with a four-digit
 * year, so that every virtual time has a Date, an ISO-8601 text and a wire timestamp (ECMAScript's own limit,
 * 8.64e15 ms, is where `toISOString` starts to throw "Invalid time value").
 */
export const VIRTUAL_TIME_MS_MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * The virtual clock: integer milliseconds since the Unix epoch, moved only by the simulation.
 *
 * Like XState's SimulatedClock it refuses to travel back in time, so no event can be scheduled or observed
 * before one that already happened (DT-1).
 */
export class VirtualClock {
  // NaN until the constructor sets it: a field declared without a value starts undefined, and V8 then keeps it as a
  // reference to a boxed number, so that every move of the clock (times are beyond small integers) boxed a new one.
  #nowMs = NaN;

  constructor(startMs: number) {
    assertWholeMs(startMs, 'startMs');
    this.#nowMs = startMs;
  }

  /** The current virtual time in epoch milliseconds. */
  get nowMs(): number {
    return this.#nowMs;
  }

  /** The current virtual time as a Date; a new object on each call, so callers cannot move the clock. */
  now(): Date {
    return new Date(this.#nowMs);
  }

  /** Moves the clock to `targetMs`; moving backwards is a programmer error. */
  advanceTo(targetMs: number): void {
    assertWholeMs(targetMs, 'targetMs');
    if (targetMs < this.#nowMs) {
      throw new Error(`the virtual clock cannot move back from ${this.#nowMs} to ${targetMs}`);
    }
    this.#nowMs = targetMs;
  }
}

function assertWholeMs(ms: number, name: string): void {
  if (!Number.isSafeInteger(ms)) throw new Error(`${name} must be a whole number of milliseconds, got ${ms}`);
  // Callers refuse times past the limit before anything changes; reaching here is a programmer error.
  if (ms > VIRTUAL_TIME_MS_MAX) throw new Error(`${name} must be at most VIRTUAL_TIME_MS_MAX (${new Date(VIRTUAL_TIME_MS_MAX).toISOString()}), got ${ms}`);
}
