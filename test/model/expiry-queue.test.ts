import { describe, expect, it } from 'vitest';
import { ExpiryQueue } from '../../src/model/expiry-queue.ts';

describe('ExpiryQueue', () => {
  it('expires items in the order they were added, at their due time, each with its position, through compaction', () => {
    const queue = new ExpiryQueue<string>();
    expect(queue.push('a', 10)).toBe(true);
    expect(queue.push('b', 10)).toBe(false);
    for (let i = 0; i < 3000; i++) queue.push(`x${i}`, 20 + i);
    expect(queue.nextDueMs()).toBe(10);
    const seen: [string, number][] = [];
    queue.takeDue(9, (item, position) => seen.push([item, position]));
    expect(seen).toEqual([]);
    queue.takeDue(20, (item, position) => seen.push([item, position]));
    expect(seen).toEqual([['a', 0], ['b', 1], ['x0', 2]]);
    queue.takeDue(2500, () => undefined);
    // Past the compaction, positions still name the same items.
    expect(queue.at(2 + 2481)).toBe('x2481');
    expect(queue.at(2 + 2480)).toBeUndefined();
    expect(queue.nextPosition).toBe(3002);
    expect(queue.size).toBe(3000 - 2481);
    expect([...queue.withPositions()].slice(0, 2)).toEqual([['x2481', 2 + 2481], ['x2482', 2 + 2482]]);
  });

  it('refuses an item due before the last one: expiry order is addition order', () => {
    const queue = new ExpiryQueue<number>();
    queue.push(1, 100);
    expect(() => queue.push(2, 99)).toThrow(/before the last/);
  });
});
