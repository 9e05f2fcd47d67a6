import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VERSION } from '../../src/cli/args.ts';
import { EXIT, main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/progress.ts';
import { failuresOf } from '../../src/runner/expectations.ts';
import { runScenario } from '../../src/runner/run.ts';
import { readScenario } from '../../src/runner/scenario.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SMALL = join(ROOT, 'test', 'cli', 'fixtures', 'small-chaos.json');
/**
 * A seed of SMALL whose run crosses its TIMED_OUT threshold, and one whose run holds: looked up rather than written
 * down, so that a change in the placement model that moves them does not break what these tests are about.
 */
const [CROSSING_SEED, HOLDING_SEED] = await (async () => {
  const scenario = await readScenario(SMALL);
  const holds = async (seed: number): Promise<boolean> => failuresOf(await runScenario(scenario, seed)).length === 0;
  let crossing: number | undefined;
  let holding: number | undefined;
  for (let seed = 1; seed <= 20 && (crossing === undefined || holding === undefined); seed++) {
    if (await holds(seed)) holding ??= seed;
    else crossing ??= seed;
  }
  return [crossing, holding].map(String) as [string, string];
})();

/** Runs the CLI in this process, capturing what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), progress: undefined, nowMs: () => 0 };
  const code = await main(argv, io);
  return { code, out, err };
}

/** The words of a printed `npx gamelift-sim …` line, to run it again. */
function argsOf(line: string): string[] {
  const words = line.trim().split(/\s+/);
  expect(words.slice(0, 2)).toEqual(['npx', 'gamelift-sim']);
  return words.slice(2);
}

/** A scratch folder of this test run. */
function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'gamelift-sim-cli-'));
}

/** A one-line error without a stack trace, naming `what`. */
function expectOneLineError(err: string, what: RegExp): void {
  expect(err).toMatch(/^gamelift-sim: [^\n]+\n$/);
  expect(err).toMatch(what);
  expect(err).not.toMatch(/\n\s+at /);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('help, version and usage errors', () => {
  it.each(['run', 'sweep', 'replay'])('%s --help and -h print its usage to stdout and exit 0', async (command) => {
    for (const flag of ['--help', '-h']) {
      const { code, out, err } = await cli(command, flag);
      expect(code).toBe(EXIT.ok);
      expect(out).toMatch(new RegExp(`^usage: gamelift-sim ${command} `));
      expect(err).toBe('');
    }
  });

  it('serve --help and -h print its usage to stdout and exit 0', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    for (const flag of ['--help', '-h']) expect(await cli('serve', flag)).toMatchObject({ code: EXIT.ok, err: '' });
    expect(write.mock.calls.map(([text]) => String(text))).toEqual([expect.stringMatching(/^usage: gamelift-sim serve /), expect.stringMatching(/^usage: gamelift-sim serve /)]);
  });

  it.each([[], ['--help'], ['-h'], ['help']])('%j prints the overall usage with the exit codes to stdout and exits 0', async (...argv) => {
    const { code, out } = await cli(...argv);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/gamelift-sim run <scenario.ts\|.json>/);
    expect(out).toMatch(/Exit codes: 0 all held, 99 .*, 1 .*, 2 usage/);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await cli('--version')).toEqual({ code: EXIT.ok, out: `${pkg.version}\n`, err: '' });
    expect(VERSION).toBe(pkg.version);
  });

  it('an unknown command is named, exit 2', async () => {
    const { code, out, err } = await cli('frob');
    expect(code).toBe(EXIT.usage);
    expect(out).toBe('');
    expectOneLineError(err, /unknown command "frob"; the commands are run, sweep, replay and serve/);
  });

  it.each([
    [['run', SMALL, '--frob'], /run: Unknown option '--frob'; see --help/],
    [['sweep', SMALL, '--frob=1'], /sweep: Unknown option '--frob'; see --help/],
    [['replay', 'x.jsonl', '--frob'], /replay: Unknown option '--frob'/],
    [['serve', '--frob'], /serve: Unknown option '--frob'/],
    [['run', SMALL, '--seed'], /run: Option '--seed <value>' argument missing/],
    [['run'], /run needs a scenario file, e.g. gamelift-sim run scenarios\/evening-peak.json/],
    [['run', SMALL, SMALL], /run takes one scenario file; unexpected /],
    [['sweep'], /sweep needs a scenario file/],
    [['sweep', SMALL, '--seeds', '0'], /--seeds must be a whole number ≥ 1, got "0"/],
    [['sweep', SMALL, '--seeds', 'many'], /--seeds must be a whole number ≥ 1, got "many"/],
    [['sweep', SMALL, '--from', '1.5'], /--from must be an integer, got "1.5"/],
    [['sweep', SMALL, '--workers', '0'], /--workers must be a whole number ≥ 1, got "0"/],
    [['sweep', SMALL, '--workers', '65'], /--workers must be at most 64, got 65/],
    [['sweep', SMALL, '--shard', '3/2'], /--shard must be K\/N with 1 ≤ K ≤ N, e.g. 1\/4, got "3\/2"/],
    [['sweep', SMALL, '--shard', '1'], /--shard must be K\/N/],
    [['sweep', SMALL, '--out', 'x'], /--out names where --shrink writes its repro; add --shrink/],
    [['replay'], /replay needs the trace file that `run --trace FILE` wrote/],
    [['serve', '--port', 'x'], /--port must be an integer in 0–65535, got "x"/],
  ])('%j is a usage error naming what to fix, exit 2', async (argv, message) => {
    const { code, out, err } = await cli(...argv);
    expect(code).toBe(EXIT.usage);
    expect(out).toBe('');
    expectOneLineError(err, message);
  });
});

