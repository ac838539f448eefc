import { ExactSum, extendPrefixSums } from './exact-sum';
import { FactColumns, NOT_SUPERSEDED } from './fact-columns';
import { FactSubject } from './metric-fact';
import { OccurrenceOrder } from './occurrence-order';

/** Shared by every series: a settle sorts at most once at a time. */
const order = new OccurrenceOrder();
const NO_FACTS = new Int32Array(0);
const NO_INSTANTS = new Float64Array(0);
const NO_POSITIONS = new Uint32Array(0);
/** The sum of nothing, at prefix 0. */
const NO_SUMS = new Float64Array(2);

/**
 * Room for `needed` rows in a series: a quarter more, so that appends cost O(1) amortized, while
 * 10,000 series of a first settle leave less room empty than doubling would (about an eighth).
 */
function roomFor(needed: number): number {
  return Math.max(8, needed + (needed >>> 2));
}

/**
 * The live facts of one (metric, subject) (upserts with no newer version held), sorted by
 * (occurredAt, position), with prefix sums: a range of occurrence is two binary searches, its count
 * a difference of indices, its sum a difference of two prefixes.
 *
 * Changes wait for the next read: a fact that becomes live is only noted, and so is the earliest
 * occurrence of one that stops being live; `settle` then merges the new ones in (live facts mostly
 * come in occurrence order: then it only appends), moves those that stopped being live to the dead
 * versions, and recomputes the prefixes from the first row that changed. The last range selected,
 * and its sum, are kept until then.
 *
 * The prefix sums are double-doubles built with error-free transformations; a step that could not
 * keep every bit is noted, and a range over such a step is summed fact by fact instead, so a sum is
 * always exact before its one final rounding.
 *
 * For reads at a cap P below the highest position, a series also keeps its live facts' positions
 * and values, and its dead versions: the upserts of its subject that were superseded, in the same
 * order, with their positions, supersededAt, occurredAt and values. The versions visible at P are
 * the live ones at or before P and the dead ones with position ≤ P < supersededAt: CapCorrections
 * finds them with scans of these arrays alone, never a lookup in the fact columns (at a million
 * facts, each would be a cache miss).
 */
export class MetricSeries {
  /** How many live facts are placed. */
  length = 0;
  /** The live facts [first, end) the last `select` took. */
  first = 0;
  end = 0;
  /** Whether facts arrived or departed since the last settle. */
  private changed = false;
  /**
   * The columns of the placed facts, allocated on the first settle (10,000 series are created
   * faster without) and grown together, as views of one ArrayBuffer (see liveRoom).
   */
  private facts = NO_FACTS;
  /** The placed facts' occurredAt, apart from the sums so that a binary search touches few cache lines. */
  private occurredAt = NO_INSTANTS;
  /** The placed facts' positions: a capped read finds those after its cap in this array alone. */
  private positions = NO_POSITIONS;
  /** The placed facts' values: prefix sums (here and at a cap) run over them, not over the fact columns. */
  private values = NO_INSTANTS;
  /** Pairs (high, low): pair k is the exact sum of the placed facts before k. */
  private sums = NO_SUMS;
  /** Prefix indices k whose sum lost bits (rare: values further apart than a double-double's 106 bits); null for none. */
  private roundedSteps: number[] | null = null;
  /** The last fact to become live since the last settle; FactColumns.earlierArrival chains the others. */
  private latestArrival = -1;
  private departedFrom = Infinity;
  /** How many dead versions (superseded upserts) are held, sorted by (occurredAt, position); their columns share one ArrayBuffer too. */
  deadLength = 0;
  private deadFacts = NO_FACTS;
  private deadPositions = NO_POSITIONS;
  /** Each dead version's supersededAt, as FactColumns has it (kept up to date by `resupersede`). */
  private deadSupersededAt = NO_POSITIONS;
  private deadOccurredAt = NO_INSTANTS;
  private deadValues = NO_INSTANTS;
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

  /**
   * `fact`, an upsert of this series, arrived: chained to the earlier arrivals through the fact
   * columns, not kept in an array (no allocation, nothing more to touch). The next settle places it
   * among the live facts, or among the dead versions if it is superseded by then (a version that
   * arrives after its successor is superseded on arrival).
   */
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

  /** The position of the live fact at `index`. */
  positionAt(index: number): number {
    return this.positions[index];
  }

