import { withRoom } from './column-growth';
import { ExactSum } from './exact-sum';
import { FactColumns, NOT_SUPERSEDED } from './fact-columns';
import { FactSubject } from './metric-fact';

const NO_FACTS = new Int32Array(0);
const NO_INSTANTS = new Float64Array(0);
/** The sum of nothing, at prefix 0. */
const NO_SUMS = new Float64Array(2);

/**
 * The live facts of one (metric, subject) (upserts with no newer version held), sorted by
 * (occurredAt, position), with prefix sums: a range of occurrence is two binary searches, its count
 * a difference of indices, its sum a difference of two prefixes.
 *
 * Changes wait for the next read: a fact that becomes live is only noted, and so is the earliest
 * occurrence of one that stops being live; `settle` then merges the new ones in (live facts mostly
 * come in occurrence order: then it only appends), compacts, and recomputes the prefixes from the
 * first row that changed. The last range selected, and its sum, are kept until then.
 *
 * The prefix sums are double-doubles built with error-free transformations; a step that could not
 * keep every bit is noted, and a range over such a step is summed fact by fact instead, so a sum is
 * always exact before its one final rounding.
 */
export class MetricSeries {
  /** How many live facts are placed. */
  length = 0;
  /** The live facts [first, end) the last `select` took. */
  first = 0;
  end = 0;
  /** The read in progress that has counted this series' subject already (distinct people). */
  stamp = 0;
  /** Whether facts arrived or departed since the last settle. */
  private changed = false;
  /** Allocated on the first settle: 10,000 series are created faster without. */
  private facts = NO_FACTS;
  /** The placed facts' occurredAt, apart from the sums so that a binary search touches few cache lines. */
  private occurredAt = NO_INSTANTS;
  /** Pairs (high, low): pair k is the exact sum of the placed facts before k. */
  private sums = NO_SUMS;
  /** Prefix indices k whose sum lost bits (rare: values further apart than a double-double's 106 bits); null for none. */
  private roundedSteps: number[] | null = null;
  /** The last fact to become live since the last settle; FactColumns.earlierArrival chains the others. */
  private latestArrival = -1;
  private departedFrom = Infinity;
  private selectedFrom = NaN;
  private selectedTo = NaN;
  private selectedAsOf = NaN;
  /** The selection's sum, as the prefixes at its end less those at its first, once read. */
  private selectionSummed = false;
  private endHigh = 0;
  private endLow = 0;
  private firstHigh = 0;
  private firstLow = 0;

  constructor(
    readonly id: number,
    readonly metric: string,
    readonly subject: FactSubject,
  ) {}

  /** `fact` became live: chained to the earlier arrivals through the fact columns, not kept in an array (no allocation, nothing more to touch). */
  arrive(fact: number, columns: FactColumns): void {
    columns.earlierArrival[fact] = this.latestArrival;
    this.latestArrival = fact;
    this.changed = true;
  }

  /** A fact that occurred at `occurredAt` stopped being live. */
  depart(occurredAt: number): void {
    if (occurredAt < this.departedFrom) this.departedFrom = occurredAt;
    this.changed = true;
  }

  factAt(index: number): number {
    return this.facts[index];
  }

  /**
   * Takes the live facts with from ≤ occurredAt < to and occurredAt ≤ asOf (asOf ≥ from) as
   * [first, end). A dashboard asks a series for the same window again and again: the last selection
   * is kept until the series changes, sparing the binary searches and the cache misses they cost.
   */
  select(from: number, to: number, asOf: number): void {
    if (from === this.selectedFrom && to === this.selectedTo && asOf === this.selectedAsOf) return;
    this.first = this.firstAtOrAfter(from);
    this.end = asOf < to ? this.firstAfter(asOf, this.first) : this.firstAtOrAfter(to, this.first);
    this.selectedFrom = from;
    this.selectedTo = to;
    this.selectedAsOf = asOf;
    this.selectionSummed = false;
  }

