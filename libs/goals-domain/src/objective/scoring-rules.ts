import { ObjectiveScore } from '../cycle/cycle.state';
import { InvalidInputError } from '../shared/domain-error';
import { objectiveProgress } from './objective-progress';
import { KeyResult, ObjectiveState } from './objective.state';

/** Each key result's value at the cycle's end (goalValue: its metric's frozen reading while bound). */
export type KeyResultValues = (keyResult: KeyResult) => number | null;

/** A versioned way to turn progress into final scores, so a past cycle can be re-scored for comparison. */
export interface ScoringRule {
  version: string;
  score(objective: ObjectiveState, valueOf: KeyResultValues): ObjectiveScore;
}

const roundTo2 = (n: number) => Math.round(n * 100) / 100;

/** linear-v1: each score is the progress, rounded to two decimals. */
const linearV1: ScoringRule = {
  version: 'linear-v1',
  score(objective, valueOf) {
    const progress = objectiveProgress(objective, valueOf);
    return {
      objectiveId: objective.id,
      score: roundTo2(progress.objective),
      keyResults: Object.entries(progress.keyResults).map(([keyResultId, p]) => ({ keyResultId, score: roundTo2(p) })),
    };
  },
};

/** The progress bands of stepped-v1, highest first: progress at or above `from` scores `score`. */
export const STEPPED_V1_BANDS: readonly { from: number; score: number }[] = [
  { from: 1, score: 1 },
  { from: 0.7, score: 0.7 },
  { from: 0.3, score: 0.3 },
  { from: 0, score: 0 },
];

const steppedScore = (progress: number) => STEPPED_V1_BANDS.find((band) => progress >= band.from)?.score ?? 0;

/**
 * stepped-v1: each key result scores 0, 0.3, 0.7 or 1.0 by its progress band (below 30 %, from
 * 30 %, from 70 %, met), so near-misses are not rewarded as partial successes; the objective
 * scores the weighted mean of its key results' stepped scores (0 without key results or weight),
 * rounded to two decimals.
 */
const steppedV1: ScoringRule = {
  version: 'stepped-v1',
  score(objective, valueOf) {
    const progress = objectiveProgress(objective, valueOf);
    const keyResults = Object.entries(progress.keyResults).map(([keyResultId, p]) => ({ keyResultId, score: steppedScore(p) }));
    let weighted = 0;
    let totalWeight = 0;
    for (const { keyResultId, score } of keyResults) {
      const weight = objective.keyResults[keyResultId].weight;
      weighted += weight * score;
      totalWeight += weight;
    }
    return { objectiveId: objective.id, score: totalWeight > 0 ? roundTo2(weighted / totalWeight) : 0, keyResults };
  },
};

/**
 * Every rule ever used stays here under its version: CycleClosed names the version, so a closed
 * cycle can always be re-scored the way it was. A new rule is a new entry, never an edit.
 */
export const scoringRules: Record<string, ScoringRule> = { [linearV1.version]: linearV1, [steppedV1.version]: steppedV1 };

export const defaultScoringRule = linearV1.version;

/** An objective's final scores under a named rule, in the shape CloseCycle takes. */
export function scoreObjective(objective: ObjectiveState, valueOf: KeyResultValues, ruleVersion: string = defaultScoringRule): ObjectiveScore {
  const rule = Object.prototype.hasOwnProperty.call(scoringRules, ruleVersion) ? scoringRules[ruleVersion] : undefined;
  if (!rule) throw new InvalidInputError(`unknown scoring rule ${ruleVersion}; known: ${Object.keys(scoringRules).join(', ')}`, 'scoringRule');
  return rule.score(objective, valueOf);
}
