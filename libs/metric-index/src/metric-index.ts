import { CapCorrections } from './cap-corrections';
import { withRoom } from './column-growth';
import { ExactSum } from './exact-sum';
import { FactColumns } from './fact-columns';
import { decodeIndexSnapshot, encodeIndexSnapshot } from './index-snapshot';
import { assertValidFact, assertValidQuery } from './input-validation';
import { LedgerPositions } from './ledger-positions';
import { MetricFact } from './metric-fact';
import { CountedFact, MetricAggregation, MetricQuery, MetricReading } from './metric-query';
import { MetricSeries } from './metric-series';
import { ScopePlans, PLANNED_AT_LEAST } from './scope-plans';
import { SeriesCatalog } from './series-catalog';
import { SeriesRange } from './series-range';
import { SourceRecords } from './source-records';

/**
 * A bitemporal index of metric facts, in memory: which facts make a bound goal's value, as of any
 * valid time and as known at any ledger position (see MetricQuery for the rule). Pure: no I/O, no
 * clock. Facts may come in any order and more than once; reads cost O(log n) per scope interval,
 * at the present and at an earlier position alike (the first read of a series at a cap also makes
 * its corrections there, O(its facts)), and a scope array read again at the same instants costs
 * little more than an addition per interval. See the README.
 */
export class MetricIndex {
  private readonly facts = new FactColumns();
  private records = new SourceRecords();
  private readonly catalog = new SeriesCatalog();
  private readonly positions = new LedgerPositions();
  /** The caps read since the last add, the most recently read last (see correctionsAt). */
  private readonly caps: CapCorrections[] = [];
  /** Corrections an add made stale, kept for their arenas. */
  private readonly spareCaps: CapCorrections[] = [];
  private readonly sum = new ExactSum();
  private readonly range = new SeriesRange(this.facts);
  private readonly plans = new ScopePlans();
  /** The sum of one interval, to keep in its plan when it is a double-double. */
  private readonly piece = new ExactSum();
  /** The distinct people the last tally counted. */
  private tallied = 0;
  private readStamp = 0;
  /**
   * Facts superseded since the last read, which their series must drop. Noted here rather than
   * told to the series at once: at a million facts, reading the old version's fields and its
   * series object would cost add several cache misses; a read pays them once instead.
   */
  private superseded = new Int32Array(1024);
  private supersededCount = 0;
  /** Superseded facts whose successor changed since the last read (a version between them came late). */
  private resuperseded = new Int32Array(16);
  private resupersededCount = 0;

  /** Holds the facts whose position is new; returns how many were. Throws on a malformed fact (those before it stay held). */
  add(facts: Iterable<MetricFact>): number {
    let added = 0;
    for (const fact of facts) {
      assertValidFact(fact);
      if (this.positions.factAtPosition(fact.position) >= 0) continue; // redelivered
      const record = this.records.idOf(fact.sourceRecordKey, fact.source, fact.metric);
      const series = this.catalog.intern(fact.metric, fact.subject);
      this.link(this.facts.append(fact.position, record, series.id, fact.recordVersion, fact.operation === 'retract', fact.value ?? 0, fact.occurredAt, fact.recordedAt));
      added++;
    }
    if (added > 0) this.dropCaps();
    return added;
  }

  /** How many facts are held. */
  get size(): number {
    return this.facts.count;
  }

  /** The highest P such that every position 1..P is held (0 when none). */
  get watermark(): number {
    return this.positions.watermark;
  }

  get highestPosition(): number {
    return this.positions.highest;
  }

  /** The highest held position recorded at or before `knownAt`, 0 if none: "as known at K" as a cap. */
  positionKnownAt(knownAt: number): number {
    if (Number.isNaN(knownAt)) throw new RangeError('positionKnownAt needs a number (epoch ms)');
    return this.positions.knownAt(knownAt, this.facts.recordedAt);
  }

