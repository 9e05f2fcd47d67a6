/**
 * The wall clock, taken when this module loads: inside a run `performance.now`, `Date` and `process.hrtime` follow
 * the run's virtual clock (runClient), and the benches time hours and snapshots from inside runs.
 */
const hrtimeNs = process.hrtime.bigint;

/** Wall-clock ms, from an arbitrary origin. */
export function wallMs(): number {
  return Number(hrtimeNs()) / 1e6;
}
