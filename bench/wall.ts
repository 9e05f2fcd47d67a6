import { readFileSync } from 'node:fs';

/**
 * The wall clock, taken when this module loads: inside a run `performance.now`, `Date` and `process.hrtime` follow
 * the run's virtual clock (runClient), and the benches time hours and snapshots from inside runs.
 */
const hrtimeNs = process.hrtime.bigint;

/** Wall-clock ms, from an arbitrary origin. */
export function wallMs(): number {
  return Number(hrtimeNs()) / 1e6;
}

/**
 * CPU time of the main thread alone, in ms, where Linux tells it (`/proc/self/task/<pid>/stat`, 10 ms ticks), else
 * undefined. The process's CPU time (`process.cpuUsage`) also counts garbage collection's helper threads, which run
 * beside the main thread; the main thread's time is what a run's wall time follows on an idle machine.
 */
export function mainThreadCpuMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The fields after the command's name (which may hold spaces, in parentheses): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The median wall time of `samples` calls of `run`, in µs. */
export function medianMicros(samples: number, run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = wallMs();
    run();
    times.push((wallMs() - started) * 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(samples / 2)]!;
}
