import { FactSubject, MetricFact } from './metric-fact';
import { MetricIndex } from './metric-index';
import { MetricAggregation, MetricQuery } from './metric-query';

const METRIC = 'sales.closed_won_amount';
const day = (month: number, date: number) => Date.UTC(2027, month - 1, date);
const Q1 = { from: day(1, 1), to: day(4, 1) };
const ana: FactSubject = { type: 'person', id: 'ana' };
const ben: FactSubject = { type: 'person', id: 'ben' };
const sales: FactSubject = { type: 'unit', id: 'sales' };

/** Writes facts as the metric ledger would: the next position, the record's next version. */
class Ledger {
  readonly facts: MetricFact[] = [];
  private readonly versions = new Map<string, number>();

  upsert(recordId: string, subject: FactSubject, value: number, occurredAt: number, recordedAt: number): MetricFact {
    return this.write(recordId, subject, 'upsert', occurredAt, recordedAt, value);
  }

  retract(recordId: string, subject: FactSubject, occurredAt: number, recordedAt: number): MetricFact {
    return this.write(recordId, subject, 'retract', occurredAt, recordedAt);
  }

  private write(recordId: string, subject: FactSubject, operation: MetricFact['operation'], occurredAt: number, recordedAt: number, value?: number): MetricFact {
    const recordVersion = (this.versions.get(recordId) ?? 0) + 1;
    this.versions.set(recordId, recordVersion);
    const fact: MetricFact = {
      position: this.facts.length + 1,
      metric: METRIC,
      subject,
      sourceRecordKey: `salesforce:${recordId}:${METRIC}`,
      source: { system: 'salesforce', recordId },
      recordVersion,
      operation,
      ...(value === undefined ? {} : { value }),
      occurredAt,
      recordedAt,
    };
    this.facts.push(fact);
    return fact;
  }
}

function quarterOf(subjects: FactSubject[], more: Partial<MetricQuery> = {}): MetricQuery {
  return { metric: METRIC, scope: subjects.map((subject) => ({ subject, from: -Infinity, to: Infinity })), window: Q1, aggregation: 'sum', asOf: Infinity, upToPosition: Infinity, ...more };
}

function indexOf(facts: MetricFact[]): MetricIndex {
  const index = new MetricIndex();
  index.add(facts);
  return index;
}

