import { CommandContext } from './decider';
import { InvalidInputError } from './domain-error';

/**
 * Valid-time rules. Only check-ins, the creation of cycle-bound goals and new key results may be backdated; every
 * other change is true from the moment it is recorded, which keeps folds in stream order exact.
 */
export function assertNotBackdated(context: CommandContext): void {
  if (context.effectiveAt !== context.now) {
    throw new InvalidInputError('this change takes effect when it is recorded; effectiveAt cannot be set', 'effectiveAt');
  }
}

/** A backdatable change: not in the future, and not before the goal it concerns existed. */
export function assertEffectiveWithin(context: CommandContext, notBefore?: string): void {
  const effective = Date.parse(context.effectiveAt);
  if (effective > Date.parse(context.now)) {
    throw new InvalidInputError('effectiveAt cannot be in the future', 'effectiveAt');
  }
  if (notBefore !== undefined && effective < Date.parse(notBefore)) {
    throw new InvalidInputError(`effectiveAt cannot be before the goal existed (${notBefore})`, 'effectiveAt');
  }
}
