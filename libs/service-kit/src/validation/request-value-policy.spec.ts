import { REQUEST_LIMITS, requestValueViolations, storableText, textViolation } from './request-value-policy';

describe('the limits every request keeps', () => {
  it('takes ordinary values, emoji and other astral characters included', () => {
    expect(requestValueViolations({ name: 'Zoë 🚀', values: [0, -1e15, 1e15, 0.5], nested: { ok: true, none: null } }, 'body')).toEqual([]);
  });

  it('refuses NUL and lone surrogates in values and keys, naming where', () => {
    expect(requestValueViolations({ a: 'x\u0000y' }, 'body')).toEqual([{ field: 'body.a', reason: expect.stringContaining('NUL') }]);
    expect(requestValueViolations({ list: ['ok', 'bad\uD83D'] }, 'body')).toEqual([{ field: 'body.list.1', reason: expect.stringContaining('lone surrogate') }]);
    expect(requestValueViolations({ '\uDC00': 1 }, 'body')).toEqual([{ field: 'body.\\udc00', reason: expect.stringContaining('lone surrogate') }]);
    expect(textViolation('\uD83D\uDE80')).toBeUndefined();
  });

  it('refuses strings and keys over their limits', () => {
    expect(requestValueViolations({ note: 'x'.repeat(REQUEST_LIMITS.maxStringLength + 1) }, 'body')).toEqual([{ field: 'body.note', reason: 'must be at most 10000 characters' }]);
    expect(requestValueViolations({ ['k'.repeat(300)]: 1 }, 'body')).toEqual([{ field: expect.stringMatching(/^body\.k{64}\.\.\.$/), reason: expect.stringContaining('key') }]);
  });

  it('refuses numbers that are not finite or outside ±1e15, so no sum of them can overflow', () => {
    expect(requestValueViolations({ v: Infinity, w: NaN, x: 1.000001e15, y: -2e15 }, '').map((v) => v.field)).toEqual(['v', 'w', 'x', 'y']);
  });

  it('refuses a number so close to 0 that dividing by it would overflow, and takes 0 itself', () => {
    expect(requestValueViolations({ target: 5e-324, tiny: -1e-10, zero: 0, small: 1e-9 }, '')).toEqual([
      { field: 'target', reason: 'must be 0 or at least 1e-9 in magnitude' },
      { field: 'tiny', reason: 'must be 0 or at least 1e-9 in magnitude' },
    ]);
  });

  it('refuses nesting deeper than the limit without recursion, even 100,000 levels deep', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(requestValueViolations({ deep }, 'body')).toEqual([{ field: expect.stringMatching(/^body\.deep(\.0)+$/), reason: 'is nested deeper than 32 levels' }]);
  });

  it('reports at most a bounded number of violations', () => {
    expect(requestValueViolations(Array.from({ length: 1000 }, () => '\u0000'), 'body')).toHaveLength(REQUEST_LIMITS.maxReported);
  });
});

describe('storableText', () => {
  it('replaces what storage refuses, and only that', () => {
    expect(storableText('a\u0000b\uD800c\uD83D\uDE80')).toBe('a\uFFFDb\uFFFDc\uD83D\uDE80');
  });
});
