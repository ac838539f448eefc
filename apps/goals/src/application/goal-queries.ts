import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, verifyChain } from '@okr/event-store';
import { diffStates, NotFoundError, OrganizationTimeline } from '@okr/goals-domain';
import { AggregateRepository, TimeTravel, toTimedEvent } from './aggregate-repository';
import { AggregateKind, deciders, goalStreams } from './goal-streams';

const streamOf = (kind: AggregateKind, id: string) => (kind === 'organization' ? goalStreams.organization() : goalStreams[kind](id));

/** Reads of one aggregate: its state at any instant, its full history, the integrity of its chain. */
@Injectable()
export class GoalQueries {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  async state<K extends AggregateKind>(kind: K, id: string, at: TimeTravel = {}) {
    const decider = deciders[kind] as (typeof deciders)[K];
    const loaded = await this.repository.loadAt(decider as never, streamOf(kind, id), at);
    const state = loaded.state as ReturnType<(typeof deciders)[K]['initialState']>;
    if (kind !== 'organization' && (state as { status: string }).status === 'undefined') {
      throw new NotFoundError(at.asOf || at.knownAt ? `${kind} ${id} did not exist at that time` : `${kind} ${id} does not exist`);
    }
    return { version: loaded.version, state };
  }

  /** The state at an instant, or undefined where the aggregate did not exist. */
  async stateIfAny<K extends Exclude<AggregateKind, 'organization'>>(kind: K, id: string, at: TimeTravel = {}) {
    const loaded = await this.repository.loadAt(deciders[kind] as never, streamOf(kind, id), at);
    const state = loaded.state as ReturnType<(typeof deciders)[K]['initialState']>;
    return (state as { status: string }).status === 'undefined' ? undefined : state;
  }

  /** Every event with who, when (both times), why, and what it changed in the aggregate's state. */
  async history(kind: AggregateKind, id: string) {
    const events = await this.eventStore.readStream(streamOf(kind, id));
    if (!events.length && kind !== 'organization') throw new NotFoundError(`${kind} ${id} does not exist`);
    const decider = deciders[kind] as unknown as { evolve(s: unknown, e: unknown): unknown; initialState(): unknown };
    // The organisation's state is its timeline: what a change changed is told by the organisation after it.
    const shown = (state: unknown) => (kind === 'organization' ? (state as OrganizationTimeline).current : state);
    let state = decider.initialState();
    return events.map((event) => {
      const next = decider.evolve(state, toTimedEvent(event));
      const changes = diffStates(shown(state), shown(next));
      state = next;
      const { eventId, actor, recordedAt, effectiveAt, reason, correlationId, causationId } = event.metadata;
      return { version: event.streamVersion, type: event.type, data: event.data, actor, recordedAt, effectiveAt, reason, eventId, correlationId, causationId, changes };
    });
  }

  async verify(kind: AggregateKind, id: string) {
    const events = await this.eventStore.readStream(streamOf(kind, id));
    if (!events.length && kind !== 'organization') throw new NotFoundError(`${kind} ${id} does not exist`);
    return verifyChain(events);
  }
}
