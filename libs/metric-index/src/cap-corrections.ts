import { FactColumns } from './fact-columns';
import { LedgerPositions } from './ledger-positions';

/**
 * How the facts visible at a cap P (a ledger position below the highest held) differ from the live
 * ones the series index: the live versions after P, to withdraw, and the versions they superseded
 * that were visible at P, to restore. Both come from the facts after P alone (a version to restore
 * is the next older version of one after P), so building costs O(facts after P). They are grouped
 * by series and ordered by (occurredAt, position): a read then costs O(log n + corrections in range).
 * A correction withdraws its fact when the fact is after the cap, and restores it otherwise.
 */
export class CapCorrections {
  private constructor(
    readonly cap: number,
    private readonly facts: Int32Array,
    private readonly occurredAt: Float64Array,
    /** Series s's corrections are [seriesStart[s], seriesStart[s + 1]). */
    private readonly seriesStart: Int32Array,
  ) {}

  static build(cap: number, columns: FactColumns, positions: LedgerPositions, seriesCount: number): CapCorrections {
    const found = new Int32Array(2 * Math.min(positions.highest - cap, columns.count));
    let count = 0;
    for (let position = cap + 1; position <= positions.highest; position++) {
      const fact = positions.factAtPosition(position);
      if (fact < 0) continue;
      if (columns.isLiveUpsert(fact)) found[count++] = fact;
      const older = columns.olderVersion[fact];
      if (older >= 0 && columns.position[older] <= cap && columns.retraction[older] === 0) found[count++] = older;
    }

    // Group by series (a counting sort), then order each group.
    const seriesStart = new Int32Array(seriesCount + 1);
    for (let i = 0; i < count; i++) seriesStart[columns.series[found[i]] + 1]++;
    for (let series = 0; series < seriesCount; series++) seriesStart[series + 1] += seriesStart[series];
    const next = seriesStart.slice(0, seriesCount);
    const facts = new Int32Array(count);
    for (let i = 0; i < count; i++) facts[next[columns.series[found[i]]]++] = found[i];
    const { occurredAt, position } = columns;
    for (let series = 0; series < seriesCount; series++) {
      if (seriesStart[series + 1] - seriesStart[series] < 2) continue;
      facts.subarray(seriesStart[series], seriesStart[series + 1]).sort((a, b) => occurredAt[a] - occurredAt[b] || position[a] - position[b]);
    }
    const occurred = new Float64Array(count);
    for (let i = 0; i < count; i++) occurred[i] = occurredAt[facts[i]];
    return new CapCorrections(cap, facts, occurred, seriesStart);
  }

  factAt(index: number): number {
    return this.facts[index];
  }

  /** The index of series' first correction (from `from` on) that occurred at or after `instant`. */
  firstAtOrAfter(series: number, instant: number, from = this.start(series)): number {
    let low = from;
    let high = this.start(series + 1);
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.occurredAt[middle] < instant) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The index of series' first correction (from `from` on) that occurred after `instant`. */
  firstAfter(series: number, instant: number, from = this.start(series)): number {
    let low = from;
    let high = this.start(series + 1);
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.occurredAt[middle] <= instant) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Where series' corrections begin (a series newer than these corrections has none). */
  private start(series: number): number {
    return this.seriesStart[Math.min(series, this.seriesStart.length - 1)];
  }
}
