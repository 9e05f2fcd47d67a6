import { constants, writeFileSync } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isGameLiftError } from '../api/errors.ts';
import { SnapshotError } from '../api/snapshot.ts';
import { failuresOf } from '../runner/expectations.ts';
import { formatRun, summaryJson } from '../runner/report.ts';
import { reproTest } from '../runner/repro.ts';
import { writeReport } from '../report/html.ts';
import { resumeScenario, runScenario, snapshotRefusal } from '../runner/run.ts';
import { Timeline } from '../runner/timeline.ts';
import { definitionOf, readScenario, ScenarioError, type Scenario } from '../runner/scenario.ts';
import { describeThrown, whyFileFailed } from '../api/thrown.ts';
import { failureKind, shrink } from '../runner/shrink.ts';
import { commandLine, oneLine, parseCommand, parseSeed, UsageError, usageMessage, VERSION, wholeNumber, type Parsed } from './args.ts';
import { runProgress, sweepProgress, type Io } from './progress.ts';
import { serve, ServeError } from './serve.ts';
import { defaultWorkers, parseShard, shardSeeds, sweepSeeds, SWEEP_WORKERS_MAX } from './sweep.ts';
import { runOrThrown } from './sweep-worker.ts';
import { replayTrace, TraceFileWriter } from './trace-file.ts';

/** Exit codes, as k6 has them: the README documents them. */
export const EXIT = {
  /** Every check, expectation and threshold held. */
  ok: 0,
  /** An error in the scenario, a file, or the simulator: the run could not tell. */
  error: 1,
  /** A command line that cannot run as given. */
  usage: 2,
  /** The run completed and a check failed, an expectation was not met or a threshold was crossed. */
  failed: 99,
} as const;

/** Where sweep --shrink writes its repro by default: inside `test/`, where vitest's `test/**\/*.test.ts` collects it. */
const REPRO_DIR_DEFAULT = 'test/repro';

const USAGE = `gamelift-sim ${VERSION}: a deterministic simulator of Amazon GameLift session placement

usage:
  gamelift-sim run <scenario.ts|.json> [--seed N] [--wire] [--json] [--trace FILE] [--report FILE.html] [--snapshot-at MINUTES --snapshot FILE]
  gamelift-sim run --from FILE [<scenario.ts|.json>] [--json] [--trace FILE] [--report FILE.html]
  gamelift-sim sweep <scenario.ts|.json> [--seeds N] [--wire] [--from S] [--workers N] [--shard K/N] [--json] [--shrink] [--out DIR]
  gamelift-sim replay <trace.jsonl>
  gamelift-sim serve [--host H] [--port P] [--seed N] [--scenario FILE] [--clock realtime|manual]
  gamelift-sim --version

Run \`gamelift-sim <command> --help\` for a command's options.
Exit codes: 0 all held, 99 a check, expectation or threshold failed, 1 an error in the scenario or a file, 2 usage.`;

const RUN_USAGE = `usage: gamelift-sim run <scenario.ts|.json> [--seed N] [--wire] [--json] [--trace FILE] [--report FILE.html] [--snapshot-at MINUTES --snapshot FILE]
       gamelift-sim run --from FILE [<scenario.ts|.json>] [--json] [--trace FILE] [--report FILE.html]

Runs a scenario with a seed, checks GameLift's placement rules, the scenario's expectations and thresholds, and
prints a summary ending in a replay line.
  --seed N        the run's seed, an integer (negative too) or a string; default 1
  --wire          send the client's calls through the SDK's whole pipeline instead of answering at send
  --json          print the summary as one JSON object instead
  --trace FILE    write the whole trace as JSON Lines, after a header naming the scenario, seed and options
  --report FILE   write a self-contained HTML report: the summary and charts over virtual time
  --snapshot-at MINUTES  save the run this many virtual minutes after its load starts (0 to its duration) in
                  --snapshot FILE; the run goes on to its end as without it
  --from FILE     go on from a snapshot to the end of the run: the same summary and trace hash as running straight
                  through; the snapshot names its scenario and seed (a scenario given must be the same);
                  with --report, charts the whole run (the snapshot must have been saved with --report)
Snapshots are for runs on the bundled reference client: a scenario with its own client or checks, --wire and
transport delays keep state in code, which a snapshot cannot hold.
Exit codes: 0 all held, 99 something failed, 1 an error in the scenario, 2 usage.`;

