/**
 * The load driver on the day scenario (`scenarios/day-20k.json`) cut to a few virtual hours: live heap after a full
 * garbage collection every ten virtual minutes (once retention has filled the world, what still grows is what the
 * run keeps per lobby), and a snapshot of the run halfway (`run --snapshot-at`): its size, the time to take it, and
 * the time to restore it and go on to the end. Needs `--expose-gc`.
 *
 * Part of `npm run bench` (90 minutes; 20 with `--quick`), or alone: `node --expose-gc --import tsx bench/driver.ts
 * [--minutes N]` (default 90).
 */
import './quiet-sdk.ts';
import { join } from 'node:path';
import { Simulation } from '../src/api/simulation.ts';
import { resumeScenario, runScenario } from '../src/runner/run.ts';
import { readScenario } from '../src/runner/scenario.ts';
import { wallMs } from './wall.ts';

const MINUTE_MS = 60_000;

function heapMiB(): number {
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export async function driverBench(minutes: number): Promise<void> {
  const scenario = await readScenario(join(import.meta.dirname, '..', 'scenarios', 'day-20k.json'));
  const cut = { ...scenario, load: { ...scenario.load, durationMinutes: minutes } };
  console.log(`\nLoad driver on ${scenario.name}, ${minutes} virtual minutes, seed 1:`);
  const heap: { minute: number; lobbies: number; mib: number }[] = [];
  let snapshotMs = 0;
  const snapshot = Simulation.prototype.snapshot;
  Simulation.prototype.snapshot = function (this: Simulation, attached?: unknown): Uint8Array {
    const started = wallMs();
    const bytes = snapshot.call(this, attached);
    snapshotMs = wallMs() - started;
    return bytes;
  };
  let bytes: Uint8Array | undefined;
  const straight = await runScenario(cut, 1, {
    onProgress: (p) => {
      const minute = Math.floor(p.virtualMs / MINUTE_MS);
      if (minute % 10 !== 0 || heap.at(-1)?.minute === minute) return;
      heap.push({ minute, lobbies: p.placements, mib: heapMiB() });
      console.log(`  minute ${String(minute).padStart(4)}: ${p.placements.toLocaleString('en-US')} placements, live heap ${heap.at(-1)!.mib.toFixed(1)} MiB`);
    },
    snapshot: { atMinutes: minutes / 2, save: (b) => (bytes = b) },
  });
  Simulation.prototype.snapshot = snapshot;
  const late = heap.filter((h) => h.minute >= 70);
  if (late.length >= 2) {
    const [a, b] = [late[0]!, late.at(-1)!];
    const perHour = ((b.mib - a.mib) / (b.minute - a.minute)) * 60;
    console.log(`  after retention filled (minute ${a.minute} to ${b.minute}): ${perHour.toFixed(1)} MiB an hour, ${(((b.mib - a.mib) * 2 ** 20) / (b.lobbies - a.lobbies)).toFixed(0)} bytes a placement`);
  }
  let restoreMs = 0;
  const restoreWith = Simulation.restoreWith;
  Simulation.restoreWith = (b, options) => {
    const t = wallMs();
    const restored = restoreWith(b, options);
    restoreMs = wallMs() - t;
    return restored;
  };
  const started = wallMs();
  const resumed = await resumeScenario(bytes!);
  Simulation.restoreWith = restoreWith;
  console.log(`  snapshot at minute ${minutes / 2}: ${(bytes!.length / 2 ** 20).toFixed(1)} MiB, taken in ${snapshotMs.toFixed(0)} ms; restored in ` +
    `${restoreMs.toFixed(0)} ms and run to the end in ${((wallMs() - started) / 1000).toFixed(1)} s; same trace hash: ${resumed.traceHash === straight.traceHash}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--minutes');
  await driverBench(at < 0 ? 90 : Number(process.argv[at + 1]));
}
