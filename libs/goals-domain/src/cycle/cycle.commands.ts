import { DomainCommand } from '../shared/decider';
import { CycleGoalRef } from '../metric-binding/bound-goal-ref';
import { FrozenValues } from './cycle.events';
import { ObjectiveScore } from './cycle.state';

export type DefineQuarter = DomainCommand<'DefineQuarter', { cycleId: string; fiscalYear: number; quarter: number; fiscalYearStartMonth: number }>;
export type DefineCustomCycle = DomainCommand<'DefineCustomCycle', { cycleId: string; name: string; startsOn: string; endsOn: string }>;
/** The service computes the bound goals' values from its metric index and the scores with a scoring rule, and passes them in. */
export type CloseCycle = DomainCommand<'CloseCycle', { scoringRule: string; scores: ObjectiveScore[]; frozen: FrozenValues }>;
export type AmendScore = DomainCommand<'AmendScore', { objectiveId: string; keyResultId?: string; score: number; reason: string }>;

/**
 * Accept a closed goal's pending difference: its value read again up to `ledgerPosition`; for a
 * key result, `rescored` is its objective scored again with that value under the cycle's rule.
 */
export type AcceptBoundValue = DomainCommand<'AcceptBoundValue', { goal: CycleGoalRef; value: number | null; ledgerPosition: number; rescored?: ObjectiveScore; reason: string }>;
export type RejectBoundValueDifference = DomainCommand<'RejectBoundValueDifference', { goal: CycleGoalRef; ledgerPosition: number; reason: string }>;
export type CycleCommand = DefineQuarter | DefineCustomCycle | CloseCycle | AmendScore | AcceptBoundValue | RejectBoundValueDifference;