const SWEEP_USAGE = `usage: gamelift-sim sweep <scenario.ts|.json> [--seeds N] [--from S] [--wire] [--workers N] [--shard K/N] [--json] [--shrink] [--out DIR]

Runs many seeds and prints each failing seed's first failure and replay line, in seed order.
  --seeds N       how many seeds; default 100
  --from S        the first seed; default 1
  --wire          send the client's calls through the SDK's whole pipeline instead of answering at send
  --workers N     worker threads; default the machine's cores (${defaultWorkers()} here); output is the same for any N
  --shard K/N     run only the K-th of N slices of the seeds, for a CI matrix spread over machines
  --json          print one JSON object per seed instead
  --shrink        shrink the first failure to a minimal scenario and write it as a vitest test
  --out DIR       where --shrink writes; created when missing; default ${REPRO_DIR_DEFAULT} (collected by vitest)
A seed whose run throws (your client's error, most often) is a failing seed: its failure says what was thrown.
Exit codes: 0 all held, 99 a seed failed (a check, expectation or threshold, or its run threw), 1 an error in the
scenario or a file, 2 usage.`;

const REPLAY_USAGE = `usage: gamelift-sim replay <trace.jsonl>

Re-runs the scenario and seed named in the header of a trace written by \`run --trace\` and says whether the new trace
is identical (DT-1), naming the first entry that differs.
Exit codes: 0 identical, 99 it differs, 1 the file is not a readable trace, 2 usage.`;

/** The wall clock, taken when this module loads: inside a run `performance.now` is the run's virtual clock. */
const wallNowMs = performance.now.bind(performance);

const PROCESS_IO: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  progress: process.stderr.isTTY === true ? process.stderr : undefined,
  outOnTerminal: process.stdout.isTTY === true,
  nowMs: wallNowMs,
};

/**
 * The `gamelift-sim` command line: a thin shell over the runner and the server. Returns the exit code; writes
 * results to `io.out` and errors, one line each without a stack trace, to `io.err`.
 */
export async function main(argv: readonly string[], io: Io = PROCESS_IO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await run(rest, io);
      case 'sweep':
        return await sweep(rest, io);
      case 'replay':
        return await replay(rest, io);
      case 'serve':
        await serve([...rest]);
        return EXIT.ok;
      case '--version':
      case '-v':
        io.out(VERSION);
        return EXIT.ok;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"; the commands are run, sweep, replay and serve (see --help)`);
    }
  } catch (error) {
    if (isParseArgsError(error)) {
      io.err(`gamelift-sim: ${command}: ${usageMessage(error as Error)}`);
      return EXIT.usage;
    }
    // A message may span lines (a module's syntax error, a client's own error): it is printed on one.
    if (error instanceof UsageError || error instanceof ServeError) {
      io.err(`gamelift-sim: ${oneLine(error.message)}`);
      return EXIT.usage;
    }
    if (error instanceof ScenarioError) {
      io.err(`gamelift-sim: ${oneLine(error.message)}`);
      return EXIT.error;
    }
    // Anything else is an error the scenario provoked in the simulator or a bug: one line, the stack only on request.
    const stack = process.env['GAMELIFT_SIM_STACK'] === undefined ? ' (GAMELIFT_SIM_STACK=1 shows where)' : `\n${(error as Error | undefined)?.stack}`;
    io.err(`gamelift-sim: ${oneLine(describeThrown(error))}${stack}`);
    return EXIT.error;
  }
}

function isParseArgsError(error: unknown): boolean {
  return (error as { code?: string } | null | undefined)?.code?.startsWith('ERR_PARSE_ARGS_') === true;
}

