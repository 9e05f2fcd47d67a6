import { VirtualClock } from './clock.ts';
import { EventQueue, type EventQueueState } from './event-queue.ts';
import { RandomStreams } from './random.ts';
import { Trace, type TraceState } from './trace.ts';

/** The most events one `advanceTo` may run: a runaway feedback loop fails loudly instead of hanging (TIGER_STYLE). */
export const EVENTS_PER_ADVANCE_MAX = 50_000_000;

/** An engine as plain data (DT-3): virtual time, pending events, every random stream and where the trace stands. */
export interface EngineState<E> {
  readonly seed: string;
  readonly nowMs: number;
  readonly queue: EventQueueState<E>;
  readonly random: Readonly<Record<string, object>>;
  readonly trace: TraceState;
}

/**
 * The engine knows nothing of GameLift: a virtual clock, an event queue, seeded random streams and a trace.
 * Everything the model needs from the outside world is reached through it, never through globals (DT-2).
 */
export class Engine<E> {
  readonly clock: VirtualClock;
  readonly queue: EventQueue<E>;
  readonly random: RandomStreams;
  readonly trace: Trace;

  /** A new engine at `startMs`, or, with `state`, the engine a snapshot saved, going on where it stood (DT-3). */
  constructor(options: { seed: number | string; startMs: number; traceEntriesKept?: number; state?: EngineState<E> }) {
    const { state } = options;
    this.clock = new VirtualClock(state?.nowMs ?? options.startMs);
    this.queue = new EventQueue(state?.queue);
    this.random = new RandomStreams(state?.seed ?? options.seed, state?.random);
    this.trace = new Trace(options.traceEntriesKept, state?.trace);
  }

  /** The engine as plain data, for a snapshot; the pending events are the queue's own, not copies. */
  state(): EngineState<E> {
    return { seed: this.random.seed, nowMs: this.clock.nowMs, queue: this.queue.state(), random: this.random.states(), trace: this.trace.state() };
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
    for (let dueMs = this.queue.peekDueMs(); dueMs !== undefined && dueMs <= targetMs; dueMs = this.queue.peekDueMs()) {
      const event = this.queue.pop()!;
      this.clock.advanceTo(dueMs);
      run(event);
      if (++ran > EVENTS_PER_ADVANCE_MAX) throw new Error(`more than ${EVENTS_PER_ADVANCE_MAX} events in one advance`);
    }
    this.clock.advanceTo(targetMs);
    return ran;
  }

  /** Due time of the next scheduled event, if any. */
  nextDueMs(): number | undefined {
    return this.queue.peekDueMs();
  }
}
