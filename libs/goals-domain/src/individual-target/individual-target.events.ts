import { Confidence } from '../shared/check-in';
import { DomainEvent } from '../shared/decider';
import { MetricBinding } from '../metric-binding/metric-binding';

export type TargetSet = DomainEvent<
  'TargetSet',
  { targetId: string; personId: string; unitId: string; cycleId: string; metric: string; unit: string; targetValue: number; visibility: 'private' }
>;
export type TargetRevised = DomainEvent<'TargetRevised', { targetValue: number; previousTargetValue: number; reason: string }>;
export type TargetCheckInRecorded = DomainEvent<'TargetCheckInRecorded', { value: number; confidence: Confidence; note?: string }>;
export type TargetCheckInAmended = DomainEvent<
  'TargetCheckInAmended',
  { value: number; confidence: Confidence; note?: string; reason: string; previousValue: number | null }
>;

/** Bound (or re-bound) from the event's effectiveAt; `previous`: the binding in force until then. */
export type TargetBoundToMetric = DomainEvent<'TargetBoundToMetric', { targetId: string; binding: MetricBinding; previous: MetricBinding | null }>;
export type IndividualTargetEvent = TargetSet | TargetRevised | TargetCheckInRecorded | TargetCheckInAmended | TargetBoundToMetric;
