/**
 * The decider pattern: a pure function decides which events a command produces given the
 * current state; another folds events into state. No I/O, no clock: time and ids arrive in commands.
 */

/** When an event became true in the world and when the platform recorded it (ISO 8601). */
export interface EventTimes {
  effectiveAt: string;
  recordedAt: string;
}

export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** What evolve receives: a domain event and its times (check-ins are ordered by effectiveAt). */
export type TimedEvent<E extends DomainEvent> = E & { metadata: EventTimes };

/** Facts every command brings from outside the domain. */
export interface CommandContext {
  /** Transaction time of the change: the application's clock. */
  now: string;
  /** Valid time: defaults to now; only some commands (check-ins, creations) accept an earlier one. */
  effectiveAt: string;
  /** The authenticated actor (a person id or integration:<source>). */
  actor: string;
}

export interface DomainCommand<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  context: CommandContext;
}

export interface Decider<Command extends DomainCommand, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: TimedEvent<Event>): State;
  initialState(): State;
  /** Names the state shape for snapshots; bump it whenever State changes. */
  snapshotSchema: string;
  /** A state from its snapshot (the state as JSON), for a state that is more than plain JSON; absent: the snapshot is the state. */
  fromSnapshot?(stored: unknown): State;
}
