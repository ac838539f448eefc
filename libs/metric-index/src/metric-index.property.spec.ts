import fc from 'fast-check';
import { FactSubject, MetricFact } from './metric-fact';
import { MetricIndex } from './metric-index';
import { referenceCounted, referenceHeld, referencePeople, referencePositionKnownAt, referenceRead, referenceWatermark } from './metric-index.reference';
import { metricAggregations, MetricQuery, ScopeInterval } from './metric-query';

/**
 * Replay equality: random ledgers of records and their versions, delivered in a random order with
 * duplicates, read between deliveries with random queries; every answer must equal the reference's,
 * also after a snapshot is restored and takes the rest of the deliveries.
 */

const SUBJECTS: FactSubject[] = [
  { type: 'person', id: 'ana' },
  { type: 'person', id: 'ben' },
  { type: 'person', id: 'chloé' },
  { type: 'person', id: 'dev' },
  { type: 'unit', id: 'sales' },
  { type: 'unit', id: 'support' },
];
const METRICS = ['sales.closed_won_amount', 'support.tickets_closed'];
const FIRST_RECORDED_AT = 1_000;

const subject = fc.constantFrom(...SUBJECTS);
const instant = fc.integer({ min: 0, max: 30 });
/** Integers and cents in [-1e9, 1e9]. */
const amount = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.integer({ min: -1e11, max: 1e11 }).map((cents) => cents / 100),
);

/** What may happen to a record after it is created: one version each, but a move, which is two. */
const changeOf = (subject: fc.Arbitrary<FactSubject>) =>
  fc.oneof(
    fc.record({ kind: fc.constant('amend' as const), value: amount }),
    fc.record({ kind: fc.constant('reschedule' as const), occurredAt: instant }),
    fc.record({ kind: fc.constant('retract' as const) }),
    fc.record({ kind: fc.constant('restore' as const), value: amount }),
    fc.record({ kind: fc.constant('move' as const), to: subject }),
  );
const change = changeOf(subject);
type Change = typeof change extends fc.Arbitrary<infer C> ? C : never;

const recordSpecOf = (subject: fc.Arbitrary<FactSubject>, metric: fc.Arbitrary<string>) =>
  fc.record({
    metric,
    system: fc.constantFrom('salesforce', 'hubspot'),
    recordId: fc.constantFrom('opp', 'opp:x', 'deal-é', ''),
    /** Ingestion writes `${system}:${recordId}:${metric}`; the index must not depend on it. */
    keyOfAnotherShape: fc.boolean(),
    subject,
    value: amount,
    occurredAt: instant,
    changes: fc.array(changeOf(subject), { maxLength: 3 }),
  });
const recordSpec = recordSpecOf(subject, fc.constantFrom(...METRICS));
type RecordSpec = typeof recordSpec extends fc.Arbitrary<infer R> ? R : never;

type Version = Pick<MetricFact, 'subject' | 'operation' | 'value' | 'occurredAt'>;

/** The versions a record goes through, as ingestion writes them. */
function versionsOf(spec: RecordSpec): Version[] {
  let state = { subject: spec.subject, value: spec.value, occurredAt: spec.occurredAt };
  const versions: Version[] = [{ ...state, operation: 'upsert' }];
  const upsert = (next: Partial<typeof state>) => {
    state = { ...state, ...next };
    versions.push({ ...state, operation: 'upsert' });
  };
  const retract = () => versions.push({ subject: state.subject, occurredAt: state.occurredAt, operation: 'retract' });
  for (const step of spec.changes as Change[]) {
    if (step.kind === 'amend' || step.kind === 'restore') upsert({ value: step.value });
    else if (step.kind === 'reschedule') upsert({ occurredAt: step.occurredAt });
    else if (step.kind === 'retract') retract();
    else {
      retract(); // a move: withdrawn from the old subject, then given to the new one
      upsert({ subject: step.to });
    }
  }
  return versions;
}