  /** The value of the live fact at `index`. */
  valueAt(index: number): number {
    return this.values[index];
  }

  /** How many live facts were recorded after `cap`. */
  countLiveAfter(cap: number): number {
    const positions = this.positions;
    let count = 0;
    for (let index = 0; index < this.length; index++) if (positions[index] > cap) count++;
    return count;
  }

  /** Writes the indices of the live facts recorded after `cap` (or, `after` false, at or before it) to `into` from `at`, in order. */
  collectLive(cap: number, after: boolean, into: Int32Array, at: number): void {
    const positions = this.positions;
    let next = at;
    if (after) {
      for (let index = 0; index < this.length; index++) if (positions[index] > cap) into[next++] = index;
    } else {
      for (let index = 0; index < this.length; index++) if (positions[index] <= cap) into[next++] = index;
    }
  }

  /**
   * Writes the dead versions visible at `cap` (position ≤ cap < supersededAt) to `facts` from `at`,
   * in (occurredAt, position) order, with their occurredAt and values; returns how many.
   */
  collectDeadVisibleAt(cap: number, facts: Int32Array, occurredAt: Float64Array, values: Float64Array, at: number): number {
    const { deadPositions, deadSupersededAt } = this;
    let next = at;
    for (let index = 0; index < this.deadLength; index++) {
      if (deadPositions[index] > cap || deadSupersededAt[index] <= cap) continue;
      facts[next] = this.deadFacts[index];
      occurredAt[next] = this.deadOccurredAt[index];
      values[next - at] = this.deadValues[index];
      next++;
    }
    return next - at;
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
      for (let index = this.first; index < this.end; index++) sum.add(this.values[index]);
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
    const { supersededAt, occurredAt, position, value } = columns;
    const arrivals: number[] = [];
    /** Facts that stopped being live (or arrived superseded) since the last settle, for the dead versions. */
    const buried: number[] = [];
    for (let fact = this.latestArrival; fact >= 0; fact = columns.earlierArrival[fact]) (supersededAt[fact] === NOT_SUPERSEDED ? arrivals : buried).push(fact);
    arrivals.reverse();
    if (!OccurrenceOrder.isOrdered(arrivals, columns)) order.sort(arrivals, columns);

    let from = this.length;
    if (arrivals.length > 0) from = this.firstAtOrAfter(occurredAt[arrivals[0]]);
    if (this.departedFrom !== Infinity) from = Math.min(from, this.firstAtOrAfter(this.departedFrom));

    let kept = from;
    for (let index = from; index < this.length; index++) {
      const fact = this.facts[index];
      if (supersededAt[fact] !== NOT_SUPERSEDED) {
        buried.push(fact);
        continue;
      }
      this.facts[kept] = fact;
      this.occurredAt[kept] = this.occurredAt[index];
      this.positions[kept] = this.positions[index];
      this.values[kept] = this.values[index];
      kept++;
    }

    // Merge from the back, so that nothing before `from` moves.
    const length = kept + arrivals.length;
    if (length > this.facts.length) this.liveRoom(length, kept);
    let placed = kept - 1;
    for (let arriving = arrivals.length - 1, target = length - 1; arriving >= 0; target--) {
      const fact = arrivals[arriving];
      if (placed >= from && columns.occursBefore(fact, this.facts[placed])) {
        this.facts[target] = this.facts[placed];
        this.occurredAt[target] = this.occurredAt[placed];
        this.positions[target] = this.positions[placed];
        this.values[target] = this.values[placed];
        placed--;
      } else {
        this.facts[target] = fact;
        this.occurredAt[target] = occurredAt[fact];
        this.positions[target] = position[fact];
        this.values[target] = value[fact];
        arriving--;
      }
    }
    this.length = length;
    this.latestArrival = -1;
    this.departedFrom = Infinity;
    this.changed = false;
    this.selectedFrom = NaN;
    this.sumFrom(from);
    if (buried.length > 0) this.bury(buried, columns);
  }

