import { CapCorrections } from './cap-corrections';
import { ExactSum } from './exact-sum';
import { FactColumns } from './fact-columns';
import { MetricSeries } from './metric-series';

/**
 * The facts one scope interval takes from one series: those that occurred in [from, to) and at most
 * at asOf, visible at the corrections' cap (live, without corrections). A range of the series' live
 * facts, less the withdrawn (live facts after the cap) and plus the restored (dead versions visible
 * at the cap) in the same occurrence range, or (when the cap keeps fewer live facts than it
 * withdraws) the kept live facts plus the restored. One instance is reused across a read, so
 * selecting allocates nothing.
 */
export class SeriesRange {
  series!: MetricSeries;
  private from = 0;
  private to = 0;
  private corrections: CapCorrections | null = null;

  constructor(private readonly columns: FactColumns) {}

  /** `series` must be settled; asOf at least from. */
  select(series: MetricSeries, from: number, to: number, asOf: number, corrections: CapCorrections | null): void {
    this.series = series;
    series.select(from, to, asOf);
    this.from = series.first;
    this.to = series.end;
    this.corrections = corrections;
    if (corrections) corrections.select(series, this.from, this.to, from, to, asOf);
  }

  count(): number {
    const corrections = this.corrections;
    if (!corrections) return this.to - this.from;
    const listed = corrections.listedTo - corrections.listedFrom;
    return (corrections.keeps ? listed : this.to - this.from - listed) + (corrections.restoredTo - corrections.restoredFrom);
  }

  addSumTo(sum: ExactSum): void {
    const value = this.columns.value;
    const corrections = this.corrections;
    if (!corrections?.keeps) this.series.addSelectedSumTo(sum, value);
    corrections?.addSelectedSumTo(sum, this.series, value);
  }

  /** Calls `visit` with each fact taken, in (occurredAt, position) order. */
  forEachVisible(visit: (fact: number) => void): void {
    const corrections = this.corrections;
    let live = this.nextLive(this.from);
    let restored = corrections ? corrections.restoredFrom : 0;
    const restoredTo = corrections ? corrections.restoredTo : 0;
    while (live < this.to || restored < restoredTo) {
      const liveFact = live < this.to ? this.series.factAt(live) : -1;
      const restoredFact = restored < restoredTo ? corrections!.restoredAt(restored) : -1;
      if (restoredFact < 0 || (liveFact >= 0 && this.columns.occursBefore(liveFact, restoredFact))) {
        visit(liveFact);
        live = this.nextLive(live + 1);
      } else {
        visit(restoredFact);
        restored++;
      }
    }
  }

  /** The last fact taken in (occurredAt, position) order, -1 if none. */
  lastVisible(): number {
    const corrections = this.corrections;
    let live = this.to - 1;
    while (live >= this.from && this.isWithdrawn(live)) live--;
    const liveFact = live >= this.from ? this.series.factAt(live) : -1;
    const restoredFact = corrections && corrections.restoredFrom < corrections.restoredTo ? corrections.restoredAt(corrections.restoredTo - 1) : -1;
    if (liveFact < 0) return restoredFact;
    if (restoredFact < 0) return liveFact;
    return this.columns.occursBefore(liveFact, restoredFact) ? restoredFact : liveFact;
  }

  private nextLive(index: number): number {
    while (index < this.to && this.isWithdrawn(index)) index++;
    return index;
  }

  /** The live fact at `index` was recorded after the cap. */
  private isWithdrawn(index: number): boolean {
    return this.corrections !== null && this.series.positionAt(index) > this.corrections.cap;
  }
}