/** Interleaves the records' versions into ledger positions, each record's in order, recordedAt never decreasing. */
function ledgerOf(specs: RecordSpec[], keys: number[], pauses: number[]): MetricFact[] {
  const tagged: Array<{ record: number; version: number; key: number; content: Version }> = [];
  let next = 0;
  specs.forEach((spec, record) => {
    const versions = versionsOf(spec);
    const ownKeys = keys.slice(next, next + versions.length).sort((a, b) => a - b);
    next += versions.length;
    versions.forEach((content, version) => tagged.push({ record, version, key: ownKeys[version], content }));
  });
  tagged.sort((a, b) => a.key - b.key || a.record - b.record || a.version - b.version);
  let recordedAt = FIRST_RECORDED_AT;
  return tagged.map(({ record, version, content }, index) => {
    const spec = specs[record];
    const recordId = `${spec.recordId}-${record}`;
    recordedAt += pauses[index];
    return {
      position: index + 1,
      metric: spec.metric,
      subject: content.subject,
      sourceRecordKey: spec.keyOfAnotherShape ? `${spec.system}/${recordId}` : `${spec.system}:${recordId}:${spec.metric}`,
      source: { system: spec.system, recordId },
      recordVersion: version + 1,
      operation: content.operation,
      ...(content.operation === 'upsert' ? { value: content.value } : {}),
      occurredAt: content.occurredAt,
      recordedAt,
    };
  });
}

const scenarioOf = (records: fc.Arbitrary<RecordSpec[]>) =>
  records
    .chain((specs) => {
      const count = specs.reduce((sum, spec) => sum + versionsOf(spec).length, 0);
      const perFact = (arbitrary: fc.Arbitrary<number>) => fc.array(arbitrary, { minLength: count, maxLength: count });
      return fc.record({
        ledger: fc.tuple(perFact(fc.nat()), perFact(fc.nat({ max: 3 }))).map(([keys, pauses]) => ledgerOf(specs, keys, pauses)),
        deliveryKeys: perFact(fc.nat()),
        duplicates: fc.array(fc.tuple(fc.nat({ max: count - 1 }), fc.nat()), { maxLength: 10 }),
        readAfter: fc.array(fc.nat({ max: count + 10 }), { maxLength: 3 }),
        snapshotAfter: fc.nat(),
      });
    })
    .map(({ ledger, deliveryKeys, duplicates, readAfter, snapshotAfter }) => {
      // Any order, some facts twice (as separate objects, as a redelivery would bring them).
      const deliveries = [...ledger.map((fact, i) => ({ fact, key: deliveryKeys[i] })), ...duplicates.map(([i, key]) => ({ fact: { ...ledger[i] }, key }))]
        .sort((a, b) => a.key - b.key)
        .map(({ fact }) => fact);
      const cuts = [...new Set([...readAfter.map((cut) => Math.min(cut, deliveries.length)), deliveries.length])].sort((a, b) => a - b);
      const batches = cuts.map((cut, i) => deliveries.slice(i === 0 ? 0 : cuts[i - 1], cut));
      return { ledger, batches, snapshotAfter: snapshotAfter % batches.length };
    });
const scenario = scenarioOf(fc.array(recordSpec, { minLength: 1, maxLength: 25 }));
/** Long series: many records of two subjects and one metric, whose facts are sorted and merged in runs longer than a few. */
const TWO_SUBJECTS = [SUBJECTS[0], SUBJECTS[4]];
const longSeries = scenarioOf(fc.array(recordSpecOf(fc.constantFrom(...TWO_SUBJECTS), fc.constant(METRICS[0])), { minLength: 20, maxLength: 120 }));

const bound = fc.oneof(fc.constant(-Infinity), fc.constant(Infinity), instant);
/** One or two disjoint [from, to) of one subject. */
const intervals = fc.uniqueArray(bound, { minLength: 2, maxLength: 4 }).map((points) => {
  const [a, b, c, d] = points.sort((x, y) => x - y);
  return d === undefined ? [[a, b]] : [[a, b], [c, d]];
});
const scopeOf = (subject: fc.Arbitrary<FactSubject>) =>
  fc.uniqueArray(subject, { maxLength: 4, selector: (s) => `${s.type}:${s.id}` }).chain((subjects) =>
    fc.tuple(...subjects.map(() => intervals)).map((perSubject) => perSubject.flatMap((own, i) => own.map(([from, to]) => ({ subject: subjects[i], from, to })))),
  );
