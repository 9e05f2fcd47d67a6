import { performance } from 'node:perf_hooks';
import type { Simulation } from '../api/simulation.ts';
import { VIRTUAL_TIME_MS_MAX } from '../engine/clock.ts';

/** `realtime`: virtual time follows the wall clock (times a speed); `manual`: it moves only when told to. */
export type ClockMode = 'realtime' | 'manual';
/** Every clock mode, as `serve --clock` accepts them. */
export const CLOCK_MODES: readonly ClockMode[] = ['realtime', 'manual'];

/** The longest single jump a client may ask for: a year, past DG-9's 30-day retention, bounded so one request cannot run the simulation for ever. */
export const ADVANCE_SECONDS_MAX = 366 * 24 * 3600;
/** The fastest a realtime clock may run: a million virtual seconds per wall second (11.6 days per second). */
export const SPEED_MAX = 1_000_000;

/**
 * How a served simulation's virtual time moves. The wall clock is read here and nowhere under the core (DT-2):
 * with `realtime`, virtual time = its value when serving began + `speed` × wall time elapsed since + every jump made
 * with {@link advanceBy}; with `manual`, only jumps move it. Either way it never moves back, and never past
 * {@link VIRTUAL_TIME_MS_MAX}: a realtime clock stops there.
 */
export class ServerClock {
  readonly mode: ClockMode;
  /** Virtual seconds per wall second of a realtime clock. */
  readonly speed: number;
  readonly #sim: Simulation;
  readonly #wallMs: () => number;
  readonly #startVirtualMs: number;
  readonly #startWallMs: number;
  #jumpedMs = 0;

  /** `wallMs` is a monotonic wall clock in milliseconds; tests pass their own. */
  constructor(sim: Simulation, mode: ClockMode, wallMs: () => number = () => performance.now(), speed = 1) {
    if (!(speed > 0 && speed <= SPEED_MAX)) throw new RangeError(`speed must lie in (0, ${SPEED_MAX}], got ${speed}`);
    this.mode = mode;
    this.speed = speed;
    this.#sim = sim;
    this.#wallMs = wallMs;
    this.#startVirtualMs = sim.nowMs;
    this.#startWallMs = wallMs();
  }

  /** Brings virtual time up to the wall clock before a request is served; does nothing with a manual clock. */
  sync(): void {
    if (this.mode === 'manual') return;
    const elapsedMs = Math.max(0, Math.floor((this.#wallMs() - this.#startWallMs) * this.speed));
    const targetMs = Math.min(VIRTUAL_TIME_MS_MAX, this.#startVirtualMs + elapsedMs + this.#jumpedMs);
    if (targetMs > this.#sim.nowMs) this.#sim.advanceTo(targetMs);
  }

  /**
   * Why a jump of `seconds` cannot be made now, or undefined when it can: it must lie in 0–{@link ADVANCE_SECONDS_MAX}
   * and must not carry virtual time past {@link VIRTUAL_TIME_MS_MAX}.
   */
  refusalOf(seconds: number): string | undefined {
    if (!(seconds >= 0 && seconds <= ADVANCE_SECONDS_MAX)) return `seconds must lie in 0–${ADVANCE_SECONDS_MAX}, got ${seconds}`;
    const targetMs = this.#sim.nowMs + Math.round(seconds * 1000);
    if (targetMs > VIRTUAL_TIME_MS_MAX) {
      return `virtual time cannot pass ${new Date(VIRTUAL_TIME_MS_MAX).toISOString()} (the simulator's latest time), ` +
        `and ${seconds} seconds from ${this.#sim.now.toISOString()} would`;
    }
    return undefined;
  }

  /** Jumps virtual time forward by `seconds`, in either mode; a jump {@link refusalOf} refuses is a programmer error. */
  advanceBy(seconds: number): void {
    this.sync();
    const refusal = this.refusalOf(seconds);
    if (refusal !== undefined) throw new RangeError(refusal);
    const ms = Math.round(seconds * 1000);
    this.#jumpedMs += ms;
    this.#sim.advanceTo(this.#sim.nowMs + ms);
  }
}
