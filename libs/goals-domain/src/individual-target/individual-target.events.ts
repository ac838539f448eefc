import { Confidence } from '../shared/check-in';
import { DomainEvent } from '../shared/decider';

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

export type IndividualTargetEvent = TargetSet | TargetRevised | TargetCheckInRecorded | TargetCheckInAmended;