  read(query: MetricQuery): MetricReading {
    assertValidQuery(query, this.plans.known(query.scope));
    const { aggregation } = query;
    const value = this.facts.value;
    const sum = this.sum;
    sum.reset();
    const stamp = ++this.readStamp;
    const { persons, stamps } = this.catalog;
    let count = 0;
    let people = 0;
    if (aggregation === 'sum' || aggregation === 'count' || aggregation === 'average') {
      count = this.tally(query, stamp);
      return { value: count === 0 ? emptyValue(aggregation) : this.valueOf(aggregation, count, NaN, NaN, -1), count, people: this.tallied };
    }
    let min = Infinity;
    let max = -Infinity;
    let last = -1;
    this.forEachRange(query, (range, counted) => {
      count += counted;
      const { id } = range.series;
      if (persons[id] === 1 && stamps[id] !== stamp) {
        stamps[id] = stamp;
        people++;
      }
      switch (aggregation) {
        case 'min':
          return range.forEachVisible((fact) => (min = Math.min(min, value[fact])));
        case 'max':
          return range.forEachVisible((fact) => (max = Math.max(max, value[fact])));
        case 'last': {
          const fact = range.lastVisible();
          if (last < 0 || this.facts.occursBefore(last, fact)) last = fact;
          return;
        }
      }
    });
    return { value: count === 0 ? emptyValue(query.aggregation) : this.valueOf(query.aggregation, count, min, max, last), count, people };
  }

  /** The facts that counted, in (occurredAt, position) order: where the number came from. */
  counted(query: MetricQuery): CountedFact[] {
    assertValidQuery(query, this.plans.known(query.scope));
    const counted: number[] = [];
    this.forEachRange(query, (range) => range.forEachVisible((fact) => counted.push(fact)));
    const { occurredAt, position } = this.facts;
    counted.sort((a, b) => occurredAt[a] - occurredAt[b] || position[a] - position[b]);
    return counted.map((fact) => this.countedFact(fact));
  }

  /** The distinct ids of the people with a counted fact, sorted. */
  people(query: MetricQuery): string[] {
    assertValidQuery(query, this.plans.known(query.scope));
    const stamp = ++this.readStamp;
    const { persons, stamps } = this.catalog;
    const people: string[] = [];
    this.forEachRange(query, ({ series }) => {
      if (persons[series.id] === 0 || stamps[series.id] === stamp) return;
      stamps[series.id] = stamp;
      people.push(series.subject.id);
    });
    return people.sort();
  }

  /** Everything held, in a versioned binary format (see index-snapshot.ts). */
  snapshot(): Uint8Array {
    const inPositionOrder = new Int32Array(this.facts.count);
    let next = 0;
    for (let position = 1; position <= this.positions.highest; position++) {
      const fact = this.positions.factAtPosition(position);
      if (fact >= 0) inPositionOrder[next++] = fact;
    }
    return encodeIndexSnapshot({
      records: this.records.contents(),
      series: this.catalog.all.map(({ metric, subject }) => ({ metric, subject })),
      facts: this.facts.contents(inPositionOrder),
    });
  }

  /** An index that answers every read as the one snapshotted did, and takes facts on. */
  static fromSnapshot(bytes: Uint8Array): MetricIndex {
    const { records, series, facts } = decodeIndexSnapshot(bytes);
    const index = new MetricIndex();
    index.records = SourceRecords.restore(records);
    for (const { metric, subject } of series) index.catalog.intern(metric, subject);
    index.facts.restore(facts);
    for (let fact = 0; fact < index.facts.count; fact++) index.link(fact); // in position order, as they were recorded
    return index;
  }

  /** Holds an appended fact at its position and links it among its record's versions: a new newest version takes over from the previous one. */
  private link(fact: number): void {
    const facts = this.facts;
    const record = facts.record[fact];
    this.positions.hold(facts.position[fact], fact);
    const previous = this.records.newest[record];
    const series = this.catalog.all[facts.series[fact]];
    if (!facts.linkVersion(fact, previous)) {
      // An older version, late: superseded on arrival, but visible at the caps between it and its
      // successor; the version below it, if any, is superseded by it now, earlier than before.
      if (facts.retraction[fact] === 0) series.arrive(fact, facts);
      const older = facts.olderVersion[fact];
      if (older >= 0 && facts.retraction[older] === 0) {
        this.resuperseded = withRoom(this.resuperseded, this.resupersededCount + 1);
        this.resuperseded[this.resupersededCount++] = older;
      }
      return; // the live facts did not change (and every cap's corrections are made again after an add)
    }
    this.records.newest[record] = fact;
    if (previous >= 0) {
      this.superseded = withRoom(this.superseded, this.supersededCount + 1);
      this.superseded[this.supersededCount++] = previous;
    }
    if (facts.retraction[fact] === 0) {
      series.arrive(fact, facts);
      this.catalog.touch(series.id);
    }
  }

