import { Confidence } from '../shared/check-in';
import { CycleStatus } from '../shared/cycle-status';
import { DomainCommand } from '../shared/decider';

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

export type IndividualTargetCommand = SetTarget | ReviseTarget | RecordTargetCheckIn | AmendTargetCheckIn;
