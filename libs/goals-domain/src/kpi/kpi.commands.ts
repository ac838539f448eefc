import { Confidence } from '../shared/check-in';
import { DomainCommand } from '../shared/decider';
import { MetricAggregation, MetricScope, MetricWindow } from '../metric-binding/metric-binding';
import { KpiDirection } from './kpi.state';

/** target for every direction but within-band, which takes a band. */
export interface KpiGoalInput {
  direction: KpiDirection;
  target?: number;
  band?: { min: number; max: number };
}

/** unitActive: the service checks the owning unit exists and is not archived. */
export type DefineKpi = DomainCommand<'DefineKpi', KpiGoalInput & { kpiId: string; unitId: string; unitActive: boolean; name: string; unit: string }>;
export type ChangeKpiGoal = DomainCommand<'ChangeKpiGoal', KpiGoalInput>;
export type RecordKpiCheckIn = DomainCommand<'RecordKpiCheckIn', { value: number; confidence: Confidence; note?: string }>;
export type ArchiveKpi = DomainCommand<'ArchiveKpi', Record<string, never>>;

/** A KPI has no cycle: its window is a calendar month or quarter (the one it is read in), or all time. */
export type BindKpiToMetric = DomainCommand<
  'BindKpiToMetric',
  { metric: string; aggregation: MetricAggregation; scope: MetricScope; window: Exclude<MetricWindow, { kind: 'cycle' }> }
>;
export type KpiCommand = DefineKpi | ChangeKpiGoal | RecordKpiCheckIn | ArchiveKpi | BindKpiToMetric;