async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals, help } = parseCommand('run', args, {
    seed: { type: 'string' }, json: { type: 'boolean', default: false }, trace: { type: 'string' }, report: { type: 'string' },
    wire: { type: 'boolean', default: false }, 'snapshot-at': { type: 'string' }, snapshot: { type: 'string' }, from: { type: 'string' },
  });
  if (help) return usage(io, RUN_USAGE);
  const from = values['from'] as string | undefined;
  if (from !== undefined) return resume(from, values, positionals, io);
  const path = scenarioPath(positionals, 'run');
  const seed = parseSeed((values['seed'] as string | undefined) ?? '1');
  const trace = values['trace'] as string | undefined;
  const report = values['report'] as string | undefined;
  const json = values['json'] === true;
  const wire = values['wire'] === true;
  const snapshotFile = values['snapshot'] as string | undefined;
  const snapshotAt = values['snapshot-at'] === undefined ? undefined : minutes(values['snapshot-at'] as string, '--snapshot-at');
  if ((snapshotFile === undefined) !== (snapshotAt === undefined)) throw new UsageError('run: --snapshot-at MINUTES and --snapshot FILE go together');
  const options = { ...(wire && { wire }), ...(trace !== undefined && { trace }), ...(report !== undefined && { report }) };
  const replay = commandLine(['run', path, '--seed', seed, ...(wire ? ['--wire'] : [])]);
  const scenario = await readScenario(path);
  const timeline = report === undefined ? undefined : new Timeline();
  if (snapshotAt !== undefined) {
    const refusal = snapshotRefusal(scenario, { wire });
    if (refusal !== undefined) throw new UsageError(`run: --snapshot-at cannot save this run: ${refusal}; replay it from the start with its seed instead: ${replay}`);
    if (snapshotAt > scenario.load.durationMinutes) throw new UsageError(`run: --snapshot-at must be within the load, 0 to ${scenario.load.durationMinutes} minutes; got ${snapshotAt}`);
    await writable(snapshotFile!, '--snapshot');
  }
  const all = { ...options, ...(snapshotAt !== undefined && { 'snapshot-at': String(snapshotAt), snapshot: snapshotFile! }) };
  if (!json) io.out(header(scenario, commandLine(['run', path, '--seed', seed, ...Object.entries(all).flatMap(([k, v]) => (v === true ? [`--${k}`] : [`--${k}`, v]))])));

  const writer = trace === undefined ? undefined : new TraceFileWriter(trace, {
    trace: 'gamelift-sim', version: VERSION, scenario: scenario.name, scenarioFile: path, seed, options, definition: definitionOf(scenario),
    ...(scenario.client !== undefined && { client: true }),
  });
  // Checked now, so that a report that cannot be written fails before the run, not after it.
  if (report !== undefined) await writable(report, '--report');
  let saved: string | undefined;
  const snapshot = snapshotAt === undefined ? undefined : {
    atMinutes: snapshotAt,
    save: (bytes: Uint8Array) => {
      writeSnapshotFile(snapshotFile!, bytes);
      saved = `snapshot at minute ${snapshotAt} written to ${snapshotFile} (${bytes.length.toLocaleString('en-US')} bytes); go on from it with ${commandLine(['run', '--from', snapshotFile!])}`;
    },
  };
  const progress = runProgress(io);
  const started = io.nowMs();
  let result;
  try {
    result = await runScenario(scenario, seed, { onTraceLine: writer?.line, onProgress: (p) => progress.update(p), timeline, wire, snapshot });
  } catch (error) {
    // The scenario asked the simulator for something GameLift refuses: the scenario is what needs fixing.
    if (isGameLiftError(error)) throw new ScenarioError(`${path}: GameLift refused the scenario's call: ${error.name}: ${error.message}`);
    throw error;
  } finally {
    progress.stop();
    writer?.close();
  }
  const wallMs = io.nowMs() - started;
  if (timeline !== undefined) await writeReportFile(report!, { result, timeline, replay });
  if (saved !== undefined && !json) io.out(saved);
  io.out(json ? JSON.stringify(summaryJson(result, { version: VERSION, seed, options: all })) : `\n${formatRun(result, wallMs, replay)}`);
  return failuresOf(result).length === 0 ? EXIT.ok : EXIT.failed;
}

/**
 * `run --from FILE [scenario]`: goes on from a snapshot `run --snapshot-at` saved. The snapshot holds the scenario and
 * seed; a scenario given on the command line must be the one it was saved from. `--trace FILE` writes the trace from
 * the snapshot on (its entries numbered as in the whole run, so `replay` checks them against a run from the start);
 * `--report FILE` charts the whole run, from the timeline a snapshot saved with `--report` holds. Options that shape
 * a whole run (--seed, --wire, --snapshot-at) do not apply.
 */
