import { CapCorrections } from './cap-corrections';
import { withRoom } from './column-growth';
import { ExactSum } from './exact-sum';
import { FactColumns } from './fact-columns';
import { decodeIndexSnapshot, encodeIndexSnapshot } from './index-snapshot';
import { assertValidFact, assertValidQuery } from './input-validation';
import { LedgerPositions } from './ledger-positions';
import { MetricFact } from './metric-fact';
import { CountedFact, MetricAggregation, MetricQuery, MetricReading } from './metric-query';
import { SeriesCatalog } from './series-catalog';
import { SeriesRange } from './series-range';
import { SourceRecords } from './source-records';

/**
 * A bitemporal index of metric facts, in memory: which facts make a bound goal's value, as of any
 * valid time and as known at any ledger position (see MetricQuery for the rule). Pure: no I/O, no
 * clock. Facts may come in any order and more than once; reads of the present cost O(log n) per
 * scope interval, reads at an earlier position O(log n + facts changed after it). See the README.
 */
export class MetricIndex {
  private readonly facts = new FactColumns();
  private records = new SourceRecords();
  private readonly catalog = new SeriesCatalog();
  private readonly positions = new LedgerPositions();
  /** For the last cap read, until the next add. */
  private corrections: CapCorrections | null = null;
  private readonly sum = new ExactSum();
  private readonly range = new SeriesRange(this.facts);
  private readStamp = 0;
  /**
   * Facts superseded since the last read, which their series must drop. Noted here rather than
   * told to the series at once: at a million facts, reading the old version's fields and its
   * series object would cost add several cache misses; a read pays them once instead.
   */
  private superseded = new Int32Array(1024);
  private supersededCount = 0;

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
    if (added > 0) this.corrections = null;
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
    assertValidQuery(query);
    const value = this.facts.value;
    const sum = this.sum;
    sum.reset();
    const stamp = ++this.readStamp;
    let count = 0;
    let people = 0;
    let min = Infinity;
    let max = -Infinity;
    let last = -1;
    this.forEachRange(query, (range, counted) => {
      count += counted;
      const series = range.series;
      if (series.subject.type === 'person' && series.stamp !== stamp) {
        series.stamp = stamp;
        people++;
      }
      switch (query.aggregation) {
        case 'sum':
        case 'average':
          return range.addSumTo(sum);
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
    assertValidQuery(query);
    const counted: number[] = [];
    this.forEachRange(query, (range) => range.forEachVisible((fact) => counted.push(fact)));
    const { occurredAt, position } = this.facts;
    counted.sort((a, b) => occurredAt[a] - occurredAt[b] || position[a] - position[b]);
    return counted.map((fact) => this.countedFact(fact));
  }

  /** The distinct ids of the people with a counted fact, sorted. */
  people(query: MetricQuery): string[] {
    assertValidQuery(query);
    const stamp = ++this.readStamp;
    const people: string[] = [];
    this.forEachRange(query, ({ series }) => {
      if (series.subject.type !== 'person' || series.stamp === stamp) return;
      series.stamp = stamp;
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
    if (!facts.linkVersion(fact, previous)) return; // an older version, late: superseded on arrival
    this.records.newest[record] = fact;
    if (previous >= 0) {
      this.superseded = withRoom(this.superseded, this.supersededCount + 1);
      this.superseded[this.supersededCount++] = previous;
    }
    if (facts.retraction[fact] === 0) this.catalog.all[facts.series[fact]].arrive(fact, facts);
  }

  /** Tells each series which of its live facts were superseded since the last read. */
  private handOverSuperseded(): void {
    const { retraction, series, occurredAt } = this.facts;
    for (let i = 0; i < this.supersededCount; i++) {
      const fact = this.superseded[i];
      if (retraction[fact] === 0) this.catalog.all[series[fact]].depart(occurredAt[fact]);
    }
    this.supersededCount = 0;
  }

  /**
   * Calls `visit` with the range each scope interval takes from its subject's series, when it takes
   * any fact: occurredAt in the interval and the window, at most asOf, visible at upToPosition.
   */
  private forEachRange(query: MetricQuery, visit: (range: SeriesRange, count: number) => void): void {
    if (this.supersededCount > 0) this.handOverSuperseded();
    const cap = this.capOf(query.upToPosition);
    const subjects = this.catalog.subjectsOf(query.metric);
    if (cap === 0 || !subjects) return;
    const corrections = cap === Infinity ? null : this.correctionsAt(cap);
    const { window, asOf } = query;
    for (const interval of query.scope) {
      const from = Math.max(interval.from, window.from);
      const to = Math.min(interval.to, window.to);
      if (!(from < to) || asOf < from) continue;
      const series = subjects.find(interval.subject);
      if (!series) continue;
      series.settle(this.facts);
      this.range.select(series, from, to, asOf, corrections);
      const count = this.range.count();
      if (count > 0) visit(this.range, count);
    }
  }

  /** upToPosition as a cap: Infinity when every fact held is visible (the present), 0 when none is. */
  private capOf(upToPosition: number): number {
    if (upToPosition >= this.positions.highest) return Infinity;
    return Math.max(0, Math.floor(upToPosition));
  }

  private correctionsAt(cap: number): CapCorrections {
    if (this.corrections?.cap !== cap) this.corrections = CapCorrections.build(cap, this.facts, this.positions, this.catalog.all.length);
    return this.corrections;
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

/** Sum and count of nothing are 0; the others have no meaning. */
function emptyValue(aggregation: MetricAggregation): number | null {
  return aggregation === 'sum' || aggregation === 'count' ? 0 : null;
}
