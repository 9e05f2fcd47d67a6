/**
 * The day scenario (`scenarios/day-20k.json`): 24 virtual hours at about 20,000 concurrent players, run by the
 * CLI's load driver. Prints wall time, the main thread's CPU time (on Linux), events per second, peak RSS, and the
 * wall time of each virtual hour, so that the last hour can be set against the first: memory that stays flat keeps
 * them alike.
 *
 * Run alone: `node --import tsx bench/day.ts [--hours N]` (the whole day by default; `npm run bench -- --quick` runs
 * its first hour).
 */
import './quiet-sdk.ts';
import { join } from 'node:path';
import { Simulation } from '../src/api/simulation.ts';
import { runScenario } from '../src/runner/run.ts';
import { readScenario } from '../src/runner/scenario.ts';
import { mainThreadCpuMs, wallMs } from './wall.ts';

const HOUR_MS = 3_600_000;

/** Runs the day scenario cut to `hours` of load and prints its figures. */
export async function dayBench(hours: number): Promise<void> {
  const scenario = await readScenario(join(import.meta.dirname, '..', 'scenarios', 'day-20k.json'));
  const cut = { ...scenario, load: { ...scenario.load, durationMinutes: Math.min(scenario.load.durationMinutes, hours * 60) } };
  // The driver owns its simulation; the bench watches virtual time pass through advanceTo, without changing it.
  const hourWallMs: number[] = [];
  let loadStartMs: number | undefined;
  let hourStartedAt = 0;
  const advanceTo = Simulation.prototype.advanceTo;
  // Both wrappers pass every argument on: a wrapper that dropped one would time another path than the day takes.
  Simulation.prototype.advanceTo = function (this: Simulation, ...args: Parameters<Simulation['advanceTo']>): number {
    const ran = advanceTo.apply(this, args);
    if (loadStartMs === undefined) return ran;
    // Hours of load only: after it the driver lets placements settle and retention empty the world.
    while (hourWallMs.length < hours && this.nowMs >= loadStartMs + (hourWallMs.length + 1) * HOUR_MS) {
      hourWallMs.push(wallMs() - hourStartedAt);
      console.log(`  hour ${String(hourWallMs.length).padStart(2)}: ${(hourWallMs.at(-1)! / 1000).toFixed(1)} s, rss ${mib(process.memoryUsage().rss)}${liveHeap()}; ` +
        `retained: ${this.world.gameSessions.size.toLocaleString('en-US')} game sessions, ${this.world.playerSessions.size.toLocaleString('en-US')} player sessions, ` +
        `${this.placements.placements.size.toLocaleString('en-US')} placements, ${this.world.engine.queue.size.toLocaleString('en-US')} pending events`);
      hourStartedAt = wallMs();
    }
    return ran;
  };
  const execute = Simulation.prototype.execute;
  Simulation.prototype.execute = function (this: Simulation, ...args: Parameters<Simulation['execute']>): unknown {
    // The first placement request marks the start of the load: the world is built and warm by then.
    if (loadStartMs === undefined && args[0] === 'StartGameSessionPlacement') {
      loadStartMs = this.nowMs;
      hourStartedAt = wallMs();
    }
    // The codec's `canonical` among them: without it each request would be checked and recorded as a caller's.
    return execute.apply(this, args);
  };

  console.log(`\nDay scenario ${scenario.name}, ${hours} h of load, seed 1:`);
  const started = wallMs();
  const cpuBefore = mainThreadCpuMs();
  let result;
  try {
    result = await runScenario(cut, 1);
  } finally {
    Simulation.prototype.advanceTo = advanceTo;
    Simulation.prototype.execute = execute;
  }
  const tookMs = wallMs() - started;
  const cpuAfter = mainThreadCpuMs();
  const mainCpu = cpuBefore === undefined || cpuAfter === undefined ? '' : ` (main thread ${((cpuAfter - cpuBefore) / 1000).toFixed(1)} s of CPU)`;
  const first = hourWallMs[0];
  const last = hourWallMs.at(-1);
  console.log(`  wall ${(tookMs / 1000).toFixed(1)} s${mainCpu} for ${(result.virtualMs / HOUR_MS).toFixed(2)} h virtual, ` +
    `${Math.round(result.eventsRun / (tookMs / 1000)).toLocaleString('en-US')} events/s (${result.eventsRun.toLocaleString('en-US')} events), ` +
    `${result.placementCount.toLocaleString('en-US')} placements, peak RSS ${mib(process.resourceUsage().maxRSS * 1024)}`);
  if (first !== undefined && last !== undefined) console.log(`  last hour / first hour: ${(last / first).toFixed(2)}×`);
  console.log(`  rules: ${result.violations.length === 0 ? `all ${result.checks.toLocaleString('en-US')} checks held` : `${result.violations.length} FAILED: ${result.violations[0]}`}`);
}

/** With --expose-gc, the heap still in use after a full collection (its time is left out of the hour's). */
function liveHeap(): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return '';
  gc();
  return `, live heap ${mib(process.memoryUsage().heapUsed)}`;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024).toLocaleString('en-US')} MiB`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--hours');
  await dayBench(i < 0 ? 24 : Number(process.argv[i + 1]));
}
