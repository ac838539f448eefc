import { DomainCommand, DomainEvent, EventTimes, TimedEvent } from '../shared/decider';
import { CycleStatus } from '../shared/cycle-status';
import { AlreadyExistsError } from '../shared/domain-error';
import { BatchEvolving, PrivateCopies } from '../shared/fold';
import { MetricBinding, sameBinding, validBinding } from './metric-binding';
import { forgetOrderOf } from './metric-value';

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
  return contributionApplied(bound, event, times, (map) => ({ ...map }));
}

/** How a fold gets a map it may write into: a copy of one others hold, or the map itself when it is the fold's own. */
type WritableMap = <T>(map: Record<string, T>) => Record<string, T>;
const ownMap: WritableMap = (map) => map;

/** Copies only the maps the event changes, so it costs what it writes, plus one copy of a map others hold. */
function contributionApplied(bound: BoundMetric, event: MetricContributionEvent, times: EventTimes, writable: WritableMap): BoundMetric {
  switch (event.type) {
    case 'MetricContributionRecorded':
    case 'MetricContributionAmended': {
      const data = contributionDataOf(event.data);
      const settled = withoutProposal(bound, data.dataPointId, writable);
      const applied = bound.contributions[data.sourceRecordKey];
      if (applied && applied.recordVersion >= data.recordVersion) return settled;
      const reason = event.type === 'MetricContributionAmended' ? { amendmentReason: event.data.reason } : {};
      const contributions = writable(bound.contributions);
      contributions[data.sourceRecordKey] = { ...data, recordedAt: times.recordedAt, ...reason };
      return withMaps(settled, contributions, settled.proposals);
    }
    case 'MetricContributionProposed': {
      const data = contributionDataOf(event.data);
      const proposals = writable(bound.proposals);
      proposals[data.dataPointId] = { ...data, proposedAt: times.recordedAt };
      return withMaps(bound, bound.contributions, proposals);
    }
    case 'MetricContributionRejected':
      return withoutProposal(bound, event.data.dataPointId, writable);
  }
}

/** Accepted, amended or rejected: no longer pending. Most data points never were, and then nothing is copied. */
function withoutProposal(bound: BoundMetric, dataPointId: string, writable: WritableMap): BoundMetric {
  if (!Object.hasOwn(bound.proposals, dataPointId)) return bound;
  const proposals = writable(bound.proposals);
  delete proposals[dataPointId];
  return withMaps(bound, bound.contributions, proposals);
}

/** The same object when neither map changed identity: a fold tracks its own copies by identity. */
function withMaps(bound: BoundMetric, contributions: BoundMetric['contributions'], proposals: BoundMetric['proposals']): BoundMetric {
  return contributions === bound.contributions && proposals === bound.proposals ? bound : { ...bound, contributions, proposals };
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

/**
 * A goal's state after a contribution event; a goal that is not bound ignores it (evolve is total).
 * Within a batch fold (`copies`), the first event copies the goal's maps once and the following
 * ones write into that private copy, so folding n events costs O(n), not O(n²).
 */
export function withContribution<G extends { boundMetric?: BoundMetric }>(goal: G, event: MetricContributionEvent, times: EventTimes, copies?: PrivateCopies): G {
  const bound = goal.boundMetric;
  if (!bound) return goal;
  if (!copies) return { ...goal, boundMetric: evolveBoundMetric(bound, event, times) };
  const own = copies.holds(bound) ? bound : copies.claim({ ...bound, contributions: { ...bound.contributions }, proposals: { ...bound.proposals } });
  contributionApplied(own, event, times, ownMap);
  forgetOrderOf(own.contributions);
  return own === bound ? goal : { ...goal, boundMetric: own };
}

/**
 * The batch fold of a decider whose goals take contribution events: those go through
 * `contributionEvolved` with the fold's private copies, every other event through `evolve`.
 */
export function evolveAllWithContributions<E extends DomainEvent, C extends E, S>(
  evolve: (state: S, event: TimedEvent<E>) => S,
  contributionEvolved: (state: S, event: TimedEvent<C>, copies: PrivateCopies) => S,
): BatchEvolving<E, S>['evolveAll'] {
  const isContribution = (event: TimedEvent<E>): event is TimedEvent<C> => metricContributionEventTypes.has(event.type);
  return (state, events, copies = new PrivateCopies()) =>
    events.reduce((folded, event) => (isContribution(event) ? contributionEvolved(folded, event, copies) : evolve(folded, event)), state);
}

/** Only the contribution's own fields: events of an objective also name their key result. */
export function contributionDataOf(data: MetricContributionData): MetricContributionData {
  const { dataPointId, sourceRecordKey, recordVersion, subject, operation, value, occurredAt, receivedAt, source } = data;
  return { dataPointId, sourceRecordKey, recordVersion, subject, operation, ...(value !== undefined ? { value } : {}), occurredAt, receivedAt, source };
}
