import { withRoom } from './column-growth';
import { ExactSum, extendPrefixSums } from './exact-sum';
import { MetricSeries } from './metric-series';

/** Per series, bits of its state at this cap: 0 not built yet. */
const BUILT = 1;
/** A prefix step of its lists lost bits: its sums are taken fact by fact. */
const ROUNDED = 2;
/** Its live list holds the live facts at or before the cap (fewer than those after it), not those after. */
const KEEPS = 4;

/** Numbers the caps' corrections as they are made, so that answers kept for one are not taken for another's. */
let serials = 0;

/**
 * How the facts visible at a cap P (a ledger position below the highest held) differ from the live
 * ones a series indexes, series by series. The cap splits a series' live facts into those recorded
 * at or before P (kept) and those after (withdrawn); the dead versions visible at P (position ≤ P
 * < supersededAt) are restored. A series' corrections list the smaller part of its live facts
 * (the withdrawn, to take from the live range, or the kept, to count instead of it) and the
 * restored. They are made the first time the series is read at the cap, from the series alone:
 * its live facts' positions and its dead versions are kept sorted by (occurredAt, position), so
 * both lists are filters of sorted arrays, O(live + dead facts of the series), with no sort and no
 * walk over the ledger, and the live list is at most half the series. Each list has double-double
 * prefix sums (as the series have): a range of either is two binary searches, its count a
 * difference of indices, its sum a difference of two prefixes.
 *
 * The lists of all series live in a few arenas that the next cap reuses (see reset), so a cap
 * allocates nothing once they are large enough.
 */
export class CapCorrections {
  cap = 0;
  /** Different for each cap made (each reset), from 1. */
  serial = 0;
  /** What the last `select` took: whether its series lists kept facts, and the ranges of its lists (arena indices, [from, to)). */
  keeps = false;
  listedFrom = 0;
  listedTo = 0;
  restoredFrom = 0;
  restoredTo = 0;
  /** Per series: bits BUILT, ROUNDED, KEEPS (0: not built yet at this cap). */
  private state = new Uint8Array(0);
  /**
   * Per series: where its lists begin in the arenas, and how long they are. A list of n entries
   * takes n + 1 slots: entry i at start + i, prefix pair k (the sum of the first k) at 2 (start + k).
   */
  private listedStart = new Int32Array(0);
  private listedCount = new Int32Array(0);
  private restoredStart = new Int32Array(0);
  private restoredCount = new Int32Array(0);
  /** Live list: indices among the series' live facts (so a live range maps to a listed range by index). */
  private listed = new Int32Array(1024);
  private listedSums = new Float64Array(2048);
  private listedUsed = 0;
  /** Restored: fact ids, with their occurredAt for the binary searches. */
  private restored = new Int32Array(1024);
  private restoredOccurredAt = new Float64Array(1024);
  private restoredSums = new Float64Array(2048);
  private restoredUsed = 0;

  /** The values of the list being built, gathered first so that the sums run over one array. */
  private scratch = new Float64Array(1024);
  /**
   * The most slots either list can take at this cap: each withdrawn fact is after the cap, and so is
   * the successor of each restored one (a record has one version visible), one slot more a series;
   * a kept list is no longer than the withdrawn one it stands for.
   */
  private slotsAtMost = 0;
  /** The facts after the cap (at most), for a series' lists. */
  private factsAfter = 0;

  /** Starts over for another cap, keeping the arenas; `factsAfter`: how many facts are held after it, at most. */
  reset(cap: number, seriesCount: number, factsAfter: number): void {
    this.cap = cap;
    this.serial = ++serials;
    this.factsAfter = factsAfter;
    this.slotsAtMost = factsAfter + seriesCount + 1;
    if (this.state.length < seriesCount) {
      const length = Math.max(seriesCount, 2 * this.state.length);
      this.state = new Uint8Array(length);
      this.listedStart = new Int32Array(length);
      this.listedCount = new Int32Array(length);
      this.restoredStart = new Int32Array(length);
      this.restoredCount = new Int32Array(length);
    } else this.state.fill(0);
    this.listedUsed = 0;
    this.restoredUsed = 0;
  }

  /** The slots the arenas hold: what keeping this cap costs (about 20 bytes a live slot, 28 a restored). */
  get capacity(): number {
    return this.listed.length + this.restored.length;
  }

  /**
   * Takes the corrections of `series` (settled) in the occurrence range a select of the series took:
   * its live facts [liveFirst, liveEnd), that is from ≤ occurredAt < to and occurredAt ≤ asOf.
   */
  select(series: MetricSeries, liveFirst: number, liveEnd: number, from: number, to: number, asOf: number): void {
    const id = series.id;
    if (this.state[id] === 0) this.build(series);
    this.keeps = (this.state[id] & KEEPS) !== 0;
    const listedCount = this.listedCount[id];
    if (listedCount === 0) this.listedFrom = this.listedTo = 0;
    else {
      const start = this.listedStart[id];
      this.listedFrom = firstAtLeast(this.listed, start, start + listedCount, liveFirst);
      this.listedTo = firstAtLeast(this.listed, this.listedFrom, start + listedCount, liveEnd);
    }
    const restoredCount = this.restoredCount[id];
    if (restoredCount === 0) this.restoredFrom = this.restoredTo = 0;
    else {
      const start = this.restoredStart[id];
      const end = start + restoredCount;
      const occurredAt = this.restoredOccurredAt;
      this.restoredFrom = firstAtOrAfter(occurredAt, start, end, from);
      this.restoredTo = asOf < to ? firstAfter(occurredAt, this.restoredFrom, end, asOf) : firstAtOrAfter(occurredAt, this.restoredFrom, end, to);
    }
  }

