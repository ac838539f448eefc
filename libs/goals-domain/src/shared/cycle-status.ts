import { InvalidInputError, RuleViolationError } from './domain-error';

export type CycleStatus = 'open' | 'closed';

/** Ordinary changes happen while the cycle is open; after close only amendments, with a reason. */
export function assertCycleOpen(status: CycleStatus): void {
  if (status === 'closed') throw new RuleViolationError('the cycle is closed; record an amendment with a reason instead');
}

export function assertCycleClosed(status: CycleStatus): void {
  if (status === 'open') throw new RuleViolationError('the cycle is still open; record a check-in instead of an amendment');
}

export function assertReason(reason: string): void {
  if (!reason.trim()) throw new InvalidInputError('an amendment needs a reason', 'reason');
}
