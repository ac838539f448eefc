import { Decider, DomainEvent, TimedEvent } from './decider';

/** The state a sequence of events leads to. */
export function foldEvents<E extends DomainEvent, S>(decider: Pick<Decider<any, E, S>, 'evolve' | 'initialState'>, events: TimedEvent<E>[]): S {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}