describe('errors in the scenario or a file: exit 1, one line', () => {
  it.each([
    ['a missing file', () => join(scratch(), 'none.json'), /none.json: cannot read it \(ENOENT\)$/m],
    ['a missing module', () => join(scratch(), 'none.ts'), /none.ts: cannot read it \(ENOENT\)$/m],
    ['a file that is not JSON', () => file('{ "name": '), /: Unexpected end of JSON input/],
    ['a bad threshold', () => file(JSON.stringify({ ...small(), thresholds: { time_to_placement: ['p(97)<30'] } })), /thresholds.time_to_placement: "p\(97\)<30" uses p\(97\)/],
    ['a field out of range', () => file(JSON.stringify({ ...small(), fleets: [{ ...small().fleets[0], processesPerInstance: 0 }, ...small().fleets.slice(1)] })),
      /scenario.json: fleets\[0\].processesPerInstance must be an integer from 1 to 50, got 0$/m],
    ['a world GameLift refuses', () => file(JSON.stringify({ ...small(), queues: [{ ...small().queues[0], priorityOrder: ['LATENCY', 'LATENCY'] }, ...small().queues.slice(1)] })),
      /scenario.json: GameLift refused the scenario's call: InvalidRequestException: PriorityConfiguration.PriorityOrder\[1\] must not repeat an earlier item, got "LATENCY"$/m],
  ])('%s', async (_, path, message) => {
    const { code, out, err } = await cli('run', path());
    expect(code).toBe(EXIT.error);
    expectOneLineError(err, message);
    // At most the header: it states what was run before anything can go wrong.
    expect(out).toMatch(/^(gamelift-sim [^\n]+\n)?$/);
  });

  it('an error that is no fault of the scenario is one line too, the stack only on request', async () => {
    const { code, err } = await cli('run', SMALL, '--trace', scratch());
    expect(code).toBe(EXIT.error);
    expectOneLineError(err, /--trace .*: cannot write it \(EISDIR\)/);
  });
});

describe('run', () => {
  it('prints a header first with version, scenario and every resolved option, which pasted back runs the same', async () => {
    const { code, out } = await cli('run', SMALL, '--seed=-7');
    const [header] = out.split('\n');
    expect(header).toBe(`gamelift-sim ${VERSION} · scenario small-chaos · npx gamelift-sim run ${SMALL} --seed -7`);
    const again = await cli(...argsOf(header!.split(' · ')[2]!));
    expect(again).toEqual({ code, out, err: '' });
  });

  it('--seed N and --seed=N alike, negative too; the replay line runs the same run', async () => {
    const spaced = await cli('run', SMALL, '--seed', '-3', '--json');
    const joined = await cli('run', SMALL, '--seed=-3', '--json');
    expect(spaced).toEqual(joined);
    const text = await cli('run', SMALL, '--seed', '-3');
    const replay = /^ {2}replay: (.*)$/m.exec(text.out)![1]!;
    expect(replay).toBe(`npx gamelift-sim run ${SMALL} --seed -3`);
    expect(await cli(...argsOf(replay), '--json')).toEqual(spaced);
    expect(JSON.parse(spaced.out).seed).toBe(-3);
    const other = JSON.parse((await cli('run', SMALL, '--seed', '3', '--json')).out);
    expect(other.traceHash).not.toBe(JSON.parse(spaced.out).traceHash);
  });

  it('a string seed is quoted in the replay line so that a shell passes it back whole', async () => {
    const { out } = await cli('run', SMALL, '--seed', "it's mine");
    expect(out).toContain(`--seed 'it'\\''s mine'`);
  });

  it('prints the summary k6-style: placements by status, percentiles, stops, sessions, utilization, API calls, checks by rule, thresholds', async () => {
    const { out } = await cli('run', SMALL, '--seed', HOLDING_SEED);
    for (const line of [
      /^ {2}placements\.+: \d+$/m, /^ {4}FULFILLED\.+: \d+ +\d+\.\d%$/m, /^ {4}TIMED_OUT\.+: /m, /^ {4}CANCELLED\.+: /m, /^ {4}FAILED\.+: /m,
      /^ {2}time_to_placement\.+: p\(50\)=[\d.]+s p\(90\)=[\d.]+s p\(95\)=[\d.]+s p\(99\)=[\d.]+s max=[\d.]+s avg=[\d.]+s$/m,
      /^ {2}stops\.+: accepted \d+, refused \d+$/m, /^ {2}game_sessions\.+: created \d+, peak ACTIVE \d+$/m, /^ {4}at the end\.+: .*TERMINATED \d+/m,
      /^ {2}utilization us-west-2\.+: peak [\d.]+%, mean [\d.]+%$/m, /^ {2}StopGameSessionPlacement\.+: \d+ +errors \d+, throttles 0$/m,
      /^ {2}checks\.+: 100\.0% {2}✓ \d+ {2}✗ 0$/m, /^ {4}✓ PL-5 +held \d+$/m, /^ {4}✓ 'rate<0.65' rate=0\.\d+$/m, /^ {4}✓ 'p\(95\)<40' p\(95\)=[\d.]+$/m,
      /^ {2}trace sha256\.+: [0-9a-f]{64}$/m, /^ {2}✓ all checks, expectations and thresholds held$/m,
    ]) expect(out).toMatch(line);
  });

  it('a crossed threshold exits 99 and reads as a failure, its figure precise enough never to read like a pass', async () => {
    const { code, out } = await cli('run', SMALL, '--seed', CROSSING_SEED);
    expect(code).toBe(EXIT.failed);
    expect(out).toMatch(/^ {4}✗ 'rate<0.65' rate=0\.\d+$/m);
    expect(out).toMatch(/^ {2}✗ FAILED: 1 thresholds crossed$/m);
  });

  it('an unmet expectation exits 99 with the measured value printed past the bound', async () => {
    const path = file(JSON.stringify({ ...small(), thresholds: undefined, expect: { timedOutPercentAtMost: 1 } }));
    const { code, out } = await cli('run', path, '--seed', '2');
    expect(code).toBe(EXIT.failed);
    expect(out).toMatch(/^ {6}- TIMED_OUT % \d+\.\d+, expected at most 1$/m);
  });

  it('--json prints one JSON object: version, scenario, seed, options, traceHash, counts, percentiles, checks, thresholds', async () => {
    const trace = join(scratch(), 't.jsonl');
    const { code, out, err } = await cli('run', SMALL, '--seed', CROSSING_SEED, '--json', '--trace', trace);
    expect(code).toBe(EXIT.failed);
    expect(err).toBe('');
    expect(out.split('\n')).toHaveLength(2);
    const json = JSON.parse(out);
    expect(json).toMatchObject({
      version: VERSION, scenario: 'small-chaos', seed: Number(CROSSING_SEED), options: { trace }, ok: false,
      traceHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      placements: { total: expect.any(Number), FULFILLED: expect.any(Number), TIMED_OUT: expect.any(Number) },
      timeToPlacementSeconds: { p50: expect.any(Number), p90: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number), max: expect.any(Number) },
      checks: { failed: 0, byRule: { 'PL-5': { failed: 0 } } },
      thresholds: [{ metric: 'placements_timed_out', expression: 'rate<0.65', held: false }, { metric: 'time_to_placement', held: true }],
      apiCalls: { StartGameSessionPlacement: { calls: json.placements.total, errors: 0, throttles: 0 } },
    });
  });
});

