import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { runProgress, sweepProgress, type Io } from '../../src/cli/progress.ts';

const MINUTE_MS = 60_000;

/** An Io whose standard error is a terminal that keeps what is drawn, and whose wall clock the test sets. */
function terminalIo(outOnTerminal?: boolean): { io: Io; drawn: () => string; setNowMs: (ms: number) => void } {
  const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 160 });
  let drawn = '';
  terminal.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
  let nowMs = 0;
  const io: Io = { out: () => {}, err: () => {}, progress: terminal, nowMs: () => nowMs, ...(outOnTerminal !== undefined && { outOnTerminal }) };
  return { io, drawn: () => drawn, setNowMs: (ms) => (nowMs = ms) };
}

describe('runProgress', () => {
  it('paces events/s and the wall time left from its first update: a run resumed half way in is not counted as done in no time', async () => {
    const { io, drawn, setNowMs } = terminalIo();
    const bar = runProgress(io);
    // Resumed from a snapshot at minute 30 of 60, a million events already run.
    bar.update({ virtualMs: 30 * MINUTE_MS, loadMs: 60 * MINUTE_MS, placements: 100, eventsRun: 1_000_000 });
    setNowMs(10_000);
    // 10 virtual minutes and 10,000 events in 10 s of wall time: 20 minutes left take 20 s more.
    bar.update({ virtualMs: 40 * MINUTE_MS, loadMs: 60 * MINUTE_MS, placements: 200, eventsRun: 1_010_000 });
    // The bar draws at most every 100 ms; the second update is drawn on its next tick.
    await sleep(250);
    bar.stop();
    expect(drawn()).toContain('virtual 30/60 min | placements 100 | 0 events/s | ETA …');
    expect(drawn()).toContain('virtual 40/60 min | placements 200 | 1,000 events/s | ETA 0h00m20s');
  });
});

describe('a bar and Ctrl-C', () => {
  it('listens for SIGINT only while drawn; on it, shows the cursor again and raises the signal anew', async () => {
    const { io, drawn } = terminalIo();
    const before = process.listeners('SIGINT');
    const bar = sweepProgress(io, 10);
    const added = process.listeners('SIGINT').filter((l) => !before.includes(l));
    expect(added).toHaveLength(1);
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      (added[0] as () => void)();
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGINT');
    } finally {
      kill.mockRestore();
    }
    await sleep(10);
    expect(drawn()).toContain('\x1b[?25h');
    expect(process.listeners('SIGINT')).toEqual(before);
    bar.update({ done: 1, failed: 0 });
    expect(process.listeners('SIGINT')).toHaveLength(before.length + 1);
    bar.stop();
    expect(process.listeners('SIGINT')).toEqual(before);
  });
});

describe('printing beside a bar', () => {
  /** How many times a bar was started: each start saves the cursor's place. */
  const starts = (drawn: string): number => drawn.split('\x1b7').length - 1;

  it('a line for the bar\'s terminal clears the bar, which is drawn again at the next update', () => {
    const { io, drawn } = terminalIo();
    const bar = sweepProgress(io, 3);
    for (let done = 1; done <= 3; done++) {
      bar.print(() => {});
      bar.update({ done, failed: done });
    }
    bar.stop();
    expect(starts(drawn())).toBe(4);
  });

  it('a line that goes to a file or a pipe leaves the bar as it is', () => {
    const { io, drawn } = terminalIo(false);
    const bar = sweepProgress(io, 3);
    const printed: number[] = [];
    for (let done = 1; done <= 3; done++) {
      bar.print(() => printed.push(done));
      bar.update({ done, failed: done });
    }
    bar.stop();
    expect(printed).toEqual([1, 2, 3]);
    expect(starts(drawn())).toBe(1);
  });
});
