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
 * The check-in that holds now: the latest in valid time, so a late, backdated report does not
 * override a newer one; among equals the one recorded last (it comes last in the list).
 */
export function latestCheckIn(checkIns: CheckIn[]): CheckIn | undefined {
  let latest: CheckIn | undefined;
  for (const checkIn of checkIns) {
    if (!latest || Date.parse(checkIn.effectiveAt) >= Date.parse(latest.effectiveAt)) latest = checkIn;
  }
  return latest;
}

/** A finite number: the HTTP layer checks types, the domain checks meaning. */
export function assertFinite(value: number, field: string): void {
  if (!Number.isFinite(value)) throw new InvalidInputError(`${field} must be a finite number`, field);
}
