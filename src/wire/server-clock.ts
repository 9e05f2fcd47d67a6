import { performance } from 'node:perf_hooks';
import type { Simulation } from '../api/simulation.ts';

/** `realtime`: virtual time follows the wall clock; `manual`: it moves only when told to. */
export type ClockMode = 'realtime' | 'manual';
/** Every clock mode, as `serve --clock` accepts them. */
export const CLOCK_MODES: readonly ClockMode[] = ['realtime', 'manual'];

/** The longest single jump a client may ask for: a year, past DG-9's 30-day retention, bounded so one request cannot run the simulation for ever. */
export const ADVANCE_SECONDS_MAX = 366 * 24 * 3600;

/**
 * How a served simulation's virtual time moves. The wall clock is read here and nowhere under the core (DT-2):
 * with `realtime`, virtual time = its value when serving began + wall time elapsed since + every jump made with
 * {@link advanceBy}; with `manual`, only jumps move it. Either way it never moves back.
 */
export class ServerClock {
  readonly mode: ClockMode;
  readonly #sim: Simulation;
  readonly #wallMs: () => number;
  readonly #startVirtualMs: number;
  readonly #startWallMs: number;
  #jumpedMs = 0;

  /** `wallMs` is a monotonic wall clock in milliseconds; tests pass their own. */
  constructor(sim: Simulation, mode: ClockMode, wallMs: () => number = () => performance.now()) {
    this.mode = mode;
    this.#sim = sim;
    this.#wallMs = wallMs;
    this.#startVirtualMs = sim.nowMs;
    this.#startWallMs = wallMs();
  }

  /** Brings virtual time up to the wall clock before a request is served; does nothing with a manual clock. */
  sync(): void {
    if (this.mode === 'manual') return;
    const elapsedMs = Math.max(0, Math.floor(this.#wallMs() - this.#startWallMs));
    const targetMs = this.#startVirtualMs + elapsedMs + this.#jumpedMs;
    if (targetMs > this.#sim.nowMs) this.#sim.advanceTo(targetMs);
  }

  /** Jumps virtual time forward by `seconds` (0 ≤ seconds ≤ {@link ADVANCE_SECONDS_MAX}), in either mode. */
  advanceBy(seconds: number): void {
    if (!(seconds >= 0 && seconds <= ADVANCE_SECONDS_MAX)) throw new RangeError(`seconds must lie in 0–${ADVANCE_SECONDS_MAX}, got ${seconds}`);
    this.sync();
    const ms = Math.round(seconds * 1000);
    this.#jumpedMs += ms;
    this.#sim.advanceTo(this.#sim.nowMs + ms);
  }
}
