import { DomainEvent } from '../shared/decider';
import { ObjectiveScore } from './cycle.state';

export type CycleDefined = DomainEvent<
  'CycleDefined',
  { cycleId: string; name: string; kind: 'quarter' | 'custom'; startsOn: string; endsOn: string; fiscalYear?: number; quarter?: number }
>;
export type CycleClosed = DomainEvent<'CycleClosed', { cycleId: string; scoringRule: string; scores: ObjectiveScore[] }>;
export type ScoreAmended = DomainEvent<
  'ScoreAmended',
  { cycleId: string; objectiveId: string; keyResultId?: string; score: number; previousScore: number; reason: string }
>;

export type CycleEvent = CycleDefined | CycleClosed | ScoreAmended;