describe('MetricIndex', () => {
  it('counts a deal closed on 30 March and recorded on 2 April in Q1 as of now, but not as known on 31 March', () => {
    const ledger = new Ledger();
    ledger.upsert('opp-1', ana, 1_000, day(3, 10), day(3, 10));
    ledger.upsert('opp-2', ana, 500, day(3, 30), day(4, 2));
    const index = indexOf(ledger.facts);

    expect(index.read(quarterOf([ana])).value).toBe(1_500);
    const knownOn31March = index.positionKnownAt(day(3, 31));
    expect(knownOn31March).toBe(1);
    expect(index.read(quarterOf([ana], { upToPosition: knownOn31March }))).toEqual({ value: 1_000, count: 1, people: 1 });
  });

  it('stops counting a record whose close date moved out of the window, but for as known before the move', () => {
    const ledger = new Ledger();
    ledger.upsert('opp-1', ana, 1_000, day(3, 28), day(3, 28));
    ledger.upsert('opp-1', ana, 1_000, day(4, 3), day(3, 29));
    const index = indexOf(ledger.facts);

    expect(index.read(quarterOf([ana]))).toEqual({ value: 0, count: 0, people: 0 });
    expect(index.read(quarterOf([ana], { upToPosition: 1 })).value).toBe(1_000);
    expect(index.read(quarterOf([ana], { window: { from: day(4, 1), to: day(7, 1) } })).value).toBe(1_000);
  });

  it('withdraws a retracted record, and counts it again once restored', () => {
    const ledger = new Ledger();
    ledger.upsert('opp-1', ana, 1_000, day(2, 1), day(2, 1));
    ledger.retract('opp-1', ana, day(2, 1), day(2, 5));
    const index = indexOf(ledger.facts);
    expect(index.read(quarterOf([ana]))).toEqual({ value: 0, count: 0, people: 0 });
    expect(index.counted(quarterOf([ana]))).toEqual([]);

    index.add([ledger.upsert('opp-1', ana, 1_200, day(2, 1), day(2, 9))]);
    expect(index.read(quarterOf([ana]))).toEqual({ value: 1_200, count: 1, people: 1 });
    expect(index.read(quarterOf([ana], { upToPosition: 2 })).value).toBe(0);
  });

  it('counts a deal moved to another person for the new one only, and for the old one as known before the move', () => {
    const ledger = new Ledger();
    ledger.upsert('opp-1', ana, 1_000, day(2, 1), day(2, 1));
    ledger.retract('opp-1', ana, day(2, 1), day(2, 10)); // ingestion moves a deal as two versions
    ledger.upsert('opp-1', ben, 1_000, day(2, 1), day(2, 10));
    const index = indexOf(ledger.facts);

    expect(index.people(quarterOf([ana, ben]))).toEqual(['ben']);
    expect(index.read(quarterOf([ana])).value).toBe(0);
    expect(index.read(quarterOf([ben])).value).toBe(1_000);
    const beforeTheMove = index.positionKnownAt(day(2, 9));
    expect(index.read(quarterOf([ana], { upToPosition: beforeTheMove })).value).toBe(1_000);
    expect(index.read(quarterOf([ben], { upToPosition: beforeTheMove })).value).toBe(0);
  });

  it('lets a version that arrives before its predecessor count, and keeps the predecessor for as known before it', () => {
    const ledger = new Ledger();
    const [v1, v2, v3] = [100, 200, 300].map((value, i) => ledger.upsert('opp-1', ana, value, day(2, 1), day(2, 1 + i)));
    const index = new MetricIndex();
    index.add([v1, v3]);
    expect(index.read(quarterOf([ana])).value).toBe(300);
    index.add([v2]);
    expect(index.read(quarterOf([ana])).value).toBe(300);
    expect(index.counted(quarterOf([ana]))).toEqual([expect.objectContaining({ position: 3, recordVersion: 3, value: 300 })]);
    expect(index.read(quarterOf([ana], { upToPosition: 2 })).value).toBe(200);
    expect(index.read(quarterOf([ana], { upToPosition: 1 })).value).toBe(100);
  });

  it('changes nothing for a duplicate', () => {
    const ledger = new Ledger();
    ledger.upsert('opp-1', ana, 1_000, day(2, 1), day(2, 1));
    ledger.upsert('opp-2', ana, 250, day(2, 2), day(2, 2));
    const index = new MetricIndex();
    expect(index.add(ledger.facts)).toBe(2);
    expect(index.add([{ ...ledger.facts[1] }, ledger.facts[0], ledger.facts[1]])).toBe(0);
    expect(index.size).toBe(2);
    expect(index.read(quarterOf([ana]))).toEqual({ value: 1_250, count: 2, people: 1 });
  });

  it('keeps the watermark below the first gap, and the highest position above it', () => {
    const ledger = new Ledger();
    for (let i = 1; i <= 6; i++) ledger.upsert(`opp-${i}`, ana, i, day(2, i), day(2, i));
    const [p1, p2, p3, p4, p5, p6] = ledger.facts;
    const index = new MetricIndex();
    expect([index.watermark, index.highestPosition]).toEqual([0, 0]);
    index.add([p2, p5]);
    expect([index.watermark, index.highestPosition, index.size]).toEqual([0, 5, 2]);
    index.add([p1, p4]);
    expect(index.watermark).toBe(2);
    expect(index.positionKnownAt(day(2, 3))).toBe(2); // position 3 is not held yet
    expect(index.positionKnownAt(day(2, 4))).toBe(4);
    index.add([p3, p6]);
    expect([index.watermark, index.highestPosition, index.size]).toEqual([6, 6, 6]);
    expect(index.positionKnownAt(day(1, 1))).toBe(0);
    expect(index.positionKnownAt(Infinity)).toBe(6);
  });

  it('counts a person only inside their membership intervals, and once however many', () => {
    const ledger = new Ledger();
    ledger.upsert('opp-1', ana, 100, day(1, 10), day(1, 10));
    ledger.upsert('opp-2', ana, 200, day(2, 10), day(2, 10)); // ana was in another team in February
    ledger.upsert('opp-3', ana, 400, day(3, 10), day(3, 10));
    ledger.upsert('opp-4', sales, 800, day(3, 11), day(3, 11));
    const index = indexOf(ledger.facts);
    const team: MetricQuery = {
      ...quarterOf([]),
      scope: [
        { subject: ana, from: day(1, 1), to: day(2, 1) },
        { subject: ana, from: day(3, 1), to: Infinity },
        { subject: sales, from: -Infinity, to: Infinity },
      ],
    };
    expect(index.read(team)).toEqual({ value: 1_300, count: 3, people: 1 });
    expect(index.counted(team).map((fact) => fact.source.recordId)).toEqual(['opp-1', 'opp-3', 'opp-4']);
    expect(index.people(team)).toEqual(['ana']);
  });

  it('leaves out facts that occurred after asOf', () => {
    const ledger = new Ledger();
    ledger.upsert('opp-1', ana, 100, day(1, 10), day(1, 10));
    ledger.upsert('opp-2', ana, 200, day(2, 10), day(2, 10));
    const index = indexOf(ledger.facts);
    expect(index.read(quarterOf([ana], { asOf: day(2, 10) - 1 })).value).toBe(100);
    expect(index.read(quarterOf([ana], { asOf: day(2, 10) })).value).toBe(300);
  });

  it('aggregates: last is the newest occurrence (the higher position on a tie); nothing is 0 or null', () => {
    const ledger = new Ledger();
    ledger.upsert('opp-1', ana, 7, day(2, 10), day(2, 10));
    ledger.upsert('opp-2', ben, 3, day(2, 12), day(2, 12));
    ledger.upsert('opp-3', ana, 5, day(2, 12), day(2, 12));
    ledger.upsert('opp-4', ben, 9, day(2, 1), day(2, 13));
    const index = indexOf(ledger.facts);
    const value = (aggregation: MetricAggregation, subjects = [ana, ben]) => index.read(quarterOf(subjects, { aggregation })).value;
    expect([value('sum'), value('count'), value('last'), value('average'), value('min'), value('max')]).toEqual([24, 4, 5, 6, 3, 9]);
    const nobody: FactSubject[] = [{ type: 'person', id: 'zoe' }];
    expect([value('sum', nobody), value('count', nobody), value('last', nobody), value('average', nobody), value('min', nobody), value('max', nobody)]).toEqual([0, 0, null, null, null, null]);
  });

  it('sums exactly, also where the prefix sums cannot keep every bit', () => {
    const ledger = new Ledger();
    [1e30, 1, 1e-30, -1e30, 0.1, 0.2].forEach((value, i) => ledger.upsert(`opp-${i}`, ana, value, day(2, 1 + i), day(2, 1)));
    const index = indexOf(ledger.facts);
    expect(index.read(quarterOf([ana], { window: { from: day(2, 3), to: day(2, 4) } })).value).toBe(1e-30);
    expect(index.read(quarterOf([ana], { window: { from: day(2, 2), to: day(2, 5) } })).value).toBe(-1e30);
    expect(index.read(quarterOf([ana], { window: { from: day(2, 5), to: day(2, 7) } })).value).toBe(0.30000000000000004);
    expect(index.read(quarterOf([ana])).value).toBe(1.3);
  });

  it('sums exactly at a cap too, where the prefix sums of what it withdraws or restores cannot keep every bit', () => {
    const values = [1e30, 1, 1e-30, -1e30, 0.1, 0.2];
    const ledger = new Ledger();
    values.forEach((value, i) => ledger.upsert(`opp-${i}`, ana, value, day(2, 1 + i), day(2, 1))); // 1-6
    values.forEach((value, i) => ledger.upsert(`new-${i}`, ana, value, day(2, 1 + i), day(2, 2))); // 7-12: withdrawn at a cap below
    values.forEach((_, i) => ledger.upsert(`opp-${i}`, ana, 7, day(2, 1 + i), day(2, 3))); // 13-18: 1-6 restored at a cap below
    const index = indexOf(ledger.facts);
    const windows = [Q1, { from: day(2, 3), to: day(2, 4) }, { from: day(2, 2), to: day(2, 5) }, { from: day(2, 5), to: day(2, 7) }];
    for (const cap of [6, 9, 12, 15]) {
      const upTo = indexOf(ledger.facts.filter((fact) => fact.position <= cap));
      for (const window of windows) expect(index.read(quarterOf([ana], { window, upToPosition: cap }))).toEqual(upTo.read(quarterOf([ana], { window })));
    }
    expect(index.read(quarterOf([ana], { upToPosition: 6 })).value).toBe(1.3);
    expect(index.read(quarterOf([ana], { upToPosition: 12 })).value).toBe(2.6);
  });

  it('names the source of each counted fact, for lineage', () => {
    const ledger = new Ledger();
    ledger.upsert('006Dn:1', ana, 1_000, day(2, 1), day(2, 2));
    const index = indexOf(ledger.facts);
    expect(index.counted(quarterOf([ana]))).toEqual([
      { position: 1, sourceRecordKey: `salesforce:006Dn:1:${METRIC}`, source: { system: 'salesforce', recordId: '006Dn:1' }, recordVersion: 1, subject: ana, value: 1_000, occurredAt: day(2, 1), recordedAt: day(2, 2) },
    ]);
  });

  it('answers a scope read again and again from what it keeps, and sees what arrived since, of a subject new to the metric too', () => {
    const ledger = new Ledger();
    ledger.upsert('opp-1', ana, 1_000, day(2, 1), day(2, 1));
    ledger.upsert('opp-2', ben, 200, day(2, 2), day(2, 2));
    ledger.upsert('opp-3', sales, 30, day(2, 3), day(2, 3));
    const index = indexOf(ledger.facts);
    const chloe: FactSubject = { type: 'person', id: 'chloé' };
    const team = quarterOf([ana, ben, chloe, sales]); // one scope array, read for many goals
    for (let read = 0; read < 4; read++) expect(index.read(team)).toEqual({ value: 1_230, count: 3, people: 2 });
    expect(index.read({ ...team, aggregation: 'count' })).toEqual({ value: 3, count: 3, people: 2 });
    expect(index.read({ ...team, upToPosition: 2 })).toEqual({ value: 1_200, count: 2, people: 2 });
    index.add([ledger.upsert('opp-4', chloe, 4, day(2, 4), day(2, 4)), ledger.upsert('opp-1', ana, 2_000, day(2, 1), day(2, 5))]);
    expect(index.read(team)).toEqual({ value: 2_234, count: 4, people: 3 });
    expect(index.read({ ...team, upToPosition: 4 })).toEqual({ value: 1_234, count: 4, people: 3 });
    expect(index.people(team)).toEqual(['ana', 'ben', 'chloé']);
  });

  it('answers at any cap as an index holding only the facts up to it, caps read in any order, more of them than it keeps', () => {
    const ledger = new Ledger();
    for (let i = 0; i < 40; i++) {
      const record = `opp-${i % 13}`;
      if (i % 7 === 6) ledger.retract(record, i % 2 ? ana : ben, day(2, 1 + (i % 13)), day(2, 1));
      else ledger.upsert(record, i % 3 ? ana : ben, 100 + i, day(2, 1 + ((i * 5) % 27)), day(2, 1));
    }
    const index = indexOf([...ledger.facts].reverse());
    const caps = Array.from({ length: 40 }, (_, i) => (i * 17) % 41);
    for (const cap of [...caps, ...caps.reverse()]) {
      const upTo = indexOf(ledger.facts.filter((fact) => fact.position <= cap));
      for (const aggregation of ['sum', 'count', 'last', 'min'] as const) {
        const query = quarterOf([ana, ben, sales, { type: 'person', id: 'zoe' }], { aggregation, window: { from: day(2, 4), to: day(2, 20) } });
        expect(index.read({ ...query, upToPosition: cap })).toEqual(upTo.read(query));
      }
    }
  });

  it('refuses a malformed fact or query, saying why', () => {
    const fact = new Ledger().upsert('opp-1', ana, 1, day(2, 1), day(2, 1));
    const index = new MetricIndex();
    expect(() => index.add([{ ...fact, position: 0 }])).toThrow('metric fact at position 0: position must be a whole number');
    expect(() => index.add([{ ...fact, value: NaN }])).toThrow("an upsert's value must be a finite number");
    expect(() => index.add([{ ...fact, subject: { type: 'team' as 'unit', id: 'x' } }])).toThrow('subject must be a person or a unit');
    expect(() => index.read(quarterOf([ana], { aggregation: 'median' as 'sum' }))).toThrow('aggregation must be one of sum, count, last, average, min, max');
    expect(() => index.read(quarterOf([ana], { upToPosition: NaN }))).toThrow('upToPosition must be a number');
  });
});
