import { DomainCommand, DomainEvent, EventTimes } from '../shared/decider';
import { CycleStatus } from '../shared/cycle-status';
import { AlreadyExistsError } from '../shared/domain-error';
import { MetricBinding, sameBinding, validBinding } from './metric-binding';

/** One source record's change as a goal records it: what metrics-ingestion published, minus the routing. */
export interface MetricContributionData {
  dataPointId: string;
  sourceRecordKey: string;
  recordVersion: number;
  subject: { type: 'person' | 'unit'; id: string };
  operation: 'upsert' | 'retract';
  /** Absent for a retraction. */
  value?: number;
  occurredAt: string;
  receivedAt: string;
  source: { system: string; recordId: string; changeId?: string };
}

/** A record's contribution as the goal holds it, with the transaction time it was recorded at. */
export interface Contribution extends MetricContributionData {
  recordedAt: string;
  /** Set when it was folded in after the cycle closed, by an accepted proposal. */
  amendmentReason?: string;
}

/** A data point into a closed cycle, waiting for an admin to accept or reject it. */
export interface ContributionProposal extends MetricContributionData {
  proposedAt: string;
}

/** What a bound goal keeps: its binding, the latest applied version of each source record, and pending proposals. */
export interface BoundMetric {
  binding: MetricBinding;
  /** By sourceRecordKey: the highest version applied so far (a retraction included). */
  contributions: Record<string, Contribution>;
  /** By dataPointId. */
  proposals: Record<string, ContributionProposal>;
}

/**
 * The contribution events of a bound goal; `Target` names the goal inside its aggregate (the key
 * result of an objective), empty for aggregates that are one goal.
 */
export type MetricContributionEvent<Target = object> =
  | DomainEvent<'MetricContributionRecorded', MetricContributionData & Target>
  | DomainEvent<'MetricContributionProposed', MetricContributionData & Target>
  | DomainEvent<'MetricContributionAmended', MetricContributionData & Target & { reason: string }>
  /** The subject too, so an audit trail can tell whose private contribution it concerns. */
  | DomainEvent<'MetricContributionRejected', { dataPointId: string; subject: MetricContributionData['subject']; reason: string } & Target>;

interface InCycle {
  /** KPIs have no cycle: always open. */
  cycleStatus: CycleStatus;
}

export type MetricContributionCommand<Target = object> =
  | DomainCommand<'RecordMetricContribution', InCycle & Target & { dataPoint: MetricContributionData }>
  | DomainCommand<'AcceptMetricContribution', InCycle & Target & { dataPointId: string; reason: string }>
  | DomainCommand<'RejectMetricContribution', InCycle & Target & { dataPointId: string; reason: string }>;

export const metricContributionEventTypes: ReadonlySet<string> = new Set([
  'MetricContributionRecorded',
  'MetricContributionProposed',
  'MetricContributionAmended',
  'MetricContributionRejected',
]);

export function boundMetricOf(binding: MetricBinding): BoundMetric {
  return { binding, contributions: {}, proposals: {} };
}

/** Evolves a bound goal; versions only move forward, so a replayed or late older version changes nothing. */
export function evolveBoundMetric(bound: BoundMetric, event: MetricContributionEvent, times: EventTimes): BoundMetric {
  switch (event.type) {
    case 'MetricContributionRecorded':
    case 'MetricContributionAmended': {
      const data = contributionDataOf(event.data);
      const applied = bound.contributions[data.sourceRecordKey];
      const { [data.dataPointId]: _accepted, ...proposals } = bound.proposals;
      if (applied && applied.recordVersion >= data.recordVersion) return { ...bound, proposals };
      const reason = event.type === 'MetricContributionAmended' ? { amendmentReason: event.data.reason } : {};
      return { ...bound, proposals, contributions: { ...bound.contributions, [data.sourceRecordKey]: { ...data, recordedAt: times.recordedAt, ...reason } } };
    }
    case 'MetricContributionProposed': {
      const data = contributionDataOf(event.data);
      return { ...bound, proposals: { ...bound.proposals, [data.dataPointId]: { ...data, proposedAt: times.recordedAt } } };
    }
    case 'MetricContributionRejected': {
      const { [event.data.dataPointId]: _rejected, ...proposals } = bound.proposals;
      return { ...bound, proposals };
    }
  }
}

/**
 * A goal binds once: the same binding again records nothing (null), another one is refused.
 * `goal` names it in the message, `field` is the input at fault.
 */
export function bindingToRecord(current: BoundMetric | undefined, binding: MetricBinding, goal: string, field: string): MetricBinding | null {
  const valid = validBinding(binding);
  if (!current) return valid;
  if (sameBinding(current.binding, valid)) return null;
  throw new AlreadyExistsError(`${goal} is already bound to ${current.binding.metric}`, field);
}

/** A goal's state after a contribution event; a goal that is not bound ignores it (evolve is total). */
export function withContribution<G extends { boundMetric?: BoundMetric }>(goal: G, event: MetricContributionEvent, times: EventTimes): G {
  return goal.boundMetric ? { ...goal, boundMetric: evolveBoundMetric(goal.boundMetric, event, times) } : goal;
}

/** Only the contribution's own fields: events of an objective also name their key result. */
export function contributionDataOf(data: MetricContributionData): MetricContributionData {
  const { dataPointId, sourceRecordKey, recordVersion, subject, operation, value, occurredAt, receivedAt, source } = data;
  return { dataPointId, sourceRecordKey, recordVersion, subject, operation, ...(value !== undefined ? { value } : {}), occurredAt, receivedAt, source };
}