  /** Merges superseded upserts into the dead versions (from the back: those before the first new one stay). */
  private bury(buried: number[], columns: FactColumns): void {
    const { occurredAt, position, value } = columns;
    if (!OccurrenceOrder.isOrdered(buried, columns)) order.sort(buried, columns);
    const length = this.deadLength + buried.length;
    if (length > this.deadFacts.length) this.deadRoom(length);
    const { deadFacts, deadPositions, deadSupersededAt, deadOccurredAt, deadValues } = this;
    const { supersededAt } = columns;
    let placed = this.deadLength - 1;
    for (let burying = buried.length - 1, target = length - 1; burying >= 0; target--) {
      const fact = buried[burying];
      const at = occurredAt[fact];
      if (placed >= 0 && (at < deadOccurredAt[placed] || (at === deadOccurredAt[placed] && position[fact] < deadPositions[placed]))) {
        deadFacts[target] = deadFacts[placed];
        deadPositions[target] = deadPositions[placed];
        deadSupersededAt[target] = deadSupersededAt[placed];
        deadOccurredAt[target] = deadOccurredAt[placed];
        deadValues[target] = deadValues[placed];
        placed--;
      } else {
        deadFacts[target] = fact;
        deadPositions[target] = position[fact];
        deadSupersededAt[target] = supersededAt[fact];
        deadOccurredAt[target] = at;
        deadValues[target] = value[fact];
        burying--;
      }
    }
    this.deadLength = length;
  }

  /** Grows the live columns to hold `needed` facts, keeping rows [0, kept) and prefixes [0, kept]. */
  private liveRoom(needed: number, kept: number): void {
    const room = roomFor(needed);
    // Doubles first, so that each view is aligned: occurredAt, values, sums (room + 1 pairs), facts, positions.
    const buffer = new ArrayBuffer(40 * room + 16);
    const occurredAt = new Float64Array(buffer, 0, room);
    const values = new Float64Array(buffer, 8 * room, room);
    const sums = new Float64Array(buffer, 16 * room, 2 * room + 2);
    const facts = new Int32Array(buffer, 32 * room + 16, room);
    const positions = new Uint32Array(buffer, 36 * room + 16, room);
    occurredAt.set(this.occurredAt.subarray(0, kept));
    values.set(this.values.subarray(0, kept));
    sums.set(this.sums.subarray(0, 2 * kept + 2));
    facts.set(this.facts.subarray(0, kept));
    positions.set(this.positions.subarray(0, kept));
    this.occurredAt = occurredAt;
    this.values = values;
    this.sums = sums;
    this.facts = facts;
    this.positions = positions;
  }

  /**
   * `fact`, superseded, has another successor now (a version between them arrived late): its dead
   * entry, if it has one yet, takes its new supersededAt. A fact not buried yet takes it when it is.
   */
  resupersede(fact: number, columns: FactColumns): void {
    const at = columns.occurredAt[fact];
    const position = columns.position[fact];
    const { deadOccurredAt, deadPositions } = this;
    let low = 0;
    let high = this.deadLength;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (deadOccurredAt[middle] < at || (deadOccurredAt[middle] === at && deadPositions[middle] < position)) low = middle + 1;
      else high = middle;
    }
    if (low < this.deadLength && this.deadFacts[low] === fact) this.deadSupersededAt[low] = columns.supersededAt[fact];
  }

  /** Grows the dead versions' columns to hold `needed`, keeping those held. */
  private deadRoom(needed: number): void {
    const room = roomFor(needed);
    const buffer = new ArrayBuffer(28 * room);
    const occurredAt = new Float64Array(buffer, 0, room);
    const values = new Float64Array(buffer, 8 * room, room);
    const facts = new Int32Array(buffer, 16 * room, room);
    const positions = new Uint32Array(buffer, 20 * room, room);
    const supersededAt = new Uint32Array(buffer, 24 * room, room);
    const held = this.deadLength;
    occurredAt.set(this.deadOccurredAt.subarray(0, held));
    values.set(this.deadValues.subarray(0, held));
    facts.set(this.deadFacts.subarray(0, held));
    positions.set(this.deadPositions.subarray(0, held));
    supersededAt.set(this.deadSupersededAt.subarray(0, held));
    this.deadSupersededAt = supersededAt;
    this.deadOccurredAt = occurredAt;
    this.deadValues = values;
    this.deadFacts = facts;
    this.deadPositions = positions;
  }

  /** Recomputes the prefix sums after row `from`: high + low = the previous prefix + value, exactly, unless noted. */
  private sumFrom(from: number): void {
    const rounded = this.roundedSteps?.filter((step) => step <= from) ?? [];
    extendPrefixSums(this.sums, from, this.length - from, this.values, from, (step) => rounded.push(step));
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
