import nodeCrypto, { randomBytes as importedRandomBytes, randomInt as importedRandomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RANDOM_BYTES_MAX } from '../../src/client/random-sources.ts';
import { runClient } from '../../src/client/run-client.ts';
import { quickSimulation } from '../support/fixtures.ts';

/** Runs `fn` in virtual time on a fresh simulation of `seed`, and gives what it returned. */
async function inRun<T>(seed: number, fn: () => T | Promise<T>): Promise<T> {
  const run = await runClient(quickSimulation(seed), fn);
  if (!run.settled) throw new Error('the run did not settle');
  return run.value;
}

/** What a call throws, as its code and message. */
function thrown(call: () => unknown): { code: unknown; message: string } {
  try {
    call();
  } catch (error) {
    return { code: (error as { code?: unknown }).code, message: (error as Error).message };
  }
  throw new Error('the call did not throw');
}

describe("node:crypto's random sources in a run", () => {
  it('DT-1: randomBytes, randomFillSync and randomInt (ESM imports included) draw from the seed', async () => {
    const draws = (seed: number): Promise<unknown> => inRun(seed, () => ({
      bytes: importedRandomBytes(8).toString('hex'),
      module: nodeCrypto.randomBytes(4).toString('hex'),
      filled: [...nodeCrypto.randomFillSync(new Uint8Array(4))],
      ints: [importedRandomInt(10), nodeCrypto.randomInt(-5, 5), nodeCrypto.randomInt(0, 2 ** 48 - 1)],
    }));
    const first = await draws(7);
    expect(await draws(7)).toEqual(first);
    expect(await draws(8)).not.toEqual(first);
    const { ints } = first as { ints: number[] };
    expect(ints[0]).toBeGreaterThanOrEqual(0);
    expect(ints[0]).toBeLessThan(10);
    expect(ints[1]).toBeGreaterThanOrEqual(-5);
    expect(ints[1]).toBeLessThan(5);
  });

  it('DT-1: randomInt draws every value of its range about equally often, and nothing outside it', async () => {
    const seen = await inRun(1, () => {
      const counts = new Map<number, number>();
      for (let i = 0; i < 6_000; i++) {
        const value = nodeCrypto.randomInt(1, 7);
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => a[0] - b[0]);
    });
    expect(seen.map(([value]) => value)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const [, count] of seen) expect(count).toBeGreaterThan(800); // 1,000 expected each

  });

  it('randomInt takes (max), (max, callback), (min, max) and (min, max, callback), as Node reads them', async () => {
    const values = await inRun(2, () => new Promise<number[]>((resolve) => {
      const got = [nodeCrypto.randomInt(3), nodeCrypto.randomInt(5, undefined as never), nodeCrypto.randomInt(7, 9)];
      nodeCrypto.randomInt(3, (error, value) => {
        got.push(value);
        nodeCrypto.randomInt(10, 12, (e, v) => resolve([...got, v]));
      });
    }));
    expect(values[0]).toBeLessThan(3);
    expect(values[1]).toBeLessThan(5);
    expect(values[2]).toBeGreaterThanOrEqual(7);
    expect(values[3]).toBeLessThan(3);
    expect(values[4]).toBeGreaterThanOrEqual(10);
  });

  it('DT-2: the callback forms call back on a later virtual turn, never at once', async () => {
    const log = await inRun(3, () => new Promise<string[]>((resolve) => {
      const order: string[] = [];
      nodeCrypto.randomBytes(4, (error, buffer) => order.push(`bytes ${error} ${buffer.length}`));
      nodeCrypto.randomInt(100, (error, value) => order.push(`int ${error} ${typeof value}`));
      const target = new Uint8Array(8);
      nodeCrypto.randomFill(target, 2, 4, (error, filled) => {
        order.push(`fill ${error} ${filled === target} ${target[0]} ${target[7]}`);
        resolve(order);
      });
      order.push('returned');
    }));
    expect(log).toEqual(['returned', 'bytes null 4', 'int null number', 'fill null true 0 0']);
  });

  it('DT-1: the old names of randomBytes (pseudoRandomBytes, prng, rng) draw from the seed too', async () => {
    // Deprecated, so not in Node's types; there all the same.
    const legacy = nodeCrypto as unknown as Record<'pseudoRandomBytes' | 'prng' | 'rng', (size: number) => Buffer>;
    const draws = (seed: number): Promise<string[]> => inRun(seed, () => [legacy.pseudoRandomBytes(4), legacy.prng(4), legacy.rng(4)].map((b) => b.toString('hex')));
    expect(await draws(5)).toEqual(await draws(5));
    expect(await draws(6)).not.toEqual(await draws(5));
  });

  it('randomFillSync counts offset and size in the elements of a typed array, as Node does', async () => {
    const words = await inRun(1, () => {
      const target = new Uint32Array(4);
      nodeCrypto.randomFillSync(target, 1, 2);
      return [...target];
    });
    expect(words[0]).toBe(0);
    expect(words[3]).toBe(0);
    expect(words[1]! + words[2]!).toBeGreaterThan(0);
  });

  it('randomFillSync fills only the region asked for', async () => {
    const bytes = await inRun(1, () => {
      const target = new Uint8Array(64);
      nodeCrypto.randomFillSync(target, 8, 16);
      return target;
    });
    expect(bytes.subarray(0, 8).every((b) => b === 0)).toBe(true);
    expect(bytes.subarray(24).every((b) => b === 0)).toBe(true);
    expect(bytes.subarray(8, 24).some((b) => b !== 0)).toBe(true);
  });

  it('refuses what Node refuses, with its codes and messages, and sizes beyond the run\'s limit of 1 MiB', async () => {
    const errors = await inRun(1, () => [
      thrown(() => nodeCrypto.randomBytes(-1)),
      thrown(() => nodeCrypto.randomBytes('1' as never)),
      thrown(() => nodeCrypto.randomBytes(RANDOM_BYTES_MAX + 1)),
      thrown(() => nodeCrypto.randomBytes(4, 'x' as never)),
      thrown(() => nodeCrypto.randomFillSync('abc' as never)),
      thrown(() => nodeCrypto.randomFillSync(new Uint8Array(4), 5)),
      thrown(() => nodeCrypto.randomFillSync(new Uint8Array(4), 1, 4)),
      thrown(() => nodeCrypto.randomInt(5, 5)),
      thrown(() => nodeCrypto.randomInt(0, 2 ** 48 + 1)),
      thrown(() => nodeCrypto.randomInt(0.5)),
      thrown(() => nodeCrypto.randomFillSync(new Uint8Array(RANDOM_BYTES_MAX + 1))),
      thrown(() => nodeCrypto.randomFillSync(new Uint32Array(4), 0, 5)),
      thrown(() => nodeCrypto.randomInt(1, 5, 'x' as never)),
      thrown(() => nodeCrypto.randomInt(2 ** 49)),
      thrown(() => nodeCrypto.randomBytes(10n as never)),
    ]);
    expect(errors.map((e) => e.code)).toEqual([
      'ERR_OUT_OF_RANGE', 'ERR_INVALID_ARG_TYPE', 'ERR_OUT_OF_RANGE', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_TYPE',
      'ERR_OUT_OF_RANGE', 'ERR_OUT_OF_RANGE', 'ERR_OUT_OF_RANGE', 'ERR_OUT_OF_RANGE', 'ERR_INVALID_ARG_TYPE',
      'ERR_OUT_OF_RANGE', 'ERR_OUT_OF_RANGE', 'ERR_INVALID_ARG_TYPE', 'ERR_OUT_OF_RANGE', 'ERR_INVALID_ARG_TYPE',
    ]);
    // Node's own messages, word for word (checked against Node 20's):
    expect(errors[11]!.message).toBe('The value of "size + offset" is out of range. It must be <= 16. Received 20');
    expect(errors[13]!.message).toBe('The value of "max" is out of range. It must be <= 281474976710655. Received 562_949_953_421_312');
    expect(errors[14]!.message).toBe('The "size" argument must be of type number. Received type bigint (10n)');
    expect(errors[2]!.message).toBe(`The value of "size" is out of range. It must be >= 0 && <= ${RANDOM_BYTES_MAX} (a simulated run's limit per call). Received ${RANDOM_BYTES_MAX + 1}`);
    expect(errors[7]!.message).toBe('The value of "max" is out of range. It must be greater than the value of "min" (5). Received 5');
    expect(errors[9]!.message).toBe('The "max" argument must be a safe integer. Received type number (0.5)');
  });

  it('DT-2: the real functions are back after the run', async () => {
    const before = [nodeCrypto.randomBytes, nodeCrypto.randomFillSync, nodeCrypto.randomFill, nodeCrypto.randomInt, importedRandomBytes];
    await inRun(1, () => expect(nodeCrypto.randomBytes).not.toBe(before[0]));
    expect([nodeCrypto.randomBytes, nodeCrypto.randomFillSync, nodeCrypto.randomFill, nodeCrypto.randomInt, importedRandomBytes]).toEqual(before);
  });
});
