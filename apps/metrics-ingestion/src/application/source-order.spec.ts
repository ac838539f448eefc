import { compareSourceOrder } from './source-order';

describe('ordering a record’s changes by the source’s own order', () => {
  const v = (value: number) => ({ kind: 'version' as const, value });

  it('takes any order for a record that has none yet, and a later one after it', () => {
    expect(compareSourceOrder(undefined, undefined)).toEqual({ verdict: 'newer' });
    expect(compareSourceOrder(undefined, v(3))).toEqual({ verdict: 'newer' });
    expect(compareSourceOrder(v(3), v(4))).toEqual({ verdict: 'newer' });
  });

  it('tells an older delivery and the same version from a newer one', () => {
    expect(compareSourceOrder(v(3), v(2))).toEqual({ verdict: 'older' });
    expect(compareSourceOrder(v(3), v(3))).toEqual({ verdict: 'same' });
  });

  it('refuses a change without the order its record has, or with the other kind of order', () => {
    expect(compareSourceOrder(v(3), undefined)).toEqual({ verdict: 'refused', field: 'source.version', reason: expect.stringContaining('send it with every change') });
    expect(compareSourceOrder(v(3), { kind: 'modifiedAt', value: 10 })).toEqual({ verdict: 'refused', field: 'source.modifiedAt', reason: expect.stringContaining('ordered by its source.version') });
  });
});
