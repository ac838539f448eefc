import { Confidence } from '../shared/check-in';
import { DomainEvent } from '../shared/decider';
import { MetricBinding } from '../metric-binding/metric-binding';
import { MetricContributionEvent } from '../metric-binding/metric-contribution';
import { KpiGoal } from './kpi.state';

export type KpiDefined = DomainEvent<'KpiDefined', { kpiId: string; unitId: string; name: string; unit: string; goal: KpiGoal }>;
export type KpiGoalChanged = DomainEvent<'KpiGoalChanged', { goal: KpiGoal; previousGoal: KpiGoal }>;
export type KpiCheckInRecorded = DomainEvent<'KpiCheckInRecorded', { value: number; confidence: Confidence; note?: string }>;
export type KpiArchived = DomainEvent<'KpiArchived', { kpiId: string }>;

export type KpiBoundToMetric = DomainEvent<'KpiBoundToMetric', { kpiId: string; binding: MetricBinding }>;
export type KpiEvent = KpiDefined | KpiGoalChanged | KpiCheckInRecorded | KpiArchived | KpiBoundToMetric | MetricContributionEvent;
