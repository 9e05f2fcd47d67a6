import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runScenario } from '../src/runner/run.ts';
import { readScenario } from '../src/runner/scenario.ts';

/** Scenarios whose load lasts longer than this are left to their own bench. */
const CLIENT_RUN_MINUTES_MAX = 180;

/**
 * Every bundled scenario (scenarios/*.ts and *.json) up to three hours of load run by its client — its own, or the reference client — on the
 * fast path and with --wire, side by side in this process: simulated seconds per wall second, and the wire's cost as a
 * ratio of the fast path's. Both ways give the same trace hash, which is checked here too.
 */
export async function clientRunsBench(quick: boolean): Promise<void> {
  const dir = join(import.meta.dirname, '..', 'scenarios');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') || f.endsWith('.json')).sort();
  const seeds = quick ? [1] : [1, 2, 3];
  console.log('\nBundled scenarios, by their client (simulated seconds per wall second, seeds ' + seeds.join(', ') + '):');
  console.log('scenario                 | virtual   | fast path      | --wire         | wire / fast');
  for (const file of files) {
    const scenario = await readScenario(join(dir, file));
    // The day scenario has a bench of its own (bench/day.ts): three seeds of it on both paths would take hours.
    if (scenario.load.durationMinutes > CLIENT_RUN_MINUTES_MAX) continue;
    const timed = async (wire: boolean): Promise<{ virtualMs: number; wallMs: number; hashes: string[] }> => {
      let virtualMs = 0;
      const hashes: string[] = [];
      const started = performance.now();
      for (const seed of seeds) {
        const r = await runScenario(scenario, seed, { wire });
        virtualMs += r.virtualMs;
        hashes.push(r.traceHash);
      }
      return { virtualMs, wallMs: performance.now() - started, hashes };
    };
    // Alternated, so that neither way always runs on a warmer process.
    const fast = await timed(false);
    const wire = await timed(true);
    if (fast.hashes.join() !== wire.hashes.join()) throw new Error(`${file}: the fast path and --wire gave different trace hashes`);
    const rate = (t: { virtualMs: number; wallMs: number }): string => `${Math.round(t.virtualMs / t.wallMs).toLocaleString('en-US')}×`.padStart(8);
    console.log(`${file.padEnd(24)} | ${(fast.virtualMs / 60_000).toFixed(0).padStart(5)} min | ${rate(fast)} (${(fast.wallMs / 1000).toFixed(1)} s) | ${rate(wire)} (${(wire.wallMs / 1000).toFixed(1)} s) | ${(wire.wallMs / fast.wallMs).toFixed(2)}`);
  }
}
