import { CycleStatus } from '../shared/cycle-status';
import { DomainCommand } from '../shared/decider';
import { Confidence } from '../shared/check-in';
import { MetricAggregation, MetricScope, MetricWindow } from '../metric-binding/metric-binding';
import { Direction, OwnerType } from './objective.state';

/** Facts the service looks up in other aggregates before deciding. */
interface InCycle {
  cycleStatus: CycleStatus;
}

export type DefineObjective = DomainCommand<
  'DefineObjective',
  InCycle & {
    objectiveId: string;
    cycleId: string;
    title: string;
    description?: string;
    owner: { type: OwnerType; id: string };
    commitment: 'committed' | 'aspirational';
    individualObjectivesPolicy: 'refuse' | 'warn';
  }
>;
export type AddKeyResult = DomainCommand<
  'AddKeyResult',
  InCycle & { keyResultId: string; title: string; weight?: number } & (
      | { kind: 'metric'; start: number; target: number; unit: string; direction: Direction }
      | { kind: 'milestone' }
    )
>;
export type ChangeKeyResultWeight = DomainCommand<'ChangeKeyResultWeight', InCycle & { keyResultId: string; weight: number }>;
export type RemoveKeyResult = DomainCommand<'RemoveKeyResult', InCycle & { keyResultId: string }>;
/** parentAncestorIds: the parent's own parents, transitively, to refuse a cycle of alignments. */
export type AlignToParent = DomainCommand<'AlignToParent', InCycle & { parentObjectiveId: string; parentAncestorIds: string[] }>;
export type RemoveAlignment = DomainCommand<'RemoveAlignment', InCycle & { parentObjectiveId: string }>;
export type RecordKeyResultCheckIn = DomainCommand<
  'RecordKeyResultCheckIn',
  InCycle & { keyResultId: string; value: number; confidence: Confidence; note?: string }
>;
export type AmendKeyResultCheckIn = DomainCommand<
  'AmendKeyResultCheckIn',
  InCycle & { keyResultId: string; value: number; confidence: Confidence; note?: string; reason: string }
>;
/** window: the cycle's, looked up by the service (cycleWindow). */
export type BindKeyResultToMetric = DomainCommand<
  'BindKeyResultToMetric',
  InCycle & { keyResultId: string; metric: string; aggregation: MetricAggregation; scope: MetricScope; window: MetricWindow }
>;
export type ArchiveObjective = DomainCommand<'ArchiveObjective', InCycle>;

export type ObjectiveCommand =
  | DefineObjective
  | AddKeyResult
  | ChangeKeyResultWeight
  | RemoveKeyResult
  | AlignToParent
  | RemoveAlignment
  | RecordKeyResultCheckIn
  | AmendKeyResultCheckIn
  | ArchiveObjective
  | BindKeyResultToMetric;
