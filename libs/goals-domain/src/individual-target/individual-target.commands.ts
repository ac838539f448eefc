import { Confidence } from '../shared/check-in';
import { CycleStatus } from '../shared/cycle-status';
import { DomainCommand } from '../shared/decider';
import { MetricAggregation, MetricWindow } from '../metric-binding/metric-binding';

interface InCycle {
  cycleStatus: CycleStatus;
}

/** personIsMemberOfUnit: the service checks the organisation. */
export type SetTarget = DomainCommand<
  'SetTarget',
  InCycle & { targetId: string; personId: string; unitId: string; cycleId: string; metric: string; unit: string; targetValue: number; personIsMemberOfUnit: boolean }
>;
export type ReviseTarget = DomainCommand<'ReviseTarget', InCycle & { targetValue: number; reason: string }>;
export type RecordTargetCheckIn = DomainCommand<'RecordTargetCheckIn', InCycle & { value: number; confidence: Confidence; note?: string }>;
export type AmendTargetCheckIn = DomainCommand<'AmendTargetCheckIn', InCycle & { value: number; confidence: Confidence; note?: string; reason: string }>;

/** The target's own metric, for its person; window: the cycle's, looked up by the service (cycleWindow). */
export type BindTargetToMetric = DomainCommand<'BindTargetToMetric', InCycle & { aggregation: MetricAggregation; window: MetricWindow }>;
export type IndividualTargetCommand = SetTarget | ReviseTarget | RecordTargetCheckIn | AmendTargetCheckIn | BindTargetToMetric;
