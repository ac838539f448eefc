import { CommandContext } from './decider';
import { InvalidInputError } from './domain-error';

/**
 * Valid-time rules. The organisation, cycles, goal creations, new key results, metric bindings and
 * check-ins may take effect before they are recorded (never after); the other changes of a goal
 * (weights, alignment, archiving, revisions) are true from the moment they are recorded, which
 * keeps a goal's fold in stream order exact.
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
