import { DomainCommand } from '../shared/decider';
import { ObjectiveScore } from './cycle.state';

export type DefineQuarter = DomainCommand<'DefineQuarter', { cycleId: string; fiscalYear: number; quarter: number; fiscalYearStartMonth: number }>;
export type DefineCustomCycle = DomainCommand<'DefineCustomCycle', { cycleId: string; name: string; startsOn: string; endsOn: string }>;
/** The service computes the scores with a scoring rule and passes them in. */
export type CloseCycle = DomainCommand<'CloseCycle', { scoringRule: string; scores: ObjectiveScore[] }>;
export type AmendScore = DomainCommand<'AmendScore', { objectiveId: string; keyResultId?: string; score: number; reason: string }>;

export type CycleCommand = DefineQuarter | DefineCustomCycle | CloseCycle | AmendScore;
