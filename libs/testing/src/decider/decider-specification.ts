import { Decider, DomainCommand, DomainEvent, EventTimes, TimedEvent } from '@okr/goals-domain';

/** An event in a `given`: its times default to a fixed instant when the rule does not care. */
export type GivenEvent<E extends DomainEvent> = E & { metadata?: Partial<EventTimes> };

const DEFAULT_INSTANT = '2027-01-01T00:00:00.000Z';

/**
 * Given/when/then for deciders: the events that happened, the command, and the events expected
 * (or the error). Reads as the rule it checks:
 *   spec.given([UnitCreated]).when(RenameUnit).then([UnitRenamed])
 */
export const DeciderSpecification = {
  for<C extends DomainCommand, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
    return {
      given(events: GivenEvent<E>[]) {
        return {
          when(command: C) {
            const run = () => {
              const state = events.map(withTimes).reduce(decider.evolve, decider.initialState());
              return decider.decide(command, state);
            };
            return {
              then(expected: E[]) {
                expect(run()).toEqual(expected);
              },
              thenNothing() {
                expect(run()).toEqual([]);
              },
              thenThrows(errorClass: abstract new (...args: never[]) => Error, message?: RegExp, field?: string) {
                let thrown: unknown;
                try {
                  run();
                } catch (error) {
                  thrown = error;
                }
                expect(thrown).toBeInstanceOf(errorClass);
                if (message) expect((thrown as Error).message).toMatch(message);
                if (field) expect((thrown as { field?: string }).field).toBe(field);
              },
            };
          },
        };
      },
    };
  },
};

function withTimes<E extends DomainEvent>(event: GivenEvent<E>): TimedEvent<E> {
  return { ...event, metadata: { effectiveAt: DEFAULT_INSTANT, recordedAt: DEFAULT_INSTANT, ...event.metadata } } as TimedEvent<E>;
}

/** The state after the given events (times default as in `given`), for specs of pure queries. */
export function stateAfter<E extends DomainEvent, S>(decider: Pick<Decider<DomainCommand, E, S>, 'evolve' | 'initialState'>, events: GivenEvent<E>[]): S {
  return events.map(withTimes).reduce(decider.evolve, decider.initialState());
}

/** A command context at `now`, optionally backdated. */
export function at(now: string, effectiveAt: string = now, actor = 'olivia'): DomainCommand['context'] {
  return { now, effectiveAt, actor };
}
