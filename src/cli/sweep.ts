import { availableParallelism } from 'node:os';
import Tinypool from 'tinypool';
import { UsageError } from './args.ts';
import runSeed, { type SeedOutcome, type SeedTask } from './sweep-worker.ts';

/** The most worker threads a sweep starts, whatever `--workers` says: a bound on threads and memory. */
export const SWEEP_WORKERS_MAX = 64;

/** The machine's cores: `--workers`' default. */
export function defaultWorkers(): number {
  return Math.min(availableParallelism(), SWEEP_WORKERS_MAX);
}

/** A `--shard K/N` value: the K-th (1-based) of N slices. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !(count >= 1 && index >= 1 && index <= count)) {
    throw new UsageError(`--shard must be K/N with 1 ≤ K ≤ N, e.g. 1/4, got "${text}"`);
  }
  return { index, count };
}

/**
 * The seeds of the K-th of N contiguous slices of from..from+count-1. The slices cover the range exactly once, so
 * N machines with shards 1/N..N/N run every seed once between them.
 */
export function shardSeeds(from: number, count: number, shard: Shard): { first: number; count: number } {
  const start = Math.floor(((shard.index - 1) * count) / shard.count);
  const end = Math.floor((shard.index * count) / shard.count);
  return { first: from + start, count: end - start };
}

/**
 * Runs the seeds first..first+count-1 and yields their outcomes in seed order, whatever order the workers finish in.
 * With one worker the seeds run in this thread; with more, in a pool of worker threads, a few seeds ahead per worker.
 */
export async function* sweepSeeds(
  scenarioFile: string, first: number, count: number, workers: number, wire: boolean, json: SeedTask['json'],
): AsyncGenerator<SeedOutcome> {
  const task = (seed: number): SeedTask => ({ scenarioFile, seed, wire, ...(json && { json }) });
  // One seed or none needs no pool: starting a worker thread costs more than a short run.
  if (workers <= 1 || count <= 1) {
    for (let seed = first; seed < first + count; seed++) {
      yield await runSeed(task(seed));
      // Lets a progress bar redraw and Ctrl-C be handled between seeds.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  const threads = Math.min(workers, count);
  const pool = new Tinypool({ filename: new URL('./sweep-worker.js', import.meta.url).href, minThreads: threads, maxThreads: threads });
  const inFlight: Promise<SeedOutcome>[] = [];
  let next = first;
  const fill = (): void => {
    while (next < first + count && inFlight.length < 4 * threads) {
      const outcome = pool.run(task(next++)) as Promise<SeedOutcome>;
      // Awaited in seed order below; until then a failure of its worker (a thread that died) must not count as
      // unhandled and end the process with a stack trace.
      outcome.catch(() => {});
      inFlight.push(outcome);
    }
  };
  try {
    fill();
    while (inFlight.length > 0) {
      yield await inFlight.shift()!;
      fill();
    }
  } finally {
    // Settle the tasks still in flight (when the caller stopped early) before the pool goes.
    await Promise.allSettled(inFlight);
    await pool.destroy();
  }
}
