import { Decider, DomainEvent, TimedEvent } from './decider';

/**
 * Objects one fold copied for itself. No caller holds them, so the fold may change them in place
 * instead of copying them again for every event (a goal's thousands of metric contributions).
 */
export class PrivateCopies {
  private readonly made = new WeakSet<object>();

  holds(value: object): boolean {
    return this.made.has(value);
  }

  claim<T extends object>(copy: T): T {
    this.made.add(copy);
    return copy;
  }
}

/** A decider that folds many events at once, copying what they change once rather than per event. */
export interface BatchEvolving<E extends DomainEvent, S> {
  /**
   * The state after `events`; `state` itself is never changed. Calls sharing `copies` may change
   * in place what an earlier one returned: pass them only while no one keeps those earlier states.
   */
  evolveAll(state: S, events: TimedEvent<E>[], copies?: PrivateCopies): S;
}

type Evolving<E extends DomainEvent, S> = Pick<Decider<any, E, S>, 'evolve'> & Partial<BatchEvolving<E, S>>;

/** `state` after `events`, in one batch when the decider can fold one. */
export function evolveEvents<E extends DomainEvent, S>(decider: Evolving<E, S>, state: S, events: TimedEvent<E>[], copies?: PrivateCopies): S {
  if (decider.evolveAll) return decider.evolveAll(state, events, copies);
  return events.reduce((folded, event) => decider.evolve(folded, event), state);
}

/** The state a sequence of events leads to. */
export function foldEvents<E extends DomainEvent, S>(decider: Evolving<E, S> & Pick<Decider<any, E, S>, 'initialState'>, events: TimedEvent<E>[]): S {
  return evolveEvents(decider, decider.initialState(), events);
}