describe('run --snapshot-at and --from', () => {
  /** A summary without what differs between a straight run and one gone on from a snapshot: wall time and replay line. */
  const comparable = (out: string): string => out.split('\n').filter((l) => !/^gamelift-sim |wall time|replay:|^snapshot at/.test(l)).join('\n');

  it.each([[CROSSING_SEED, '2.5'], [HOLDING_SEED, '4']])('DT-3: seed %s saved at minute %s and gone on from gives the straight run\'s summary and trace hash', async (seed, at) => {
    const snapshot = join(scratch(), 'run.snap');
    const straight = await cli('run', SMALL, '--seed', seed);
    const saving = await cli('run', SMALL, '--seed', seed, '--snapshot-at', at, '--snapshot', snapshot);
    expect(saving.code).toBe(straight.code);
    expect(comparable(saving.out)).toBe(comparable(straight.out));
    const line = saving.out.split('\n').find((l) => l.startsWith(`snapshot at minute ${at} written to ${snapshot}`))!;
    expect(argsOf(line.slice(line.indexOf('npx')))).toEqual(['run', '--from', snapshot]);
    const resumed = await cli('run', '--from', snapshot);
    expect(resumed.code).toBe(straight.code);
    expect(resumed.out.split('\n')[0]).toBe(`gamelift-sim ${VERSION} · scenario small-chaos · npx gamelift-sim run --from ${snapshot} · seed ${seed} · from minute ${at}`);
    expect(comparable(resumed.out)).toBe(comparable(straight.out));
    const json = await cli('run', '--from', snapshot, SMALL, '--json');
    const straightJson = JSON.parse((await cli('run', SMALL, '--seed', seed, '--json')).out);
    // The seed as the straight run has it (a number for `--seed 7`); only the options differ.
    expect({ ...JSON.parse(json.out), options: {} }).toEqual({ ...straightJson, options: {} });
  });

  it('DT-3: --trace with --from writes the straight trace from the snapshot on, which replay checks against a run from the start', async () => {
    const dir = scratch();
    const [full, snapshot, part] = [join(dir, 'full.jsonl'), join(dir, 'run.snap'), join(dir, 'part.jsonl')];
    await cli('run', SMALL, '--seed', HOLDING_SEED, '--trace', full);
    await cli('run', SMALL, '--seed', HOLDING_SEED, '--snapshot-at', '3', '--snapshot', snapshot);
    expect((await cli('run', '--from', snapshot, '--trace', part)).code).toBe(EXIT.ok);
    const entries = (file: string): string[] => readFileSync(file, 'utf8').split('\n').slice(1, -1);
    const [whole, tail] = [entries(full), entries(part)];
    expect(tail.length).toBeGreaterThan(0);
    expect(tail.length).toBeLessThan(whole.length);
    expect(tail).toEqual(whole.slice(whole.length - tail.length));
    const first = (JSON.parse(tail[0]!) as { n: number }).n;
    const header = JSON.parse(readFileSync(part, 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(header).toMatchObject({ scenario: 'small-chaos', seed: Number(HOLDING_SEED), options: { from: snapshot }, firstEntry: first });
    expect(header).not.toHaveProperty('scenarioFile');
    const replay = await cli('replay', part);
    expect(replay.code).toBe(EXIT.ok);
    expect(replay.out).toMatch(new RegExp(`^identical: scenario small-chaos, seed ${HOLDING_SEED} replayed ${tail.length} trace entries from entry ${first} on exactly as`));
    const n = (JSON.parse(tail[5]!) as { n: number }).n;
    tail[5] = tail[5]!.replace(/"t":\d+/, '"t":0');
    writeFileSync(part, [readFileSync(part, 'utf8').split('\n')[0], ...tail, ''].join('\n'));
    expect((await cli('replay', part)).out).toMatch(new RegExp(`^DIFFERENT: .* at entry ${n} \\(DT-1\\)`));
  });

  it.each([
    [['run', SMALL, '--snapshot-at', '2'], /run: --snapshot-at MINUTES and --snapshot FILE go together/],
    [['run', SMALL, '--snapshot-at', 'soon', '--snapshot', 'x'], /--snapshot-at must be a number of minutes ≥ 0, got "soon"/],
    [['run', SMALL, '--snapshot-at', '7', '--snapshot', 'x'], /--snapshot-at must be within the load, 0 to 6 minutes; got 7/],
    [['run', SMALL, '--snapshot-at', '2', '--snapshot', 'x', '--wire'], /cannot save this run: with --wire/],
    [['run', '--from', 'x.snap', '--seed', '2'], /run: --seed does not go with --from/],
    [['run', '--from', 'x.snap', '--wire'], /run: --wire does not go with --from/],
    [['run', join(ROOT, 'test', 'runner', 'fixtures', 'matchmaker.scenario.ts'), '--snapshot-at', '1', '--snapshot', 'x'],
      /--snapshot-at cannot save this run: the scenario runs its own client.*; replay it from the start with its seed instead: npx gamelift-sim run .*matchmaker.scenario.ts --seed 1$/m],
  ])('%j is a usage error (exit 2), one line saying why', async (argv, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(EXIT.usage);
    expectOneLineError(err, message);
  });

  it('--from refuses a snapshot of another scenario, and a file that is no snapshot, saying which (exit 1)', async () => {
    const snapshot = join(scratch(), 'run.snap');
    expect((await cli('run', SMALL, '--seed', '3', '--snapshot-at', '1', '--snapshot', snapshot, '--json')).code).not.toBe(EXIT.usage);
    const other = await cli('run', '--from', snapshot, join(ROOT, 'scenarios', 'chaos.json'));
    expect(other.code).toBe(EXIT.error);
    expectOneLineError(other.err, /--from .*run\.snap: the snapshot is of scenario "small-chaos" as it was defined then \(hash [0-9a-f]{12}\), not of this "chaos"/);
    const notSnapshot = await cli('run', '--from', SMALL);
    expect(notSnapshot.code).toBe(EXIT.error);
    expectOneLineError(notSnapshot.err, /not a gamelift-sim snapshot/);
  });
});

describe('progress', () => {
  /** Runs the CLI with a terminal for standard error; returns what was drawn there. */
  async function withTerminal(...argv: string[]): Promise<{ out: string; drawn: string }> {
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 160 });
    let drawn = '';
    terminal.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    let out = '';
    let clock = 0;
    await main(argv, { out: (t) => (out += `${t}\n`), err: () => {}, progress: terminal, nowMs: () => (clock += 250) });
    return { out, drawn };
  }

  it('run draws virtual time done, placements, events/s and the wall time left on a terminal, and nothing on standard output', async () => {
    const { out, drawn } = await withTerminal('run', SMALL, '--seed', HOLDING_SEED);
    expect(drawn).toMatch(/running .* \d+% \| virtual \d+\/6 min \| placements \d+ \| [\d,]+ events\/s \| ETA \d+h\d{2}m\d{2}s/);
    expect(out).not.toMatch(/running|\x1b/);
  });

  it('sweep draws seeds done, failures so far and an ETA', async () => {
    const { drawn } = await withTerminal('sweep', SMALL, '--seeds', '2', '--from', CROSSING_SEED, '--workers', '1');
    expect(drawn).toMatch(/sweeping .* 2\/2 seeds \| failed [12] \| ETA \d+h\d{2}m\d{2}s/);
  });

  it('sweep writes each failure on a line of its own above the bar, and the closing line where the bar was', async () => {
    // Standard output and error on one terminal, as a user's shell has them: what lands on the screen, in order.
    let transcript = '';
    const terminal = Object.assign(new Writable({ write: (chunk, _, done) => { transcript += String(chunk); done(); } }), { isTTY: true, columns: 160 });
    let clock = 0;
    const code = await main(['sweep', SMALL, '--seeds', '6', '--workers', '1'], {
      out: (t) => (transcript += `${t}\n`), err: (t) => (transcript += `${t}\n`), progress: terminal, nowMs: () => (clock += 250),
    });
    const printed = (await cli('sweep', SMALL, '--seeds', '6', '--workers', '1')).out;
    expect(code).toBe(EXIT.failed);
    expect(failingSeedLines(printed).length).toBeGreaterThan(0);
    // The screen shows what a pipe receives, line for line: no bar glued to a line, none left over.
    expect(screenOf(transcript).map((line) => line.replace(/[\d.]+ s$/, ''))).toEqual(printed.trimEnd().split('\n').map((line) => line.replace(/[\d.]+ s$/, '')));
  });

  it('draws nothing when standard error is not a terminal', async () => {
    expect((await cli('run', SMALL)).err).toBe('');
  });
});

