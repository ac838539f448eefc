import { CapCorrections } from './cap-corrections';
import { ExactSum } from './exact-sum';
import { FactColumns } from './fact-columns';
import { MetricSeries } from './metric-series';

/**
 * The facts one scope interval takes from one series: those that occurred in [from, to) and at most
 * at asOf, visible at the corrections' cap (live, without corrections). A range of the series' live
 * facts, less the withdrawn and plus the restored corrections in the same occurrence range.
 * One instance is reused across a read, so selecting allocates nothing.
 */
export class SeriesRange {
  series!: MetricSeries;
  private from = 0;
  private to = 0;
  private corrections: CapCorrections | null = null;
  private correctionsFrom = 0;
  private correctionsTo = 0;

  constructor(private readonly columns: FactColumns) {}

  /** `series` must be settled; asOf at least from. */
  select(series: MetricSeries, from: number, to: number, asOf: number, corrections: CapCorrections | null): void {
    this.series = series;
    series.select(from, to, asOf);
    this.from = series.first;
    this.to = series.end;
    this.corrections = corrections;
    this.correctionsFrom = this.correctionsTo = 0;
    if (!corrections) return;
    this.correctionsFrom = corrections.firstAtOrAfter(series.id, from);
    this.correctionsTo = asOf < to ? corrections.firstAfter(series.id, asOf, this.correctionsFrom) : corrections.firstAtOrAfter(series.id, to, this.correctionsFrom);
  }

  count(): number {
    let count = this.to - this.from;
    const corrections = this.corrections;
    if (corrections) for (let c = this.correctionsFrom; c < this.correctionsTo; c++) count += this.withdraws(c) ? -1 : 1;
    return count;
  }

  addSumTo(sum: ExactSum): void {
    const value = this.columns.value;
    this.series.addSelectedSumTo(sum, value);
    const corrections = this.corrections;
    if (!corrections) return;
    for (let c = this.correctionsFrom; c < this.correctionsTo; c++) {
      const fact = corrections.factAt(c);
      sum.add(this.withdraws(c) ? -value[fact] : value[fact]);
    }
  }

  /** Calls `visit` with each fact taken, in (occurredAt, position) order. */
  forEachVisible(visit: (fact: number) => void): void {
    let live = this.nextLive(this.from);
    let restored = this.nextRestored(this.correctionsFrom);
    while (live < this.to || restored < this.correctionsTo) {
      const liveFact = live < this.to ? this.series.factAt(live) : -1;
      const restoredFact = restored < this.correctionsTo ? this.corrections!.factAt(restored) : -1;
      if (restoredFact < 0 || (liveFact >= 0 && this.columns.occursBefore(liveFact, restoredFact))) {
        visit(liveFact);
        live = this.nextLive(live + 1);
      } else {
        visit(restoredFact);
        restored = this.nextRestored(restored + 1);
      }
    }
  }

  /** The last fact taken in (occurredAt, position) order, -1 if none. */
  lastVisible(): number {
    let live = this.to - 1;
    while (live >= this.from && this.isWithdrawn(this.series.factAt(live))) live--;
    let restored = this.correctionsTo - 1;
    while (restored >= this.correctionsFrom && this.withdraws(restored)) restored--;
    const liveFact = live >= this.from ? this.series.factAt(live) : -1;
    const restoredFact = restored >= this.correctionsFrom ? this.corrections!.factAt(restored) : -1;
    if (liveFact < 0) return restoredFact;
    if (restoredFact < 0) return liveFact;
    return this.columns.occursBefore(liveFact, restoredFact) ? restoredFact : liveFact;
  }

  private nextLive(index: number): number {
    while (index < this.to && this.isWithdrawn(this.series.factAt(index))) index++;
    return index;
  }

  private nextRestored(index: number): number {
    while (index < this.correctionsTo && this.withdraws(index)) index++;
    return index;
  }

  /** A live fact recorded after the cap. */
  private isWithdrawn(fact: number): boolean {
    return this.corrections !== null && this.columns.position[fact] > this.corrections.cap;
  }

  private withdraws(correction: number): boolean {
    return this.isWithdrawn(this.corrections!.factAt(correction));
  }
}
