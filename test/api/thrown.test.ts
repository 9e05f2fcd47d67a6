import { describe, expect, it } from 'vitest';
import { describeThrown, thrownMessage, whyFileFailed } from '../../src/api/thrown.ts';

describe('what was thrown, as text', () => {
  it('an Error is its name and message; anything else says it is no Error, with its text', () => {
    expect(describeThrown(new TypeError('x is undefined'))).toBe('TypeError: x is undefined');
    expect(thrownMessage(new TypeError('x is undefined'))).toBe('x is undefined');
    expect(describeThrown('out of tickets')).toBe('a non-Error value: out of tickets');
    expect(thrownMessage('out of tickets')).toBe('a non-Error value: out of tickets');
    expect(describeThrown(undefined)).toBe('a non-Error value: undefined');
    expect(describeThrown(null)).toBe('a non-Error value: null');
  });

  it('a value that has no text (no prototype, or a toString that throws) is named by its type, and nothing throws', () => {
    expect(describeThrown(Object.create(null))).toBe('a non-Error value: (object)');
    expect(describeThrown({ toString: () => { throw new Error('no'); } })).toBe('a non-Error value: (object)');
  });

  it('a file error is its system code, else what was thrown', () => {
    expect(whyFileFailed(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }))).toBe('ENOENT');
    expect(whyFileFailed(new Error('disk on fire'))).toBe('disk on fire');
    expect(whyFileFailed(undefined)).toBe('a non-Error value: undefined');
  });
});
