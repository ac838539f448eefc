import { CycleGoalRef } from '../metric-binding/bound-goal-ref';

export interface KeyResultScore {
  keyResultId: string;
  score: number;
}

export interface ObjectiveScore {
  objectiveId: string;
  score: number;
  keyResults: KeyResultScore[];
}

/**
 * A bound goal's value as the cycle froze it: computed from the ledger up to `ledgerPosition`
 * (facts recorded later are a pending difference), until an admin accepts a newer one as an
 * amendment. `reviewedUpTo`: the ledger position up to which an admin has looked at the difference.
 */
export interface FrozenValue {
  goal: CycleGoalRef;
  value: number | null;
  ledgerPosition: number;
  reviewedUpTo: number;
}

export interface CycleState {
  status: 'undefined' | 'open' | 'closed';
  id: string;
  name: string;
  kind: 'quarter' | 'custom';
  startsOn: string;
  endsOn: string;
  /** The scoring rule version the final scores were computed with. */
  scoringRule?: string;
  scores: ObjectiveScore[];
  /** By boundGoalKey: every bound goal's frozen value once closed. */
  frozen: Record<string, FrozenValue>;
  closedAt?: string;
  definedEffectiveAt: string;
}