async function resume(from: string, values: Parsed['values'], positionals: string[], io: Io): Promise<number> {
  for (const option of ['seed', 'snapshot-at', 'snapshot'] as const) {
    if (values[option] !== undefined) throw new UsageError(`run: --${option} does not go with --from: the snapshot holds its seed and options, and goes on from the middle of a run`);
  }
  if (values['wire'] === true) throw new UsageError('run: --wire does not go with --from: snapshots are of runs answered at send');
  if (positionals.length > 1) throw new UsageError(`run --from takes at most one scenario file; unexpected "${positionals[1]}"`);
  const path = positionals[0];
  const scenario = path === undefined ? undefined : await readScenario(path);
  const json = values['json'] === true;
  const trace = values['trace'] as string | undefined;
  if (trace !== undefined) await writable(trace, '--trace');
  const report = values['report'] as string | undefined;
  if (report !== undefined) await writable(report, '--report');
  const timeline = report === undefined ? undefined : new Timeline();
  let bytes: Uint8Array;
  try {
    bytes = await readFile(from);
  } catch (error) {
    throw new ScenarioError(`--from ${from}: cannot read it (${whyFileFailed(error)})`);
  }
  const replay = commandLine(['run', '--from', from]);
  const progress = runProgress(io);
  const started = io.nowMs();
  let seed: number | string = '';
  let writer: TraceFileWriter | undefined;
  let result;
  try {
    result = await resumeScenario(bytes, {
      scenario,
      timeline,
      onProgress: (p) => progress.update(p),
      onTraceLine: (line) => writer?.line(line),
      onResumed: (resumed) => {
        // As the run that saved it was given it: `--seed 7` is the number 7 in its summary, and in this one.
        seed = parseSeed(resumed.seed);
        if (!json) io.out(`${header(resumed.scenario, replay)} · seed ${seed} · from minute ${+resumed.atMinutes.toFixed(3)}`);
        if (trace !== undefined) {
          writer = new TraceFileWriter(trace, {
            trace: 'gamelift-sim', version: VERSION, scenario: resumed.scenario.name, ...(path !== undefined && { scenarioFile: path }),
            seed, options: { from }, firstEntry: resumed.traceEntries, definition: definitionOf(resumed.scenario),
          });
        }
      },
    });
  } catch (error) {
    if (error instanceof SnapshotError) throw new ScenarioError(`--from ${from}: ${error.message}`);
    throw error;
  } finally {
    progress.stop();
    writer?.close();
  }
  const wallMs = io.nowMs() - started;
  if (timeline !== undefined) await writeReportFile(report!, { result, timeline, replay });
  const options = { from, ...(report !== undefined && { report }) };
  io.out(json ? JSON.stringify(summaryJson(result, { version: VERSION, seed, options })) : `\n${formatRun(result, wallMs, replay)}`);
  return failuresOf(result).length === 0 ? EXIT.ok : EXIT.failed;
}

/** A number of virtual minutes, whole or not, at least 0. */
function minutes(text: string, option: string): number {
  const n = /^\d{1,9}(\.\d{1,6})?$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0)) throw new UsageError(`${option} must be a number of minutes ≥ 0, got "${text}"`);
  return n;
}

function writeSnapshotFile(file: string, bytes: Uint8Array): void {
  try {
    writeFileSync(file, bytes);
  } catch (error) {
    throw new ScenarioError(`--snapshot ${file}: cannot write it (${whyFileFailed(error)})`);
  }
}

/**
 * Runs seeds from..from+count-1 (or a shard of them) and prints each failing seed's first failure and replay line,
 * in seed order. With --shrink, the first failure is shrunk to a minimal scenario and written as a vitest file.
 */
