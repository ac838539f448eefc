import { ObjectiveScore } from '../cycle/cycle.state';
import { objectiveProgress } from './objective-progress';
import { ObjectiveState } from './objective.state';

/** A versioned way to turn progress into final scores, so a past cycle can be re-scored for comparison. */
export interface ScoringRule {
  version: string;
  score(objective: ObjectiveState): ObjectiveScore;
}

const roundTo2 = (n: number) => Math.round(n * 100) / 100;

/** linear-v1: each score is the progress, rounded to two decimals. */
const linearV1: ScoringRule = {
  version: 'linear-v1',
  score(objective) {
    const progress = objectiveProgress(objective);
    return {
      objectiveId: objective.id,
      score: roundTo2(progress.objective),
      keyResults: Object.entries(progress.keyResults).map(([keyResultId, p]) => ({ keyResultId, score: roundTo2(p) })),
    };
  },
};

export const scoringRules: Record<string, ScoringRule> = { [linearV1.version]: linearV1 };

export const defaultScoringRule = linearV1.version;
