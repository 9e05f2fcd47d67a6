/** What a client planning on an agenda needs of it. */
export interface Planner<T> {
  /** Plans `item` after `delay` ms, coerced as Node's `setTimeout` does. */
  after(delay: number, item: T): number;
  /** Cancels every item of this planner's. */
  cancelAll(): void;
}

/**
 * What a run will do later, as plain data: each planned step is an item (`{ kind: 'poll', lobbyId }`) with its due
 * time, armed as a client timer in virtual time (`setTimeout`, or `setImmediate` when due now, as `setTimeout` waits
 * at least 1 ms), and handed to `fire` when it is due. The items still planned can be read in firing order — by due
 * time, then in the order they were planned, as the run's timers fire — and planned again on a restored run in that
 * order, so that a run saved in a snapshot and restored fires the same steps in the same order as running straight
 * through (DT-3). A closure cannot be saved; an item can.
 */
export class Agenda<T> {
  #seq = 0;
  /** Armed items by their sequence number, with the timer that fires them. */
  readonly #armed = new Map<number, { readonly dueMs: number; readonly item: T; readonly timer: ReturnType<typeof setTimeout> }>();
  readonly #fire: (item: T) => void;

  /** What every timer of the agenda calls, with the number of the item it fires: no closure per item. */
  readonly #run = (seq: number): void => {
    const { item } = this.#armed.get(seq)!;
    this.#armed.delete(seq);
    this.#fire(item);
  };

  constructor(fire: (item: T) => void) {
    this.#fire = fire;
  }

  /** Plans `item` for virtual time `dueMs`, epoch ms (now, if that has passed); returns its number, to cancel it. */
  at(dueMs: number, item: T): number {
    const seq = this.#seq++;
    const nowMs = Date.now();
    const delayMs = dueMs - nowMs;
    const timer = delayMs <= 0 ? setImmediate(this.#run, seq) as unknown as ReturnType<typeof setTimeout> : setTimeout(this.#run, delayMs, seq);
    // When it will fire: a fractional delay waits to the next whole ms, as the timer does.
    this.#armed.set(seq, { dueMs: delayMs <= 0 ? nowMs : nowMs + timerDelayMs(delayMs), item, timer });
    return seq;
  }

  /** Plans `item` after `delay` ms, coerced as Node's `setTimeout` does: whole ms, at least 1. */
  after(delay: number, item: T): number {
    return this.at(Date.now() + timerDelayMs(delay), item);
  }

  cancel(seq: number): void {
    const armed = this.#armed.get(seq);
    if (armed === undefined) return;
    // In virtual time one clear serves every kind of timer.
    clearTimeout(armed.timer);
    this.#armed.delete(seq);
  }

  /** Cancels every item `which` selects. */
  cancelWhere(which: (item: T) => boolean): void {
    for (const [seq, { item }] of this.#armed) if (which(item)) this.cancel(seq);
  }

  /** The items still planned, in the order they will fire. */
  planned(): { dueMs: number; item: T }[] {
    return [...this.#armed.values()].sort((a, b) => a.dueMs - b.dueMs).map(({ dueMs, item }) => ({ dueMs, item }));
  }
}

/** Node's coercion of a timer delay: whole ms, rounded up, in [1, 2^31 − 1]; anything else is 1 ms. */
function timerDelayMs(delay: number): number {
  return delay >= 1 && delay <= 2_147_483_647 ? Math.ceil(delay) : 1;
}
