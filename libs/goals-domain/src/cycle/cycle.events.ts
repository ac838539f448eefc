import { DomainEvent } from '../shared/decider';
import { CycleGoalRef } from '../metric-binding/bound-goal-ref';
import { ObjectiveScore } from './cycle.state';

/** The values of the cycle's bound goals when it closed (occurrences in the cycle only), computed from the ledger up to `ledgerPosition`. */
export interface FrozenValues {
  ledgerPosition: number;
  values: { goal: CycleGoalRef; value: number | null }[];
}

export type CycleDefined = DomainEvent<
  'CycleDefined',
  { cycleId: string; name: string; kind: 'quarter' | 'custom'; startsOn: string; endsOn: string; fiscalYear?: number; quarter?: number }
>;
export type CycleClosed = DomainEvent<'CycleClosed', { cycleId: string; scoringRule: string; scores: ObjectiveScore[]; frozen: FrozenValues }>;
export type ScoreAmended = DomainEvent<
  'ScoreAmended',
  { cycleId: string; objectiveId: string; keyResultId?: string; score: number; previousScore: number; reason: string }
>;

/** A closed goal's value re-frozen at a later ledger position: facts that arrived after the close, accepted. */
export type BoundValueAmended = DomainEvent<
  'BoundValueAmended',
  { cycleId: string; goal: CycleGoalRef; value: number | null; previousValue: number | null; ledgerPosition: number; previousLedgerPosition: number; reason: string }
>;
/** The difference up to `ledgerPosition` looked at and left out: the frozen value stands. */
export type BoundValueDifferenceRejected = DomainEvent<'BoundValueDifferenceRejected', { cycleId: string; goal: CycleGoalRef; ledgerPosition: number; reason: string }>;
export type CycleEvent = CycleDefined | CycleClosed | ScoreAmended | BoundValueAmended | BoundValueDifferenceRejected;
