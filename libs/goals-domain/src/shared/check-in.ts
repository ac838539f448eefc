import { EventTimes } from './decider';
import { InvalidInputError } from './domain-error';

export type Confidence = 'on-track' | 'at-risk' | 'off-track';

/** A reported value: what it was, how confident the reporter is, what was learned. */
export interface CheckIn {
  value: number;
  confidence: Confidence;
  note?: string;
  effectiveAt: string;
  recordedAt: string;
  /** Set on corrections made after the cycle closed. */
  amendmentReason?: string;
}

/**
 * The check-in that holds once another arrives: the latest in valid time, so a late, backdated
 * report does not override a newer one; among equals the one recorded last (it arrives last).
 * Only the holder is kept in state, so folding stays O(1) per event however long the history.
 */
export function holdingCheckIn(current: CheckIn | null, arriving: CheckIn): CheckIn {
  return !current || Date.parse(arriving.effectiveAt) >= Date.parse(current.effectiveAt) ? arriving : current;
}

/** A finite number: the HTTP layer checks types, the domain checks meaning. */
export function assertFinite(value: number, field: string): void {
  if (!Number.isFinite(value)) throw new InvalidInputError(`${field} must be a finite number`, field);
}

/** The check-in a check-in or amendment event describes, with its times. */
export function checkInOf(
  data: { value: number; confidence: Confidence; note?: string; reason?: string },
  times: EventTimes,
): CheckIn {
  const { value, confidence, note, reason } = data;
  return {
    value,
    confidence,
    ...(note ? { note } : {}),
    effectiveAt: times.effectiveAt,
    recordedAt: times.recordedAt,
    ...(reason ? { amendmentReason: reason } : {}),
  };
}
