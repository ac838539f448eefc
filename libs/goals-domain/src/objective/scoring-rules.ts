import { ObjectiveScore } from '../cycle/cycle.state';
import { InvalidInputError } from '../shared/domain-error';
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

/**
 * Every rule ever used stays here under its version: CycleClosed names the version, so a closed
 * cycle can always be re-scored the way it was. A new rule is a new entry, never an edit.
 */
export const scoringRules: Record<string, ScoringRule> = { [linearV1.version]: linearV1 };

export const defaultScoringRule = linearV1.version;

/** An objective's final scores under a named rule, in the shape CloseCycle takes. */
export function scoreObjective(objective: ObjectiveState, ruleVersion: string = defaultScoringRule): ObjectiveScore {
  const rule = Object.prototype.hasOwnProperty.call(scoringRules, ruleVersion) ? scoringRules[ruleVersion] : undefined;
  if (!rule) throw new InvalidInputError(`unknown scoring rule ${ruleVersion}; known: ${Object.keys(scoringRules).join(', ')}`, 'scoringRule');
  return rule.score(objective);
}
