import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runner/run.ts';
import { readScenario, type Scenario } from '../../src/runner/scenario.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** The simulation core: everything but the shells (cli, wire, runner) that may touch the outside world. */
const CORE_DIRS = ['src/engine', 'src/model', 'src/api'];
const FORBIDDEN: readonly [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew Date\s*\(\s*\)/, 'new Date() without an argument'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/\brandomUUID\b/, 'crypto.randomUUID'],
  [/\bperformance\.now\s*\(/, 'performance.now()'],
  [/\bprocess\.hrtime\b/, 'process.hrtime'],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/, 'a timer'],
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

async function shortEveningPeak(minutes: number): Promise<Scenario> {
  const scenario = await readScenario(join(ROOT, 'scenarios', 'evening-peak.json'));
  return { ...scenario, load: { ...scenario.load, durationMinutes: minutes }, faults: scenario.faults?.map((f) => ({ ...f, atMinute: f.atMinute / 6 })) };
}

describe('determinism', () => {
  it('DT-2: no wall clock, unseeded randomness or timer appears in the simulation core', () => {
    const hits: string[] = [];
    for (const dir of CORE_DIRS) {
      for (const file of filesUnder(join(ROOT, dir))) {
        readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
          if (/^\s*(\/\/|\*)/.test(line)) return;
          for (const [pattern, what] of FORBIDDEN) if (pattern.test(line)) hits.push(`${relative(ROOT, file)}:${i + 1} uses ${what}`);
        });
      }
    }
    expect(hits).toEqual([]);
  });

  it('DT-1: the same scenario and seed give the same trace hash, and another seed another one', async () => {
    const scenario = await shortEveningPeak(15);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }), async (seed) => {
        const a = await runScenario(scenario, seed);
        const b = await runScenario(scenario, seed);
        expect(b.traceHash).toBe(a.traceHash);
        expect(b).toEqual(a);
        expect((await runScenario(scenario, seed + 1)).traceHash).not.toBe(a.traceHash);
      }),
      // Each run drives the reference client in virtual time: three seeds keep the file within seconds.
      { numRuns: 3 },
    );
  });

  it('DT-1: a run in another process, time zone and locale prints the same trace hash (seed 7)', async () => {
    const path = join(ROOT, 'scenarios', 'evening-peak.json');
    const inProcess = (await runScenario(await readScenario(path), 7)).traceHash;
    const output = execFileSync(process.execPath, [join(ROOT, 'bin', 'gamelift-sim.js'), 'run', path, '--seed', '7', '--json'], {
      env: { ...process.env, TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
      encoding: 'utf8',
    });
    expect(JSON.parse(output).traceHash).toBe(inProcess);
  });
});
