/**
 * The counting rule of MetricQuery written as plainly as possible, to check MetricIndex against:
 * every fact looked at for every query, no index. For specs only.
 */
import { referenceExactSum } from './exact-sum.reference';
import { MetricFact } from './metric-fact';
import { CountedFact, MetricQuery, MetricReading } from './metric-query';

/** The facts an index holds after these deliveries: the first fact at each position. */
export function referenceHeld(delivered: readonly MetricFact[]): MetricFact[] {
  const byPosition = new Map<number, MetricFact>();
  for (const fact of delivered) if (!byPosition.has(fact.position)) byPosition.set(fact.position, fact);
  return [...byPosition.values()];
}

export function referenceWatermark(held: readonly MetricFact[]): number {
  const positions = new Set(held.map((fact) => fact.position));
  let watermark = 0;
  while (positions.has(watermark + 1)) watermark++;
  return watermark;
}

export function referencePositionKnownAt(held: readonly MetricFact[], knownAt: number): number {
  return Math.max(0, ...held.filter((fact) => fact.recordedAt <= knownAt).map((fact) => fact.position));
}

export function referenceCounted(held: readonly MetricFact[], query: MetricQuery): CountedFact[] {
  const counts = (fact: MetricFact) => {
    const known = held.filter((other) => other.sourceRecordKey === fact.sourceRecordKey && other.position <= query.upToPosition);
    const visible = known.reduce<MetricFact | undefined>((highest, other) => (!highest || other.recordVersion > highest.recordVersion ? other : highest), undefined);
    return (
      visible === fact &&
      fact.operation === 'upsert' &&
      fact.metric === query.metric &&
      query.scope.some((interval) => interval.subject.type === fact.subject.type && interval.subject.id === fact.subject.id && interval.from <= fact.occurredAt && fact.occurredAt < interval.to) &&
      query.window.from <= fact.occurredAt &&
      fact.occurredAt < query.window.to &&
      fact.occurredAt <= query.asOf
    );
  };
  return held
    .filter(counts)
    .sort((a, b) => a.occurredAt - b.occurredAt || a.position - b.position)
    .map((fact) => ({
      position: fact.position,
      sourceRecordKey: fact.sourceRecordKey,
      source: { system: fact.source.system, recordId: fact.source.recordId },
      recordVersion: fact.recordVersion,
      subject: { type: fact.subject.type, id: fact.subject.id },
      value: fact.value!,
      occurredAt: fact.occurredAt,
      recordedAt: fact.recordedAt,
    }));
}

export function referencePeople(held: readonly MetricFact[], query: MetricQuery): string[] {
  const people = referenceCounted(held, query)
    .filter((fact) => fact.subject.type === 'person')
    .map((fact) => fact.subject.id);
  return [...new Set(people)].sort();
}

export function referenceRead(held: readonly MetricFact[], query: MetricQuery): MetricReading {
  const counted = referenceCounted(held, query);
  const values = counted.map((fact) => fact.value);
  const count = values.length;
  const people = referencePeople(held, query).length;
  const value = {
    sum: referenceExactSum(values),
    count,
    last: count ? values[count - 1] : null,
    average: count ? referenceExactSum(values) / count : null,
    min: count ? Math.min(...values) : null,
    max: count ? Math.max(...values) : null,
  }[query.aggregation];
  return { value, count, people };
}
