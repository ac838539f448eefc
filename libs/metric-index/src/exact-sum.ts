import { withRoom } from './column-growth';

/**
 * The exact sum of doubles, rounded once, correctly, at the end (as Python's math.fsum gives it),
 * so the result does not depend on the order of the additions. Values must be finite and the sum
 * within the range of a double.
 *
 * While the sum fits a double-double (high + low, about 106 bits: always, for amounts of money), it
 * is kept so, each addition checked to lose nothing; the first that would lose bits moves the sum
 * to Shewchuk's partials, non-overlapping doubles whose exact sum is the sum, of any width.
 */
export class ExactSum {
  private high = 0;
  private low = 0;
  /** Once the double-double could not hold the sum: partials[0, count), smallest first. */
  private partials = new Float64Array(16);
  private count = 0;

  reset(): void {
    this.high = 0;
    this.low = 0;
    this.count = 0;
  }

  add(x: number): void {
    if (x === 0) return; // changes nothing, and keeps the partials short
    if (this.count > 0) return this.addToPartials(x);
    // high + x = s + e, and low + e = t + lost, exactly (TwoSum)
    const high = this.high;
    const low = this.low;
    const s = high + x;
    const sv = s - high;
    const e = high - (s - sv) + (x - sv);
    const t = low + e;
    const tv = t - low;
    const lost = low - (t - tv) + (e - tv);
    if (lost !== 0) {
      this.high = this.low = 0;
      this.addToPartials(s);
      this.addToPartials(t);
      this.addToPartials(lost);
      return;
    }
    // high + low = s + t, exactly, renormalised
    this.high = s + t;
    const hv = this.high - s;
    this.low = s - (this.high - hv) + (t - hv);
  }

  private addToPartials(x: number): void {
    if (x === 0) return;
    const partials = this.partials;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      let y = partials[i];
      if (Math.abs(x) < Math.abs(y)) {
        const larger = y;
        y = x;
        x = larger;
      }
      const high = x + y;
      const low = y - (high - x);
      if (low !== 0) partials[kept++] = low;
      x = high;
    }
    if (kept === partials.length) this.partials = withRoom(partials, kept + 1);
    this.partials[kept] = x;
    this.count = kept + 1;
  }

  /** Whether the sum is still held as a double-double: then `high + low` is exactly the sum (see highPart, lowPart). */
  get isDoubleDouble(): boolean {
    return this.count === 0;
  }

  get highPart(): number {
    return this.high;
  }

  get lowPart(): number {
    return this.low;
  }

  /** The exact sum so far, correctly rounded (half to even); 0 for nothing, never -0. */
  value(): number {
    // The double-double is exact: its one rounding is the correct one.
    if (this.count === 0) return this.high + this.low + 0;
    const partials = this.partials;
    let n = this.count;
    let high = partials[--n];
    let low = 0;
    // Add from the largest down while that stays exact.
    while (n > 0) {
      const x = high;
      const y = partials[--n];
      high = x + y;
      low = y - (high - x);
      if (low !== 0) break;
    }
    // Half-way between two doubles by `low` alone, but the partials below push the same way:
    // round away from `high`, as the exact sum is not half-way after all.
    if (n > 0 && ((low < 0 && partials[n - 1] < 0) || (low > 0 && partials[n - 1] > 0))) {
      const twice = low * 2;
      const rounded = high + twice;
      if (twice === rounded - high) high = rounded;
    }
    return high + 0;
  }
}

/** The correctly rounded exact sum of `values`. */
export function exactSum(values: Iterable<number>): number {
  const sum = new ExactSum();
  for (const value of values) sum.add(value);
  return sum.value();
}

/**
 * Double-double prefix sums, continuing from pair `from` of `sums`: pair k + 1 is pair k plus
 * values[valuesFrom + k - from] (high + low, by TwoSum), for k in [from, from + count). Entries
 * [a, b) then sum to pair b less pair a. Each step that lost bits (its pair is not the exact sum)
 * is passed to `rounded`: sums across it must be taken entry by entry.
 */
export function extendPrefixSums(sums: Float64Array, from: number, count: number, values: ArrayLike<number>, valuesFrom: number, rounded: (step: number) => void): void {
  let high = sums[2 * from];
  let low = sums[2 * from + 1];
  for (let k = from; k < from + count; k++) {
    const x = values[valuesFrom + k - from];
    // high + x = s + e exactly (TwoSum)
    const s = high + x;
    const sv = s - high;
    const e = high - (s - sv) + (x - sv);
    // low + e = t + lost exactly
    const t = low + e;
    const tv = t - low;
    const lost = low - (t - tv) + (e - tv);
    // high + low = s + t, renormalised
    high = s + t;
    const hv = high - s;
    low = s - (high - hv) + (t - hv);
    sums[2 * (k + 1)] = high;
    sums[2 * (k + 1) + 1] = low;
    if (lost !== 0) rounded(k + 1);
  }
}