async function sweep(args: string[], io: Io): Promise<number> {
  const { values, positionals, help } = parseCommand('sweep', args, {
    seeds: { type: 'string', default: '100' },
    from: { type: 'string', default: '1' },
    workers: { type: 'string' },
    shard: { type: 'string' },
    json: { type: 'boolean', default: false },
    shrink: { type: 'boolean', default: false },
    out: { type: 'string' },
    wire: { type: 'boolean', default: false },
  });
  if (help) return usage(io, SWEEP_USAGE);
  const path = scenarioPath(positionals, 'sweep');
  const count = wholeNumber(values['seeds'] as string, '--seeds', 1);
  const from = integer(values['from'] as string, '--from');
  const workers = values['workers'] === undefined ? defaultWorkers() : wholeNumber(values['workers'] as string, '--workers', 1);
  if (workers > SWEEP_WORKERS_MAX) throw new UsageError(`--workers must be at most ${SWEEP_WORKERS_MAX}, got ${workers}`);
  const shard = values['shard'] === undefined ? undefined : parseShard(values['shard'] as string);
  const json = values['json'] === true;
  const shrinking = values['shrink'] === true;
  const wire = values['wire'] === true;
  if (values['out'] !== undefined && !shrinking) throw new UsageError('sweep: --out names where --shrink writes its repro; add --shrink');
  const out = (values['out'] as string | undefined) ?? REPRO_DIR_DEFAULT;
  const scenario = await readScenario(path);
  // Made before any seed runs, so that a folder that cannot be made fails now, not after all the shrinking work.
  if (shrinking) await makeDir(out);

  const { first, count: shardCount } = shard === undefined ? { first: from, count } : shardSeeds(from, count, shard);
  // What each seed's JSON object says of the sweep: not --workers, which changes nothing of what a seed prints.
  const options = {
    seeds: count, from, ...(wire && { wire }),
    ...(shard && { shard: `${shard.index}/${shard.count}` }), ...(shrinking && { shrink: true, out }),
  };
  const words = ['sweep', path, '--seeds', count, '--from', from, ...(wire ? ['--wire'] : []), '--workers', workers];
  if (shard) words.push('--shard', options.shard!);
  if (shrinking) words.push('--shrink', '--out', out);
  if (!json) io.out(header(scenario, commandLine(words)));

  const progress = sweepProgress(io, shardCount);
  const started = io.nowMs();
  let failed = 0;
  let done = 0;
  let firstFailure: { seed: number; failure: string; lobbies: number } | undefined;
  try {
    for await (const outcome of sweepSeeds(path, first, shardCount, workers, wire, json ? { version: VERSION, options } : undefined)) {
      done++;
      const [failure] = outcome.failures;
      const replay = commandLine(['run', path, '--seed', outcome.seed, ...(wire ? ['--wire'] : [])]);
      if (json) progress.print(() => io.out(JSON.stringify({ ...outcome.json, replay })));
      if (failure !== undefined) {
        failed++;
        firstFailure ??= { seed: outcome.seed, failure, lobbies: outcome.lobbies };
        const more = outcome.failures.length > 1 ? ` (+${outcome.failures.length - 1} more)` : '';
        if (!json) progress.print(() => io.out(`seed ${outcome.seed}: ${failure}${more}\n  replay: ${replay}`));
      }
      progress.update({ done, failed });
    }
  } finally {
    progress.stop();
  }
  const closing = `${seedRange(first, shardCount)}${shard ? ` (shard ${shard.index}/${shard.count} of ${from}..${from + count - 1})` : ''}, ${failed} failed, ${((io.nowMs() - started) / 1000).toFixed(1)} s`;
  // With --json, standard output carries only the per-seed objects; the closing line goes to standard error.
  if (json) io.err(closing);
  else io.out(closing);
  if (shrinking && firstFailure !== undefined) {
    const line = await writeRepro({ scenario, scenarioFile: path, ...firstFailure, wire, outDir: out, origin: commandLine(words) });
    if (json) io.err(line);
    else io.out(line);
  }
  return failed === 0 ? EXIT.ok : EXIT.failed;
}

/** Seeds first..first+count-1 as the closing line counts them: `8 seeds 1..8`, `1 seed 3`, `no seeds`. */
function seedRange(first: number, count: number): string {
  if (count === 0) return 'no seeds';
  return count === 1 ? `1 seed ${first}` : `${count} seeds ${first}..${first + count - 1}`;
}

async function replay(args: string[], io: Io): Promise<number> {
  const { positionals, help } = parseCommand('replay', args, {});
  if (help) return usage(io, REPLAY_USAGE);
  const [path] = positionals;
  if (path === undefined) throw new UsageError('replay needs the trace file that `run --trace FILE` wrote');
  if (positionals.length > 1) throw new UsageError(`replay takes one trace file, got ${positionals.length}`);
  const outcome = await replayTrace(path);
  const what = `scenario ${outcome.header.scenario}, seed ${outcome.header.seed}`;
  // A trace from another version may differ because the simulator changed, not the run: say so first.
  if (outcome.header.version !== VERSION) io.out(`note: ${path} was written by gamelift-sim ${outcome.header.version}; this is ${VERSION}`);
  if (outcome.identical) {
    const entries = outcome.firstEntry === 0 ? `${outcome.entries} trace entries` : `${outcome.entries} trace entries from entry ${outcome.firstEntry} on`;
    io.out(`identical: ${what} replayed ${entries} exactly as ${path} recorded them (DT-1)`);
    return EXIT.ok;
  }
  io.out(`DIFFERENT: ${what} first differs from ${path} at entry ${outcome.entry} (DT-1)`);
  let at = 0;
  while (outcome.recorded[at] === outcome.replayed[at]) at++;
  io.out(`  recorded: ${around(outcome.recorded, at)}`);
  io.out(`  replayed: ${around(outcome.replayed, at)}`);
  return EXIT.failed;
}

