import fc from 'fast-check';
import { ExactSum, exactSum } from './exact-sum';
import { referenceExactSum } from './exact-sum.reference';

describe('the exact sum', () => {
  it('gives what Python math.fsum gives where naive addition drifts', () => {
    expect(exactSum(Array(10).fill(0.1))).toBe(1);
    expect(exactSum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50])).toBe(1e-100);
    expect(exactSum([1e16, 1.0, 1e-16])).toBe(10000000000000002);
    expect(exactSum([0.1, 0.2, 0.3, -0.6])).toBe(2.7755575615628914e-17); // the doubles, exactly: not the decimals
    expect(exactSum([2 ** 53, 1, 1])).toBe(2 ** 53 + 2);
    expect(exactSum([2 ** 53, -0.5, -(2 ** -54)])).toBe(2 ** 53 - 1);
  });

  it('is 0 for nothing and never -0', () => {
    expect(Object.is(exactSum([]), 0)).toBe(true);
    expect(Object.is(exactSum([-0, -0]), 0)).toBe(true);
    expect(Object.is(exactSum([-5, 5]), 0)).toBe(true);
  });

  it('is the correctly rounded exact sum, in any order', () => {
    const wide = fc.double({ min: -1e30, max: 1e30, noNaN: true, noDefaultInfinity: true }).filter((x) => x === 0 || Math.abs(x) > 1e-200);
    const cents = fc.integer({ min: -1e11, max: 1e11 }).map((c) => c / 100);
    fc.assert(
      fc.property(fc.array(fc.oneof(wide, cents, fc.integer({ min: -1e9, max: 1e9 })), { maxLength: 40 }), fc.infiniteStream(fc.nat()), (values, keys) => {
        const expected = referenceExactSum(values);
        expect(exactSum(values)).toBe(expected);
        const order = values.map((value) => ({ value, key: keys.next().value as number })).sort((a, b) => a.key - b.key);
        expect(exactSum(order.map(({ value }) => value))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('starts over after reset', () => {
    const sum = new ExactSum();
    sum.add(1e100);
    sum.reset();
    sum.add(0.5);
    expect(sum.value()).toBe(0.5);
  });
});