describe('--report', () => {
  it('writes the HTML report with the replay line, and the run is the same run', async () => {
    const report = join(scratch(), 'r.html');
    const plain = await cli('run', SMALL, '--seed', CROSSING_SEED, '--json');
    const { code, out } = await cli('run', SMALL, '--seed', CROSSING_SEED, '--json', '--report', report);
    expect(code).toBe(EXIT.failed);
    expect(JSON.parse(out).traceHash).toBe(JSON.parse(plain.out).traceHash);
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`npx gamelift-sim run ${SMALL} --seed ${CROSSING_SEED}`);
    expect(html).toContain('1 thresholds crossed');
  });

  it('DT-3: a run saved with its report goes on with --from to a report of the whole run: the same charts as the straight run\'s', async () => {
    const dir = scratch();
    const chartsOf = (file: string): unknown[] => JSON.parse(/<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(readFileSync(file, 'utf8'))![1]!);
    await cli('run', SMALL, '--seed', HOLDING_SEED, '--json', '--report', join(dir, 'straight.html'));
    const saving = await cli('run', SMALL, '--seed', HOLDING_SEED, '--json', '--report', join(dir, 'saving.html'), '--snapshot-at', '2.5', '--snapshot', join(dir, 'r.snap'));
    expect(saving.code).toBe(EXIT.ok);
    const resumed = await cli('run', '--from', join(dir, 'r.snap'), '--json', '--report', join(dir, 'resumed.html'));
    expect(resumed.code).toBe(EXIT.ok);
    expect(JSON.parse(resumed.out).traceHash).toBe(JSON.parse(saving.out).traceHash);
    expect(chartsOf(join(dir, 'straight.html')).length).toBeGreaterThan(0);
    expect(chartsOf(join(dir, 'resumed.html'))).toEqual(chartsOf(join(dir, 'straight.html')));
    expect(readFileSync(join(dir, 'resumed.html'), 'utf8')).toContain(`npx gamelift-sim run --from ${join(dir, 'r.snap')}`);
    // A snapshot saved without --report holds no timeline: refused, with what to do instead (exit 1).
    await cli('run', SMALL, '--seed', HOLDING_SEED, '--json', '--snapshot-at', '2.5', '--snapshot', join(dir, 'bare.snap'));
    const bare = await cli('run', '--from', join(dir, 'bare.snap'), '--report', join(dir, 'bare.html'));
    expect(bare.code).toBe(EXIT.error);
    expectOneLineError(bare.err, /--from .*bare\.snap: this snapshot was saved by a run without a report, so it holds no timeline .*: save one with --report beside --snapshot-at/);
  });

  it('a report that cannot be written fails before the run, exit 1', async () => {
    const { code, out, err } = await cli('run', SMALL, '--report', join(scratch(), 'no', 'r.html'));
    expect(code).toBe(EXIT.error);
    expect(out.split('\n')).toHaveLength(2);
    expectOneLineError(err, /--report .*r.html: cannot write it \(ENOENT\)/);
  });
});

