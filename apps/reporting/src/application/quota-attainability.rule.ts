/**
 * When a proposed quota is far above anything attained: above FAR_ABOVE_PERSON_BEST times the
 * person's best attained value in past cycles AND above the best any person of the unit attained
 * in past cycles. Both must hold, so a person with a thin record in a strong team, or a team
 * with a new top performer, is not flagged for a quota someone has already reached.
 */
export const FAR_ABOVE_PERSON_BEST = 1.5;

export const ATTAINABILITY_RULE = `flagged when the proposed value is above ${FAR_ABOVE_PERSON_BEST}× the person's best attained value in past cycles and above the best value anyone in the unit attained in past cycles; with only one of the two histories available to the viewer, that one decides; with neither, nothing is flagged`;

export type AttainabilityBasis = 'person-and-unit' | 'person' | 'unit' | 'no-history';

export interface AttainabilityFlag {
  farAboveHistory: boolean;
  /** Which histories the judgement used: a unit history withheld from the viewer is not used (the flag would reveal it). */
  basis: AttainabilityBasis;
  rule: string;
}

/** personBest / unitBest: null when there is no such history (or the viewer may not see it). */
export function attainabilityFlag(proposed: number, personBest: number | null, unitBest: number | null): AttainabilityFlag {
  const abovePerson = personBest === null ? null : proposed > FAR_ABOVE_PERSON_BEST * personBest;
  const aboveUnit = unitBest === null ? null : proposed > unitBest;
  const basis: AttainabilityBasis = abovePerson !== null && aboveUnit !== null ? 'person-and-unit' : abovePerson !== null ? 'person' : aboveUnit !== null ? 'unit' : 'no-history';
  const farAboveHistory = basis !== 'no-history' && abovePerson !== false && aboveUnit !== false;
  return { farAboveHistory, basis, rule: ATTAINABILITY_RULE };
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const best = (values: number[]): number | null => (values.length ? Math.max(...values) : null);
