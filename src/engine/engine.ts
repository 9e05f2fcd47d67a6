import { VirtualClock } from './clock.ts';
import { EventQueue } from './event-queue.ts';
import { RandomStreams } from './random.ts';
import { Trace } from './trace.ts';

/** The most events one `advanceTo` may run: a runaway feedback loop fails loudly instead of hanging (TIGER_STYLE). */
export const EVENTS_PER_ADVANCE_MAX = 50_000_000;

/**
 * The engine knows nothing of GameLift: a virtual clock, an event queue, seeded random streams and a trace.
 * Everything the model needs from the outside world is reached through it, never through globals (DT-2).
 */
export class Engine<E> {
  readonly clock: VirtualClock;
  readonly queue = new EventQueue<E>();
  readonly random: RandomStreams;
  readonly trace: Trace;

  constructor(options: { seed: number | string; startMs: number; traceEntriesKept?: number }) {
    this.clock = new VirtualClock(options.startMs);
    this.random = new RandomStreams(options.seed);
    this.trace = new Trace(options.traceEntriesKept);
  }

  get nowMs(): number {
    return this.clock.nowMs;
  }

  /** Schedules `event` to run `delayMs` from now (never in the past). */
  after(delayMs: number, event: E): void {
    if (!(delayMs >= 0)) throw new Error(`an event cannot be scheduled ${delayMs} ms in the past`);
    this.queue.push(this.clock.nowMs + Math.ceil(delayMs), event);
  }

  /**
   * Runs every event due up to and including `targetMs`, in (due time, sequence) order, jumping straight from one
   * due event to the next, then leaves the clock at `targetMs`. Returns how many events ran.
   */
  advanceTo(targetMs: number, run: (event: E) => void): number {
    if (targetMs < this.clock.nowMs) throw new Error(`cannot advance back from ${this.clock.nowMs} to ${targetMs}`);
    let ran = 0;
    for (let next = this.queue.peek(); next !== undefined && next.dueMs <= targetMs; next = this.queue.peek()) {
      this.queue.pop();
      this.clock.advanceTo(next.dueMs);
      run(next.event);
      if (++ran > EVENTS_PER_ADVANCE_MAX) throw new Error(`more than ${EVENTS_PER_ADVANCE_MAX} events in one advance`);
    }
    this.clock.advanceTo(targetMs);
    return ran;
  }

  /** Due time of the next scheduled event, if any. */
  nextDueMs(): number | undefined {
    return this.queue.peek()?.dueMs;
  }
}