describe('--trace and replay (DT-1)', () => {
  it('--trace writes a header naming scenario, seed and options, then every entry of the trace in order; replay finds them identical', async () => {
    const trace = join(scratch(), 'run.jsonl');
    const { out } = await cli('run', SMALL, '--seed', '-5', '--trace', trace, '--json');
    const lines = readFileSync(trace, 'utf8').split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ trace: 'gamelift-sim', version: VERSION, scenario: 'small-chaos', scenarioFile: SMALL, seed: -5, options: { trace } });
    expect(JSON.parse(out).traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(lines.slice(1, -1).map((line) => (JSON.parse(line) as { n: number }).n)).toEqual(lines.slice(1, -1).map((_, n) => n));
    const replay = await cli('replay', trace);
    expect(replay.code).toBe(EXIT.ok);
    expect(replay.out).toMatch(new RegExp(`^identical: scenario small-chaos, seed -5 replayed ${lines.length - 2} trace entries exactly as .* recorded them \\(DT-1\\)\n$`));
  });

  it('replay names the first entry that differs, exit 99', async () => {
    const trace = join(scratch(), 'run.jsonl');
    await cli('run', SMALL, '--trace', trace);
    const lines = readFileSync(trace, 'utf8').split('\n');
    lines[101] = lines[101]!.replace(/"t":\d+/, '"t":0');
    writeFileSync(trace, lines.join('\n'));
    const { code, out } = await cli('replay', trace);
    expect(code).toBe(EXIT.failed);
    expect(out).toMatch(/^DIFFERENT: scenario small-chaos, seed 1 first differs from .* at entry 100 \(DT-1\)\n {2}recorded: \{"n":100,"t":0,"kind":.*\n {2}replayed: \{"n":100,"t":\d{13},"kind":.*\n$/);
  });

  it('replay of a trace from another version says so before its verdict', async () => {
    const trace = join(scratch(), 'run.jsonl');
    await cli('run', SMALL, '--trace', trace);
    const lines = readFileSync(trace, 'utf8').split('\n');
    lines[0] = JSON.stringify({ ...JSON.parse(lines[0]!), version: '0.0.1' });
    writeFileSync(trace, lines.join('\n'));
    const { code, out } = await cli('replay', trace);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(new RegExp(`^note: .*run.jsonl was written by gamelift-sim 0.0.1; this is ${VERSION}\nidentical: `));
  });

  it('replay of a file that is not a trace is an error naming it, exit 1', async () => {
    const { code, err } = await cli('replay', SMALL);
    expect(code).toBe(EXIT.error);
    expectOneLineError(err, /small-chaos.json: not a gamelift-sim trace \(its first line must be the header that `run --trace` writes\)/);
  });

  it('--trace into a folder that does not exist is an error naming it, exit 1', async () => {
    const { code, err } = await cli('run', SMALL, '--trace', join(scratch(), 'no', 'such', 't.jsonl'));
    expect(code).toBe(EXIT.error);
    expectOneLineError(err, /--trace .*t.jsonl: cannot write it \(ENOENT\)/);
  });
});

describe('sweep', () => {
  const failingSeeds = failingSeedLines;

  it('--workers 2, and --shard 1/2 plus 2/2, give the same failures in the same order as one worker', async () => {
    const one = await cli('sweep', SMALL, '--seeds', '8', '--workers', '1');
    expect(one.code).toBe(EXIT.failed);
    expect(failingSeeds(one.out).length).toBeGreaterThan(0);
    expect(failingSeeds(one.out).length).toBeLessThan(16);
    const two = await cli('sweep', SMALL, '--seeds', '8', '--workers', '2');
    expect(failingSeeds(two.out)).toEqual(failingSeeds(one.out));
    const first = await cli('sweep', SMALL, '--seeds', '8', '--workers', '1', '--shard', '1/2');
    const second = await cli('sweep', SMALL, '--seeds', '8', '--workers', '2', '--shard', '2/2');
    expect([...failingSeeds(first.out), ...failingSeeds(second.out)]).toEqual(failingSeeds(one.out));
    expect(first.out).toMatch(/^4 seeds 1\.\.4 \(shard 1\/2 of 1\.\.8\), \d failed, /m);
    expect(second.out).toMatch(/^4 seeds 5\.\.8 \(shard 2\/2 of 1\.\.8\), \d failed, /m);
    expect(one.out.split('\n')[0]).toBe(`gamelift-sim ${VERSION} · scenario small-chaos · npx gamelift-sim sweep ${SMALL} --seeds 8 --from 1 --workers 1`);
  });

  it('each failure\'s replay line reproduces it', async () => {
    const { out } = await cli('sweep', SMALL, '--seeds', '1', '--from', CROSSING_SEED, '--workers', '1');
    const [failure, replay] = failingSeeds(out);
    const { code, out: run } = await cli(...argsOf(replay!.slice('  replay: '.length)));
    expect(code).toBe(EXIT.failed);
    expect(run).toContain(failure!.replace(/^seed -?\d+: /, '').replace(/ crossed: .*/, '').split(' ')[1]);
  });

  it('--json prints one JSON object per seed, in seed order, the closing line on stderr', async () => {
    const { code, out, err } = await cli('sweep', SMALL, '--seeds', '3', '--from', '4', '--workers', '2', '--json');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.seed)).toEqual([4, 5, 6]);
    expect(lines[0]).toMatchObject({ version: VERSION, scenario: 'small-chaos', options: { seeds: 3, from: 4 }, traceHash: expect.any(String) });
    expect(lines[0].replay).toBe(`npx gamelift-sim run ${SMALL} --seed 4`);
    expect(code).toBe(lines.every((l) => l.ok) ? EXIT.ok : EXIT.failed);
    expect(err).toMatch(/^3 seeds 4\.\.6, \d failed, /);
    // What a seed prints does not depend on how many workers ran it.
    expect((await cli('sweep', SMALL, '--seeds', '3', '--from', '4', '--workers', '1', '--json')).out).toBe(out);
  });

  it('the closing line counts a shard of one seed, and an empty shard, as such', async () => {
    const one = await cli('sweep', SMALL, '--seeds', '3', '--from', '4', '--shard', '2/3');
    expect(one.out).toMatch(/^1 seed 5 \(shard 2\/3 of 4\.\.6\), \d failed, /m);
    const none = await cli('sweep', SMALL, '--seeds', '3', '--shard', '1/4');
    expect(none.code).toBe(EXIT.ok);
    expect(none.out).toMatch(/^no seeds \(shard 1\/4 of 1\.\.3\), 0 failed, /m);
  });

  it('a seed whose client throws is a failing seed, on one worker or two: one line and its replay, and the sweep goes on', async () => {
    const scenario = throwingScenario(3);
    const one = await cli('sweep', scenario, '--seeds', '4', '--workers', '1');
    const two = await cli('sweep', scenario, '--seeds', '4', '--workers', '2');
    for (const { code, out, err } of [one, two]) {
      expect(code).toBe(EXIT.failed);
      expect(err).toBe('');
      expect(failingSeeds(out)).toEqual([
        'seed 3: thrown by the run: Error: boom on seed 3',
        `  replay: npx gamelift-sim run ${scenario} --seed 3`,
      ]);
      expect(out).toMatch(/^4 seeds 1\.\.4, 1 failed, /m);
    }
    const json = await cli('sweep', scenario, '--seeds', '4', '--workers', '2', '--json');
    const lines = json.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.ok)).toEqual([true, true, false, true]);
    expect(lines[2]).toEqual({
      version: VERSION, scenario: 'throws', seed: 3, options: { seeds: 4, from: 1 }, ok: false,
      error: 'thrown by the run: Error: boom on seed 3', replay: `npx gamelift-sim run ${scenario} --seed 3`,
    });
    // The replay line throws it again: an error of the client under test, exit 1.
    const replayed = await cli('run', scenario, '--seed', '3');
    expect(replayed.code).toBe(EXIT.error);
    expectOneLineError(replayed.err, /Error: boom on seed 3/);
  });

  it('a .ts scenario in a package without "type": "module" is loaded, in this thread and in workers', async () => {
    const scenario = throwingScenario(2, '{ "name": "commonjs-project" }');
    const { code, out } = await cli('sweep', scenario, '--seeds', '2', '--workers', '2');
    expect(code).toBe(EXIT.failed);
    expect(failingSeeds(out)[0]).toBe('seed 2: thrown by the run: Error: boom on seed 2');
    expect((await cli('run', scenario, '--seed', '1')).code).toBe(EXIT.ok);
  });

  it('--shrink creates a missing --out folder and writes the repro there; the default is inside test/ where vitest collects it', async () => {
    const out = join(scratch(), 'new', 'folder');
    const { code, out: printed } = await cli('sweep', SMALL, '--seeds', '1', '--from', CROSSING_SEED, '--workers', '1', '--shrink', '--out', out);
    expect(code).toBe(EXIT.failed);
    expect(readdirSync(out)).toEqual([`repro-small-chaos-seed-${CROSSING_SEED}.test.ts`]);
    expect(printed).toMatch(/shrunk seed \d+ in \d+ runs to \d+ minutes?(, at most \d+ lobbies)? and \d+ faults?: .*repro-small-chaos-seed-\d+.test.ts/);
    const help = (await cli('sweep', '--help')).out;
    expect(help).toMatch(/default test\/repro \(collected by vitest\)/);
    const vitestConfig = readFileSync(join(ROOT, 'vitest.config.ts'), 'utf8');
    expect(vitestConfig).toContain("include: ['test/**/*.test.ts']");
  });

  it('sweep --shrink on a client scenario module: the repro imports the module, applies the cuts, and fails until the bug is fixed', async () => {
    const scenario = join(ROOT, 'test', 'runner', 'fixtures', 'matchmaker.scenario.ts');
    // Inside the package, so that the repro's `import … from 'gamelift-sim'` resolves as in a user's project.
    const out = mkdtempSync(join(ROOT, 'test', 'repro-scratch-'));
    try {
      const { code, out: printed } = await cli('sweep', scenario, '--seeds', '2', '--from', '2', '--workers', '2', '--shrink', '--out', out);
      expect(code).toBe(EXIT.failed);
      expect(printed).toMatch(/^seed 2: disbanded-lobby-session: /m);
      const [repro] = readdirSync(out);
      expect(repro).toBe('repro-matchmaker-seed-2.test.ts');
      const text = readFileSync(join(out, repro!), 'utf8');
      expect(text).toContain("import definition from '../runner/fixtures/matchmaker.scenario.ts';");
      const run = promisify(execFile);
      const vitest = await run('npx', ['vitest', 'run', join(out, repro!)], { cwd: ROOT }).catch((e: { code: number; stdout: string }) => e);
      expect('code' in vitest ? vitest.code : 0).toBe(1);
      expect(vitest.stdout).toMatch(/1 failed/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('an --out that cannot be created fails at once, before any seed runs, exit 1', async () => {
    const blocker = file('not a folder');
    const { code, out, err } = await cli('sweep', SMALL, '--seeds', '50', '--shrink', '--out', join(blocker, 'sub'));
    expect(code).toBe(EXIT.error);
    expect(out).toBe('');
    expectOneLineError(err, /--out .*sub: cannot create it \(ENOTDIR\)/);
  });
});

describe('the bin script', () => {
  it('passes the exit code to the shell and prints errors without a stack trace', async () => {
    const run = promisify(execFile);
    const failed = await run('node', [join(ROOT, 'bin', 'gamelift-sim.js'), 'run', SMALL, '--seed', '-1', '--json'], { cwd: ROOT }).catch((e: { code: number; stdout: string }) => e);
    expect('code' in failed ? failed.code : 0).toBe(JSON.parse(failed.stdout).ok ? 0 : 99);
  });
});

function small(): Record<string, unknown> & { fleets: Record<string, unknown>[]; queues: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(SMALL, 'utf8'));
}

/** The lines of a sweep's output that name a failing seed or its replay. */
function failingSeedLines(out: string): string[] {
  return out.split('\n').filter((l) => l.startsWith('seed ') || l.startsWith('  replay: '));
}

/**
 * The lines a terminal shows after `transcript`: a minimal terminal for what cli-progress writes (text, CR, LF,
 * save and restore the cursor, cursor to a column, clear to the line's end or the whole line, modes it ignores).
 */
function screenOf(transcript: string): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  let saved = { row: 0, col: 0 };
  // eslint-disable-next-line no-control-regex
  const tokens = transcript.match(/\x1b\[[?\d;]*[A-Za-z]|\x1b[78]|[\s\S]/g) ?? [];
  for (const token of tokens) {
    if (token === '\n') {
      row++;
      col = 0;
      rows[row] ??= [];
    } else if (token === '\r') {
      col = 0;
    } else if (token === '\x1b7') {
      saved = { row, col };
    } else if (token === '\x1b8') {
      ({ row, col } = saved);
    } else if (token.startsWith('\x1b[')) {
      const [, arg, op] = /^\x1b\[([?\d;]*)([A-Za-z])$/.exec(token)!;
      if (op === 'G') col = Number(arg || 1) - 1;
      else if (op === 'K' && (arg === '' || arg === '0')) rows[row]!.length = col;
      else if (op === 'K' && arg === '2') rows[row] = [];
      else if (!arg!.startsWith('?')) throw new Error(`the test's terminal does not know ${JSON.stringify(token)}`);
    } else {
      rows[row]![col++] = token;
    }
  }
  return rows.map((cells) => Array.from(cells, (c) => c ?? ' ').join('').trimEnd()).filter((line, i, all) => line !== '' || i < all.length - 1);
}

/**
 * A scenario module in a folder of its own, with `packageJson` beside it: small-chaos's world, without its thresholds,
 * and a client that places nothing and throws when the run's seed is `seed`.
 */
function throwingScenario(seed: number, packageJson = '{ "type": "module" }'): string {
  const dir = scratch();
  writeFileSync(join(dir, 'package.json'), packageJson);
  const path = join(dir, 'throws.scenario.ts');
  const { thresholds: _, ...world } = small();
  writeFileSync(path, `import { defineScenario } from ${JSON.stringify(join(ROOT, 'src', 'index.ts'))};

export default defineScenario({
  ...${JSON.stringify({ ...world, name: 'throws' })},
  client: ({ seed }) => {
    if (seed === '${seed}') throw new Error('boom\\n  on seed ${seed}');
    return { onLobby: () => {}, onDisband: () => {} };
  },
});
`);
  return path;
}

function file(text: string): string {
  const path = join(scratch(), 'scenario.json');
  writeFileSync(path, text);
  return path;
}
