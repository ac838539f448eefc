import { MAX_POSITION } from './fact-columns';
import { MetricFact } from './metric-fact';
import { metricAggregations, MetricQuery } from './metric-query';

/** Refuses a fact the index could not hold faithfully, saying why. */
export function assertValidFact(fact: MetricFact): void {
  if (!Number.isInteger(fact.position) || fact.position < 1 || fact.position > MAX_POSITION) refuseFact(fact, `position must be a whole number from 1 to ${MAX_POSITION}`);
  if (!Number.isInteger(fact.recordVersion) || fact.recordVersion < 1 || fact.recordVersion > 0xffff_ffff) refuseFact(fact, `recordVersion must be a whole number from 1, got ${fact.recordVersion}`);
  if (typeof fact.metric !== 'string') refuseFact(fact, 'metric must be a string');
  if (typeof fact.sourceRecordKey !== 'string') refuseFact(fact, 'sourceRecordKey must be a string');
  if (typeof fact.source?.system !== 'string' || typeof fact.source.recordId !== 'string') refuseFact(fact, 'source must have a system and a recordId');
  if ((fact.subject?.type !== 'person' && fact.subject?.type !== 'unit') || typeof fact.subject.id !== 'string') refuseFact(fact, 'subject must be a person or a unit, with an id');
  if (fact.operation !== 'upsert' && fact.operation !== 'retract') refuseFact(fact, `operation must be upsert or retract, got ${fact.operation}`);
  if (fact.operation === 'upsert' && !Number.isFinite(fact.value)) refuseFact(fact, `an upsert's value must be a finite number, got ${fact.value}`);
  if (!Number.isFinite(fact.occurredAt)) refuseFact(fact, `occurredAt must be finite epoch ms, got ${fact.occurredAt}`);
  if (!Number.isFinite(fact.recordedAt)) refuseFact(fact, `recordedAt must be finite epoch ms, got ${fact.recordedAt}`);
}

/**
 * Refuses a query whose answer would have no meaning: a bound that is not a number, an unknown
 * aggregation. `scopeChecked`: the scope array was checked when first read (see ScopePlans).
 */
export function assertValidQuery(query: MetricQuery, scopeChecked = false): void {
  if (!metricAggregations.includes(query.aggregation)) refuseQuery(`aggregation must be one of ${metricAggregations.join(', ')}, got ${query.aggregation}`);
  if (!isNumber(query.window?.from) || !isNumber(query.window.to)) refuseQuery('the window bounds must be numbers (±Infinity for none)');
  if (!isNumber(query.asOf)) refuseQuery('asOf must be a number (Infinity for none)');
  if (!isNumber(query.upToPosition)) refuseQuery('upToPosition must be a number (Infinity for all)');
  if (scopeChecked) return;
  for (const interval of query.scope) {
    if (!isNumber(interval.from) || !isNumber(interval.to)) refuseQuery(`the scope interval of ${interval.subject?.type} ${interval.subject?.id} must have numbers as bounds`);
  }
}

function isNumber(value: unknown): boolean {
  return typeof value === 'number' && !Number.isNaN(value);
}

function refuseFact(fact: MetricFact, why: string): never {
  throw new RangeError(`metric fact at position ${fact.position}: ${why}`);
}

function refuseQuery(why: string): never {
  throw new RangeError(`metric query: ${why}`);
}