  /** Tells each series which of its live facts were superseded since the last read. */
  private handOverSuperseded(): void {
    const { retraction, series, occurredAt } = this.facts;
    for (let i = 0; i < this.supersededCount; i++) {
      const fact = this.superseded[i];
      if (retraction[fact] === 0) {
        this.catalog.all[series[fact]].depart(occurredAt[fact]);
        this.catalog.touch(series[fact]);
      }
    }
    this.supersededCount = 0;
    for (let i = 0; i < this.resupersededCount; i++) {
      const fact = this.resuperseded[i];
      this.catalog.all[series[fact]].resupersede(fact, this.facts);
    }
    this.resupersededCount = 0;
  }

  /**
   * The count of the facts a query takes, their exact sum into `this.sum`, and (into `tallied`) how
   * many distinct people have one. A scope read before is tallied from its plan: each interval
   * from what the plan kept for it at these instants while its series is unchanged, else read
   * from its series and kept (see ScopePlan).
   */
  private tally(query: MetricQuery, stamp: number): number {
    this.tallied = 0;
    if (this.supersededCount > 0 || this.resupersededCount > 0) this.handOverSuperseded();
    const cap = this.capOf(query.upToPosition);
    const subjects = this.catalog.subjectsOf(query.metric);
    if (cap === 0 || !subjects) return 0;
    const plan = query.scope.length >= PLANNED_AT_LEAST ? this.plans.planOf(query.scope, query.metric, subjects) : null;
    const corrections = cap === Infinity ? null : this.correctionsAt(cap);
    const { window, asOf } = query;
    const { sum, piece, range } = this;
    const { versions, persons, stamps } = this.catalog;
    let count = 0;
    let people = 0;
    if (!plan) {
      for (const interval of query.scope) {
        const from = Math.max(interval.from, window.from);
        const to = Math.min(interval.to, window.to);
        if (!(from < to) || asOf < from) continue;
        const series = subjects.find(interval.subject);
        if (!series) continue;
        series.settle(this.facts);
        range.select(series, from, to, asOf, corrections);
        const counted = range.count();
        if (counted === 0) continue;
        count += counted;
        range.addSumTo(sum);
        if (persons[series.id] === 1 && stamps[series.id] !== stamp) {
          stamps[series.id] = stamp;
          people++;
        }
      }
      this.tallied = people;
      return count;
    }

    plan.keepFor(window.from, window.to, asOf, corrections ? corrections.serial : 0);
    const { ids, keptAt, counts, highs, lows, series: planned, from: froms, to: tos } = plan;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      let counted = 0;
      if (keptAt[i] === versions[id]) counted = counts[i];
      else {
        const from = Math.max(froms[i], window.from);
        const to = Math.min(tos[i], window.to);
        if (from < to && from <= asOf) {
          const series = planned[i];
          series.settle(this.facts);
          range.select(series, from, to, asOf, corrections);
          counted = range.count();
          if (counted > 0) {
            piece.reset();
            range.addSumTo(piece);
            if (!piece.isDoubleDouble) {
              // Not a double-double: summed again into the read's sum, not kept.
              keptAt[i] = -1;
              count += counted;
              range.addSumTo(sum);
              if (persons[id] === 1 && stamps[id] !== stamp) {
                stamps[id] = stamp;
                people++;
              }
              continue;
            }
            highs[i] = piece.highPart;
            lows[i] = piece.lowPart;
          }
        }
        counts[i] = counted;
        keptAt[i] = versions[id];
      }
      if (counted === 0) continue;
      count += counted;
      sum.add(highs[i]);
      sum.add(lows[i]);
      if (persons[id] === 1 && stamps[id] !== stamp) {
        stamps[id] = stamp;
        people++;
      }
    }
    this.tallied = people;
    return count;
  }

  /**
   * Calls `visit` with the range each scope interval takes from its subject's series, when it takes
   * any fact: occurredAt in the interval and the window, at most asOf, visible at upToPosition.
   */
  private forEachRange(query: MetricQuery, visit: (range: SeriesRange, count: number) => void): void {
    if (this.supersededCount > 0 || this.resupersededCount > 0) this.handOverSuperseded();
    const cap = this.capOf(query.upToPosition);
    const subjects = this.catalog.subjectsOf(query.metric);
    if (cap === 0 || !subjects) return;
    const corrections = cap === Infinity ? null : this.correctionsAt(cap);
    const { window, asOf } = query;
    const plan = query.scope.length >= PLANNED_AT_LEAST ? this.plans.planOf(query.scope, query.metric, subjects) : null;
    if (plan) {
      const { series, from: froms, to: tos } = plan;
      for (let i = 0; i < series.length; i++) {
        const from = Math.max(froms[i], window.from);
        const to = Math.min(tos[i], window.to);
        if (from < to && from <= asOf) this.visitRange(series[i], from, to, asOf, corrections, visit);
      }
      return;
    }
    for (const interval of query.scope) {
      const from = Math.max(interval.from, window.from);
      const to = Math.min(interval.to, window.to);
      if (!(from < to) || asOf < from) continue;
      const series = subjects.find(interval.subject);
      if (series) this.visitRange(series, from, to, asOf, corrections, visit);
    }
  }

  private visitRange(series: MetricSeries, from: number, to: number, asOf: number, corrections: CapCorrections | null, visit: (range: SeriesRange, count: number) => void): void {
    series.settle(this.facts);
    this.range.select(series, from, to, asOf, corrections);
    const count = this.range.count();
    if (count > 0) visit(this.range, count);
  }

  /** upToPosition as a cap: Infinity when every fact held is visible (the present), 0 when none is. */
  private capOf(upToPosition: number): number {
    if (upToPosition >= this.positions.highest) return Infinity;
    return Math.max(0, Math.floor(upToPosition));
  }

  /**
   * The corrections of `cap`: kept for the last few caps read until the next add (a dashboard reads
   * thousands of goals at one cap; a report may read a closed cycle's goals at their frozen caps
   * beside the others). A new cap takes new arenas only while fewer caps than kept are held and
   * they hold fewer slots than facts are held (about 20-28 bytes a slot); else it reuses those of
   * the least recently read cap, or over that budget those of the largest, so that caps read one
   * after another allocate nothing and hold about a budget and one cap's worth at most.
   */
  private correctionsAt(cap: number): CapCorrections {
    const caps = this.caps;
    const last = caps.length - 1;
    if (last >= 0 && caps[last].cap === cap) return caps[last];
    for (let i = last - 1; i >= 0; i--) {
      if (caps[i].cap !== cap) continue;
      const found = caps[i];
      caps.splice(i, 1);
      caps.push(found);
      return found;
    }
    const budget = Math.max(CAP_SLOTS_AT_LEAST, this.facts.count);
    let held = 0;
    for (const kept of caps) held += kept.capacity;
    for (const spare of this.spareCaps) held += spare.capacity;
    let reused: CapCorrections;
    if (caps.length < KEPT_CAPS && held <= budget) reused = this.spareCaps.pop() ?? new CapCorrections();
    else if (this.spareCaps.length > 0) reused = this.spareCaps.pop()!;
    else {
      // All in use: the least recently read cap makes room, or, over the budget, the largest (its
      // arenas need not grow, so the caps' memory does not either).
      let victim = 0;
      if (held > budget) for (let i = 1; i < caps.length; i++) if (caps[i].capacity > caps[victim].capacity) victim = i;
      reused = caps.splice(victim, 1)[0];
    }
    reused.reset(cap, this.catalog.all.length, Math.min(this.facts.count, this.positions.highest - cap));
    caps.push(reused);
    return reused;
  }

  /** After an add: every cap's corrections are stale; their arenas are kept for the next caps. */
  private dropCaps(): void {
    for (const stale of this.caps) if (this.spareCaps.length < KEPT_CAPS) this.spareCaps.push(stale);
    this.caps.length = 0;
  }

  private valueOf(aggregation: MetricAggregation, count: number, min: number, max: number, last: number): number {
    switch (aggregation) {
      case 'sum':
        return this.sum.value();
      case 'count':
        return count;
      case 'average':
        return this.sum.value() / count;
      case 'min':
        return min;
      case 'max':
        return max;
      case 'last':
        return this.facts.value[last];
    }
  }

  private countedFact(fact: number): CountedFact {
    const { facts } = this;
    const record = facts.record[fact];
    const subject = this.catalog.all[facts.series[fact]].subject;
    return {
      position: facts.position[fact],
      sourceRecordKey: this.records.keyOf(record),
      source: this.records.sourceOf(record),
      recordVersion: facts.version[fact],
      subject: { type: subject.type, id: subject.id },
      value: facts.value[fact],
      occurredAt: facts.occurredAt[fact],
      recordedAt: facts.recordedAt[fact],
    };
  }
}

/** How many caps' corrections are kept at most. */
const KEPT_CAPS = 4;
/** The slots of corrections kept whatever the number of facts held. */
const CAP_SLOTS_AT_LEAST = 1 << 16;

/** Sum and count of nothing are 0; the others have no meaning. */
function emptyValue(aggregation: MetricAggregation): number | null {
  return aggregation === 'sum' || aggregation === 'count' ? 0 : null;
}