/** Shrinks a sweep's first failure (see `shrink`) and writes its repro, which imports the scenario's own file. */
async function writeRepro(found: {
  scenario: Scenario; scenarioFile: string; seed: number; failure: string; lobbies: number; wire: boolean; outDir: string; origin: string;
}): Promise<string> {
  const { scenario, seed, wire } = found;
  const kind = failureKind(found.failure);
  const failureOf = async (candidate: Scenario): Promise<string | undefined> => {
    const ran = await runOrThrown(candidate, seed, wire);
    return ('thrown' in ran ? [ran.thrown] : failuresOf(ran.result)).find((f) => failureKind(f) === kind);
  };
  const { scenario: smallest, cuts, runs } = await shrink(scenario, found.lobbies, async (candidate) => (await failureOf(candidate)) !== undefined);
  const reproFile = join(found.outDir, `repro-${scenario.name}-seed-${seed}.test.ts`);
  await writeFile(reproFile, reproTest({
    scenarioFile: resolve(found.scenarioFile), reproFile: resolve(reproFile), scenarioName: scenario.name, cuts, seed, wire,
    failure: (await failureOf(smallest))!, origin: found.origin,
  }));
  const minutes = smallest.load.durationMinutes;
  const faults = smallest.faults?.length ?? 0;
  const lobbies = smallest.load.lobbiesMax === undefined ? '' : `, at most ${smallest.load.lobbiesMax} lobbies`;
  return `  shrunk seed ${seed} in ${runs} runs to ${minutes} minute${minutes === 1 ? '' : 's'}${lobbies} and ${faults} fault${faults === 1 ? '' : 's'}: ${reproFile}`;
}

async function writeReportFile(file: string, input: Parameters<typeof writeReport>[1]): Promise<void> {
  try {
    await writeReport(file, input);
  } catch (error) {
    throw new ScenarioError(`--report ${file}: cannot write it (${whyFileFailed(error)})`);
  }
}

async function writable(file: string, option: string): Promise<void> {
  try {
    await access(dirname(resolve(file)), constants.W_OK);
  } catch (error) {
    throw new ScenarioError(`${option} ${file}: cannot write it (${whyFileFailed(error)})`);
  }
}

async function makeDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new ScenarioError(`--out ${dir}: cannot create it (${whyFileFailed(error)})`);
  }
}

/** The line a run or sweep starts with: version, scenario, and the command line with every option resolved. */
function header(scenario: Scenario, line: string): string {
  return `gamelift-sim ${VERSION} · scenario ${scenario.name}${retentionNote(scenario)} · ${line}`;
}

/** A retention shorter than GameLift's changes what Describe shows late in a run, so the header says so. */
function retentionNote({ retention }: Scenario): string {
  if (retention === undefined) return '';
  const parts = [
    retention.gameSessionsDays === undefined ? undefined : `ended game sessions ${+(retention.gameSessionsDays * 24).toFixed(2)} h`,
    retention.placementsHours === undefined ? undefined : `settled placements ${retention.placementsHours} h`,
  ].filter((p) => p !== undefined);
  return ` · retention shortened: ${parts.join(', ')}`;
}

function usage(io: Io, text: string): number {
  io.out(text);
  return EXIT.ok;
}

function scenarioPath(positionals: string[], command: string): string {
  const [path, ...extra] = positionals;
  if (path === undefined) throw new UsageError(`${command} needs a scenario file, e.g. gamelift-sim ${command} scenarios/evening-peak.json`);
  if (extra.length > 0) throw new UsageError(`${command} takes one scenario file; unexpected "${extra[0]}"`);
  return path;
}

function integer(text: string, option: string): number {
  if (!/^-?\d{1,15}$/.test(text)) throw new UsageError(`${option} must be an integer, got "${text}"`);
  return Number(text);
}

/** How much of a trace line to show on each side of where it differs, in characters. */
const DIFF_CONTEXT_CHARS = 100;

/** A trace line cut to the part around character `at`, where it differs from the other. */
function around(line: string, at: number): string {
  const from = Math.max(0, at - DIFF_CONTEXT_CHARS);
  const to = at + DIFF_CONTEXT_CHARS;
  return `${from > 0 ? '…' : ''}${line.slice(from, to)}${to < line.length ? '…' : ''}`;
}
