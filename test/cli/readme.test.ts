import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Runs the CLI in this process from the project's root, as the README's commands are typed, capturing standard output. */
async function cli(...argv: string[]): Promise<string> {
  let out = '';
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    await main(argv, { out: (t) => (out += `${t}\n`), err: () => {}, progress: undefined, nowMs: () => 0 });
  } finally {
    process.chdir(cwd);
  }
  return out;
}

/** The one match of `pattern` in the README, its first group. */
function quoted(pattern: RegExp): string {
  const matches = [...README.matchAll(new RegExp(pattern, 'g'))];
  expect(matches).toHaveLength(1);
  return matches[0]![1]!;
}

/** Scratch folders of these tests, removed after them. */
const scratches: string[] = [];
afterAll(() => scratches.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gamelift-sim-readme-'));
  scratches.push(dir);
  return dir;
}

/** Output as the README quotes it: without the wall time, which varies. */
const withoutWallTime = (text: string): string => text.replace(/^ {2}wall time\.+: .*$/m, '');

describe('what the README quotes as real output is what the CLI prints', () => {
  it('the summary of evening-peak, seed 1', async () => {
    const sample = quoted(/```\n(gamelift-sim [^\n]* · npx gamelift-sim run scenarios\/evening-peak\.json --seed 1\n[\s\S]*?)```/);
    expect(withoutWallTime(await cli('run', 'scenarios/evening-peak.json', '--seed', '1'))).toBe(withoutWallTime(sample));
  });

  it('the leaky matchmaker\'s replay: its failing check and trace hash', async () => {
    const hash = quoted(/trace sha256 `([0-9a-f]{8})…` every time/);
    const out = await cli('run', 'examples/leaky-matchmaker.scenario.ts', '--seed', '1');
    expect(out).toContain('✗ disbanded-lobby-session held 0, FAILED 2');
    expect(out).toMatch(new RegExp(`trace sha256\\.+: ${hash}`));
  });

  it('the leaky matchmaker\'s sweep and shrink: the first failure, the count, and what the shrink came to', async () => {
    const failure = quoted(/\n(seed 1: disbanded-lobby-session: lobby lobby-\d+ disbanded \d+ s ago), but game session arn:…/);
    const closing = quoted(/\n(3 seeds 1\.\.3, \d+ failed), [\d.]+ s\n/);
    const shrunk = quoted(/\n {2}(shrunk seed 1 in \d+ runs to [^:]+): test\/repro\//);
    const out = await cli('sweep', 'examples/leaky-matchmaker.scenario.ts', '--seeds', '3', '--workers', '1', '--shrink', '--out', scratch());
    expect(out).toContain(`\n${failure}, but game session arn:`);
    expect(out).toContain(`\n${closing}, `);
    expect(out).toContain(`\n  ${shrunk}: `);
  });

  it('the replay of chaos, seed 7: how many entries it checks', async () => {
    const entries = quoted(/seed 7 replayed (\d+) trace entries exactly as chaos-7\.jsonl/);
    const trace = join(scratch(), 'chaos-7.jsonl');
    await cli('run', 'scenarios/chaos.json', '--seed', '7', '--trace', trace);
    expect(await cli('replay', trace)).toMatch(new RegExp(`^identical: scenario chaos, seed 7 replayed ${entries} trace entries exactly as`));
  });
});
