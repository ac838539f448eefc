import { Confidence } from '../shared/check-in';
import { DomainCommand } from '../shared/decider';
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

export type KpiCommand = DefineKpi | ChangeKpiGoal | RecordKpiCheckIn | ArchiveKpi;
