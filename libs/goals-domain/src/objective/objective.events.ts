import { DomainEvent } from '../shared/decider';
import { Confidence } from '../shared/check-in';
import { MetricBinding } from '../metric-binding/metric-binding';
import { MetricDefinition, MilestoneDefinition, ObjectiveState } from './objective.state';

export type ObjectiveDefined = DomainEvent<
  'ObjectiveDefined',
  Pick<ObjectiveState, 'cycleId' | 'title' | 'owner' | 'commitment' | 'warnings'> & { objectiveId: string; description?: string }
>;
export type KeyResultAdded = DomainEvent<
  'KeyResultAdded',
  { keyResultId: string; title: string; weight: number; definition: MetricDefinition | MilestoneDefinition }
>;
export type KeyResultWeightChanged = DomainEvent<'KeyResultWeightChanged', { keyResultId: string; weight: number; previousWeight: number }>;
/** The title too, so the audit history says what was removed. */
export type KeyResultRemoved = DomainEvent<'KeyResultRemoved', { keyResultId: string; title: string }>;
export type ObjectiveAligned = DomainEvent<'ObjectiveAligned', { parentObjectiveId: string }>;
export type AlignmentRemoved = DomainEvent<'AlignmentRemoved', { parentObjectiveId: string }>;
export type KeyResultCheckInRecorded = DomainEvent<
  'KeyResultCheckInRecorded',
  { keyResultId: string; value: number; confidence: Confidence; note?: string }
>;
/** A correction after the cycle closed; counts as a check-in, with its reason. */
export type KeyResultCheckInAmended = DomainEvent<
  'KeyResultCheckInAmended',
  { keyResultId: string; value: number; confidence: Confidence; note?: string; reason: string; previousValue: number | null }
>;
/** Bound (or re-bound) from the event's effectiveAt; `previous`: the binding in force until then. */
export type KeyResultBoundToMetric = DomainEvent<'KeyResultBoundToMetric', { keyResultId: string; binding: MetricBinding; previous: MetricBinding | null }>;
export type ObjectiveArchived = DomainEvent<'ObjectiveArchived', { objectiveId: string }>;

export type ObjectiveEvent =
  | ObjectiveDefined
  | KeyResultAdded
  | KeyResultWeightChanged
  | KeyResultRemoved
  | ObjectiveAligned
  | AlignmentRemoved
  | KeyResultCheckInRecorded
  | KeyResultCheckInAmended
  | ObjectiveArchived
  | KeyResultBoundToMetric;
