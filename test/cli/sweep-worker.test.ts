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

  it('gives what a run threw as one line, its message cut at 300 characters', async () => {
    const message = `first line\n    then ${'x'.repeat(1_000)}`;
    const ran = await runOrThrown(withClient(() => { throw new RangeError(message); }), 1, false);
    expect(ran).toEqual({ thrown: `RangeError thrown by the run: ${`first line then ${'x'.repeat(1_000)}`.slice(0, 300)}…` });
  });

  it('names a thrown value that is no Error as an Error with its text', async () => {
    const ran = await runOrThrown(withClient(() => { throw 'out of tickets'; }), 1, false);
    expect(ran).toEqual({ thrown: 'Error thrown by the run: out of tickets' });
  });
});
