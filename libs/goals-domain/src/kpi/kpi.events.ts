import { Confidence } from '../shared/check-in';
import { DomainEvent } from '../shared/decider';
import { KpiGoal } from './kpi.state';

export type KpiDefined = DomainEvent<'KpiDefined', { kpiId: string; unitId: string; name: string; unit: string; goal: KpiGoal }>;
export type KpiGoalChanged = DomainEvent<'KpiGoalChanged', { goal: KpiGoal; previousGoal: KpiGoal }>;
export type KpiCheckInRecorded = DomainEvent<'KpiCheckInRecorded', { value: number; confidence: Confidence; note?: string }>;
export type KpiArchived = DomainEvent<'KpiArchived', { kpiId: string }>;

export type KpiEvent = KpiDefined | KpiGoalChanged | KpiCheckInRecorded | KpiArchived;