const queryOf = (scope: fc.Arbitrary<ScopeInterval[]>, metric: fc.Arbitrary<string>) =>
  fc.record({
    metric,
    scope,
    window: fc.oneof(
      fc.constant({ from: -Infinity, to: Infinity }),
      fc.tuple(instant, instant).map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) })),
      fc.record({ from: instant, to: fc.constant(Infinity) }),
    ),
    aggregation: fc.constantFrom(...metricAggregations),
    asOf: fc.oneof(fc.constant(Infinity), instant),
    upTo: fc.oneof(
      fc.constant({ kind: 'all' as const }),
      fc.record({ kind: fc.constant('position' as const), position: fc.nat({ max: 400 }) }),
      fc.record({ kind: fc.constant('knownAt' as const), knownAt: fc.integer({ min: FIRST_RECORDED_AT - 5, max: FIRST_RECORDED_AT + 600 }) }),
    ),
  });
const query = queryOf(scopeOf(subject), fc.constantFrom(...METRICS, 'unbound.metric'));
/** For long series: a scope of their two subjects, with a third subject or not, each in one or two intervals. */
const longSeriesQuery = queryOf(scopeOf(fc.constantFrom(...TWO_SUBJECTS, SUBJECTS[1])), fc.constant(METRICS[0]));
type QuerySpec = typeof query extends fc.Arbitrary<infer Q> ? Q : never;

function expectSameAnswers(index: MetricIndex, held: MetricFact[], queries: QuerySpec[]): void {
  expect(index.size).toBe(held.length);
  expect(index.watermark).toBe(referenceWatermark(held));
  expect(index.highestPosition).toBe(Math.max(0, ...held.map((fact) => fact.position)));
  for (const { upTo, ...rest } of queries) {
    let upToPosition = Infinity;
    if (upTo.kind === 'position') upToPosition = upTo.position % (index.highestPosition + 3);
    if (upTo.kind === 'knownAt') {
      upToPosition = index.positionKnownAt(upTo.knownAt);
      expect(upToPosition).toBe(referencePositionKnownAt(held, upTo.knownAt));
    }
    const asked: MetricQuery = { ...rest, upToPosition };
    expect(index.read(asked)).toEqual(referenceRead(held, asked));
    // Again, the same scope array at the same instants: what the index kept of the first read must answer the same;
    // and at other caps and back: what it kept for one cap must not answer for another.
    const finite = Number.isFinite(upToPosition) ? upToPosition : index.highestPosition;
    for (const cap of [upToPosition, finite - 1, Math.floor(finite / 2), upToPosition]) {
      const other = { ...asked, upToPosition: cap };
      expect(index.read(other)).toEqual(referenceRead(held, other));
    }
    expect(index.counted(asked)).toEqual(referenceCounted(held, asked));
    expect(index.people(asked)).toEqual(referencePeople(held, asked));
    // The same series asked again from the same instant, to another end: nothing remembered may leak.
    for (const again of [{ ...asked, asOf: Infinity }, { ...asked, window: { from: asked.window.from, to: Infinity } }]) expect(index.read(again)).toEqual(referenceRead(held, again));
  }
}

function replay({ batches, snapshotAfter }: { batches: MetricFact[][]; snapshotAfter: number }, queries: QuerySpec[]): void {
  const index = new MetricIndex();
  let restored: MetricIndex | undefined;
  const delivered: MetricFact[] = [];
  batches.forEach((batch, i) => {
    const before = referenceHeld(delivered).length;
    delivered.push(...batch);
    const held = referenceHeld(delivered);
    expect(index.add(batch)).toBe(held.length - before);
    restored?.add(batch);
    expectSameAnswers(index, held, queries);
    if (restored) expectSameAnswers(restored, held, queries);
    if (i === snapshotAfter) {
      restored = MetricIndex.fromSnapshot(index.snapshot());
      expectSameAnswers(restored, held, queries);
    }
  });
}

describe('MetricIndex replayed against the reference', () => {
  it('answers every query as the reference does, whatever the order of arrival, duplicates and snapshots', () => {
    fc.assert(fc.property(scenario, fc.array(query, { minLength: 1, maxLength: 6 }), replay), { numRuns: 300 });
  });

  it('answers as the reference does over long series (facts sorted and merged in long runs, many corrections at a cap)', () => {
    fc.assert(fc.property(longSeries, fc.array(longSeriesQuery, { minLength: 1, maxLength: 4 }), replay), { numRuns: 40 });
  });
});
