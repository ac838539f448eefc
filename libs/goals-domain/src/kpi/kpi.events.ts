import { Confidence } from '../shared/check-in';
import { DomainEvent } from '../shared/decider';
import { MetricBinding } from '../metric-binding/metric-binding';
import { KpiGoal } from './kpi.state';

export type KpiDefined = DomainEvent<'KpiDefined', { kpiId: string; unitId: string; name: string; unit: string; goal: KpiGoal }>;
export type KpiGoalChanged = DomainEvent<'KpiGoalChanged', { goal: KpiGoal; previousGoal: KpiGoal }>;
export type KpiCheckInRecorded = DomainEvent<'KpiCheckInRecorded', { value: number; confidence: Confidence; note?: string }>;
export type KpiArchived = DomainEvent<'KpiArchived', { kpiId: string }>;

/** Bound (or re-bound) from the event's effectiveAt; `previous`: the binding in force until then. */
export type KpiBoundToMetric = DomainEvent<'KpiBoundToMetric', { kpiId: string; binding: MetricBinding; previous: MetricBinding | null }>;
export type KpiEvent = KpiDefined | KpiGoalChanged | KpiCheckInRecorded | KpiArchived | KpiBoundToMetric;
