/** The most decimals a figure compared with a bound is printed with. */
const DECIMALS_MAX = 12;

/**
 * `measured` printed with just enough decimals (at least one, and at least as many as `bound` has) that it reads as
 * equal to `bound` only when it is, and on the same side of it when it is not: 3.005 against 3 prints "3.005", never
 * "3.0", so that a failure never reads like a pass.
 */
export function formatAgainst(measured: number, bound: number): string {
  const boundDecimals = (String(bound).split('.')[1] ?? '').length;
  for (let d = Math.max(1, boundDecimals); d < DECIMALS_MAX; d++) {
    const shown = Number(measured.toFixed(d));
    if (Math.sign(shown - bound) === Math.sign(measured - bound)) return measured.toFixed(d);
  }
  return String(measured);
}