  /** The index of the first live fact at or after `from` that occurred at or after `instant`. */
  private firstAtOrAfter(instant: number, from = 0): number {
    const occurredAt = this.occurredAt;
    let low = from;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (occurredAt[middle] < instant) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The index of the first live fact at or after `from` that occurred after `instant`. */
  private firstAfter(instant: number, from = 0): number {
    const occurredAt = this.occurredAt;
    let low = from;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (occurredAt[middle] <= instant) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Adds the values of the selected facts to `sum`, exactly. */
  addSelectedSumTo(sum: ExactSum, value: Float64Array): void {
    if (this.roundedSteps !== null && this.roundsWithin(this.roundedSteps, this.first, this.end)) {
      for (let index = this.first; index < this.end; index++) sum.add(value[this.facts[index]]);
      return;
    }
    if (!this.selectionSummed) {
      const sums = this.sums;
      this.endHigh = sums[2 * this.end];
      this.endLow = sums[2 * this.end + 1];
      this.firstHigh = sums[2 * this.first];
      this.firstLow = sums[2 * this.first + 1];
      this.selectionSummed = true;
    }
    sum.add(this.endHigh);
    sum.add(this.endLow);
    sum.add(-this.firstHigh);
    sum.add(-this.firstLow);
  }

  /** Places the facts that became live, drops those that stopped being live, brings the prefixes up to date. */
  settle(columns: FactColumns): void {
    if (!this.changed) return;
    const { supersededAt, occurredAt, position } = columns;
    const arrivals: number[] = [];
    for (let fact = this.latestArrival; fact >= 0; fact = columns.earlierArrival[fact]) if (supersededAt[fact] === NOT_SUPERSEDED) arrivals.push(fact);
    arrivals.reverse();
    let ordered = true;
    for (let i = 1; i < arrivals.length && ordered; i++) ordered = columns.occursBefore(arrivals[i - 1], arrivals[i]);
    if (!ordered) arrivals.sort((a, b) => occurredAt[a] - occurredAt[b] || position[a] - position[b]);

    let from = this.length;
    if (arrivals.length > 0) from = this.firstAtOrAfter(occurredAt[arrivals[0]]);
    if (this.departedFrom !== Infinity) from = Math.min(from, this.firstAtOrAfter(this.departedFrom));

    let kept = from;
    for (let index = from; index < this.length; index++) {
      const fact = this.facts[index];
      if (supersededAt[fact] !== NOT_SUPERSEDED) continue;
      this.facts[kept] = fact;
      this.occurredAt[kept] = this.occurredAt[index];
      kept++;
    }

    // Merge from the back, so that nothing before `from` moves.
    const length = kept + arrivals.length;
    this.facts = withRoom(this.facts, length);
    this.occurredAt = withRoom(this.occurredAt, length);
    this.sums = withRoom(this.sums, 2 * (length + 1));
    let placed = kept - 1;
    for (let arriving = arrivals.length - 1, target = length - 1; arriving >= 0; target--) {
      const fact = arrivals[arriving];
      if (placed >= from && columns.occursBefore(fact, this.facts[placed])) {
        this.facts[target] = this.facts[placed];
        this.occurredAt[target] = this.occurredAt[placed];
        placed--;
      } else {
        this.facts[target] = fact;
        this.occurredAt[target] = occurredAt[fact];
        arriving--;
      }
    }
    this.length = length;
    this.latestArrival = -1;
    this.departedFrom = Infinity;
    this.changed = false;
    this.selectedFrom = NaN;
    this.sumFrom(from, columns.value);
  }

  /** Recomputes the prefix sums after row `from`: high + low = the previous prefix + value, exactly, unless noted. */
  private sumFrom(from: number, value: Float64Array): void {
    const sums = this.sums;
    const rounded = this.roundedSteps?.filter((step) => step <= from) ?? [];
    let high = sums[2 * from];
    let low = sums[2 * from + 1];
    for (let index = from; index < this.length; index++) {
      const x = value[this.facts[index]];
      // high + x = s + e exactly (TwoSum)
      const s = high + x;
      const sv = s - high;
      const e = high - (s - sv) + (x - sv);
      // low + e = t + lost exactly
      const t = low + e;
      const tv = t - low;
      const lost = low - (t - tv) + (e - tv);
      // high + low = s + t exactly, renormalised
      high = s + t;
      const hv = high - s;
      low = s - (high - hv) + (t - hv);
      sums[2 * (index + 1)] = high;
      sums[2 * (index + 1) + 1] = low;
      if (lost !== 0) rounded.push(index + 1);
    }
    this.roundedSteps = rounded.length > 0 ? rounded : null;
  }

  /** Whether a prefix step in (from, to] lost bits. */
  private roundsWithin(steps: number[], from: number, to: number): boolean {
    let low = 0;
    let high = steps.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (steps[middle] <= from) low = middle + 1;
      else high = middle;
    }
    return low < steps.length && steps[low] <= to;
  }
}
