import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOrThrown } from '../../src/cli/sweep-worker.ts';
import type { ClientFactory } from '../../src/runner/define.ts';
import { checkScenario } from '../../src/runner/scenario.ts';

const SMALL = join(import.meta.dirname, 'fixtures', 'small-chaos.json');

/** small-chaos's world with `client` as its client. */
function withClient(client: ClientFactory) {
  return checkScenario({ ...JSON.parse(readFileSync(SMALL, 'utf8')), client }, 'test');
}

describe('runOrThrown', () => {
  it('gives a run that holds its result', async () => {
    const ran = await runOrThrown(withClient(() => ({ onLobby: () => {}, onDisband: () => {} })), 1, false);
    expect('result' in ran && ran.result.scenario).toBe('small-chaos');
  });

  it('gives what a run threw as one line, cut at 300 characters', async () => {
    const message = `first line\n    then ${'x'.repeat(1_000)}`;
    const ran = await runOrThrown(withClient(() => { throw new RangeError(message); }), 1, false);
    expect(ran).toEqual({ thrown: `thrown by the run: ${`RangeError: first line then ${'x'.repeat(1_000)}`.slice(0, 300)}…` });
  });

  it('says so when what a run threw is no Error', async () => {
    const ran = await runOrThrown(withClient(() => { throw 'out of tickets'; }), 1, false);
    expect(ran).toEqual({ thrown: 'thrown by the run: a non-Error value: out of tickets' });
  });
});
