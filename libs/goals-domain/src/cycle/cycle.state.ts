export interface KeyResultScore {
  keyResultId: string;
  score: number;
}

export interface ObjectiveScore {
  objectiveId: string;
  score: number;
  keyResults: KeyResultScore[];
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
  closedAt?: string;
}
