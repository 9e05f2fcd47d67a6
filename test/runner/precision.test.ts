import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAgainst } from '../../src/runner/precision.ts';

describe('formatAgainst', () => {
  it('prints 3.005 against 3 as 3.005, not as 3.0', () => {
    expect(formatAgainst(3.005, 3)).toBe('3.005');
    expect(formatAgainst(2.9999, 3)).toBe('2.9999');
    expect(formatAgainst(3, 3)).toBe('3.0');
    expect(formatAgainst(0.0312, 0.03)).toBe('0.031');
    expect(formatAgainst(27.3, 30)).toBe('27.3');
  });

  it('a printed figure is on the same side of its bound as the figure itself', () => {
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (measured, bound) => {
      const shown = Number(formatAgainst(measured, bound));
      expect(Math.sign(shown - bound)).toBe(Math.sign(measured - bound));
    }));
  });
});