  /** The fact restored at arena index `index`. */
  restoredAt(index: number): number {
    return this.restored[index];
  }

  /**
   * Adds the selected corrections to `sum`, exactly: the kept facts (the live range is not added
   * then), or less the withdrawn; and the restored.
   */
  addSelectedSumTo(sum: ExactSum, series: MetricSeries, value: Float64Array): void {
    if ((this.state[series.id] & ROUNDED) !== 0) {
      const sign = this.keeps ? 1 : -1;
      for (let c = this.listedFrom; c < this.listedTo; c++) sum.add(sign * series.valueAt(this.listed[c]));
      for (let c = this.restoredFrom; c < this.restoredTo; c++) sum.add(value[this.restored[c]]);
      return;
    }
    // Entries [from, to) of a list sum to pair `to` less pair `from` (see prefixSums).
    if (this.listedFrom < this.listedTo) {
      const sums = this.listedSums;
      const first = 2 * this.listedFrom;
      const end = 2 * this.listedTo;
      if (this.keeps) {
        sum.add(sums[end]);
        sum.add(sums[end + 1]);
        sum.add(-sums[first]);
        sum.add(-sums[first + 1]);
      } else {
        sum.add(-sums[end]);
        sum.add(-sums[end + 1]);
        sum.add(sums[first]);
        sum.add(sums[first + 1]);
      }
    }
    if (this.restoredFrom < this.restoredTo) {
      const sums = this.restoredSums;
      const first = 2 * this.restoredFrom;
      const end = 2 * this.restoredTo;
      sum.add(sums[end]);
      sum.add(sums[end + 1]);
      sum.add(-sums[first]);
      sum.add(-sums[first + 1]);
    }
  }

  /**
   * `arena` if it holds `needed`, else a copy four times as long (or `needed`), but no longer than
   * this cap can use: a cap that reads every series grows its arenas in a few steps, each of them
   * allocated once and reused by the next caps.
   */
  private room<C extends Int32Array | Float64Array>(arena: C, needed: number, perSlot = 1): C {
    if (needed <= arena.length) return arena;
    const length = Math.max(needed, Math.min(perSlot * this.slotsAtMost, 4 * arena.length));
    const larger = new (arena.constructor as new (length: number) => C)(length);
    larger.set(arena);
    return larger;
  }

  private values(count: number): Float64Array {
    if (this.scratch.length < count) this.scratch = withRoom(this.scratch, count);
    return this.scratch;
  }

  /** Collects the series' live list (the smaller part) and restored list into the arenas, with their prefix sums. */
  private build(series: MetricSeries): void {
    const id = series.id;
    let state = BUILT;

    // The live facts after the cap, or (when fewer) those at or before it; at most the facts after
    // the cap, plus the slot of the list's last prefix.
    let start = this.listedUsed;
    const after = series.countLiveAfter(this.cap);
    const keeps = series.length - after < after;
    let count = keeps ? series.length - after : after;
    if (keeps) state |= KEEPS;
    if (count > 0) {
      this.listed = this.room(this.listed, start + count + 1);
      this.listedSums = this.room(this.listedSums, 2 * (start + count + 1), 2);
      series.collectLive(this.cap, !keeps, this.listed, start);
      const { listed, listedSums } = this;
      const values = this.values(count);
      for (let c = 0; c < count; c++) values[c] = series.valueAt(listed[start + c]);
      if (prefixSums(listedSums, start, count, values)) state |= ROUNDED;
      this.listedUsed = start + count + 1;
    }
    this.listedStart[id] = start;
    this.listedCount[id] = count;

    start = this.restoredUsed;
    this.restored = this.room(this.restored, start + Math.min(series.deadLength, this.factsAfter) + 1);
    this.restoredOccurredAt = this.room(this.restoredOccurredAt, this.restored.length);
    count = series.collectDeadVisibleAt(this.cap, this.restored, this.restoredOccurredAt, this.values(series.deadLength), start);
    if (count > 0) {
      this.restoredSums = this.room(this.restoredSums, 2 * (start + count + 1), 2);
      if (prefixSums(this.restoredSums, start, count, this.scratch)) state |= ROUNDED;
      this.restoredUsed = start + count + 1;
    }
    this.restoredStart[id] = start;
    this.restoredCount[id] = count;
    this.state[id] = state;
  }
}

/**
 * Writes the prefix sums of `values` (entries [start, start + count) of a list) to pairs
 * start..start + count; returns whether a step lost bits (then the pairs are not exact and the
 * sums must be taken entry by entry).
 */
function prefixSums(sums: Float64Array, start: number, count: number, values: Float64Array): boolean {
  let rounded = false;
  sums[2 * start] = 0;
  sums[2 * start + 1] = 0;
  extendPrefixSums(sums, start, count, values, 0, () => (rounded = true));
  return rounded;
}

/** The first index in [low, high) whose value is at least `bound` (values ascending). */
function firstAtLeast(values: Int32Array, low: number, high: number, bound: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < bound) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index in [low, high) that occurred at or after `instant`. */
function firstAtOrAfter(occurredAt: Float64Array, low: number, high: number, instant: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (occurredAt[middle] < instant) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index in [low, high) that occurred after `instant`. */
function firstAfter(occurredAt: Float64Array, low: number, high: number, instant: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (occurredAt[middle] <= instant) low = middle + 1;
    else high = middle;
  }
  return low;
}
