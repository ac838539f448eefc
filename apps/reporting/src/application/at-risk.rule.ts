import { Confidence } from '@okr/goals-domain';

/** Once half the cycle has passed, progress below this share of the time elapsed is at risk. */
const LATE_PROGRESS_RATIO = 0.7;
const LATE_FROM_ELAPSED = 0.5;

export const AT_RISK_RULE =
  `an objective is at risk when one of its key results was last reported at-risk or off-track, or when at least ${LATE_FROM_ELAPSED * 100} % of the cycle has passed ` +
  `and its progress is below ${LATE_PROGRESS_RATIO * 100} % of the share of the cycle elapsed (e.g. under 42 % progress at 60 % of the quarter)`;

/** Why an objective is at risk (empty when it is not): see AT_RISK_RULE. */
export function atRiskReasons(objective: { progress: number | null; keyResults: { id: string; confidence: Confidence | null }[] }, elapsed: number): string[] {
  const reasons = objective.keyResults
    .filter((kr) => kr.confidence === 'at-risk' || kr.confidence === 'off-track')
    .map((kr) => `key result ${kr.id} reported ${kr.confidence}`);
  // Withheld progress (null) is not judged: saying it is late would tell something about it.
  if (objective.progress !== null && elapsed >= LATE_FROM_ELAPSED && objective.progress < LATE_PROGRESS_RATIO * elapsed) {
    reasons.push(`progress ${Math.round(objective.progress * 100)} % with ${Math.round(elapsed * 100)} % of the cycle elapsed`);
  }
  return reasons;
}

const ORDER: Confidence[] = ['off-track', 'at-risk', 'on-track'];

/** An objective is as confident as its least confident key result. */
export function lowestConfidence(confidences: (Confidence | null)[]): Confidence | null {
  const known = confidences.filter((c): c is Confidence => c !== null);
  return known.length ? known.reduce((low, c) => (ORDER.indexOf(c) < ORDER.indexOf(low) ? c : low)) : null;
}
