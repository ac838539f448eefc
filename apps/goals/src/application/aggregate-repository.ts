import { Inject, Injectable, Logger } from '@nestjs/common';
import { NewEvent, RecordedEvent } from '@okr/contracts';
import { EVENT_STORE, EventStore, SNAPSHOT_STORE, SnapshotStore, WrongExpectedVersionError } from '@okr/event-store';
import { Decider, DomainCommand, DomainEvent, TimedEvent } from '@okr/goals-domain';
import { ID_GENERATOR, IdGenerator } from './id-generator.port';
import { snapshotDue } from './snapshot-policy';
import { CLOCK, Clock } from '@okr/service-kit';

/** Who asked for a change and in answer to what: becomes the metadata of every event it records. */
export interface ChangeOrigin {
  actor: string;
  /** The actor's token has the admin role: authority for every unit (never stored; the events name the actor). */
  actorIsAdmin: boolean;
  correlationId: string;
  causationId: string;
  reason?: string;
  /** Valid time of the change when the caller backdates it (check-ins); defaults to now. */
  effectiveAt?: string;
  /** The version the caller last saw (If-Match); without it a conflict is retried on fresh state. */
  expectedVersion?: number;
}

export interface LoadedAggregate<State> {
  state: State;
  /** 0 when the stream has no (visible) events. */
  version: number;
}

/** "As of" filters valid time (effectiveAt), "known at" filters transaction time (recordedAt). */
export interface TimeTravel {
  asOf?: string;
  knownAt?: string;
}

/** One command of a batch, with the origin its events carry. */
export interface Change<C, S> {
  origin: ChangeOrigin;
  buildCommand: BuildCommand<C, S>;
}

export interface ExecutionResult<State> extends LoadedAggregate<State> {
  events: NewEvent[];
}

/** Builds a command from the state it will be decided on, adding facts looked up elsewhere. */
export type BuildCommand<C, S> = (context: DomainCommand['context'], current: LoadedAggregate<S>) => C | Promise<C>;

/**
 * A command without If-Match is decided again on fresh state after a conflict until it is appended
 * or a rule refuses it; only a stream that keeps moving this long makes it give up with the conflict.
 */
const CONFLICT_RETRY_FOR_MS = 15_000;
/** The longest pause between two tries; each pause is random up to a doubling bound, so writers that collided spread out. */
const MAX_CONFLICT_PAUSE_MS = 200;
/** Aggregates kept folded in memory, least recently used dropped first. */
const CACHED_AGGREGATES = 1_000;

/**
 * Loads aggregates by folding their streams (from a snapshot when one is fresh enough, see snapshotDue) and
 * executes commands: decide on current state, stamp the events with metadata, append with
 * optimistic concurrency.
 */
@Injectable()
export class AggregateRepository {
  private readonly logger = new Logger(AggregateRepository.name);
  /**
   * The state last loaded or written per stream. Streams only grow, so a cached state plus the
   * events after its version is the current state, whichever instance wrote them: a load costs one
   * read of what is new (usually nothing) instead of a snapshot and up to 99 events folded again.
   * The organisation is read by nearly every request. States are never mutated.
   */
  private readonly folded = new Map<string, LoadedAggregate<unknown> & { schema: string }>();

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(SNAPSHOT_STORE) private readonly snapshots: SnapshotStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** Current state, from memory or the latest snapshot, plus the events after it. */
  async load<S>(decider: Decider<any, any, S>, streamId: string): Promise<LoadedAggregate<S>> {
    const start = this.cachedState(decider, streamId) ?? (await this.loadSnapshot(decider, streamId));
    const events = await this.eventStore.readStream(streamId, { afterVersion: start?.version ?? 0 });
    const state = events.reduce((folded, event) => decider.evolve(folded, toTimedEvent(event)), start?.state ?? decider.initialState());
    const version = events.length ? events[events.length - 1].streamVersion : (start?.version ?? 0);
    this.remember(streamId, decider.snapshotSchema, { state, version });
    return { state, version };
  }

  /**
   * The state as it was at `asOf` in the world, as far as the platform knew at `knownAt`: the
   * stream's events recorded by knownAt and effective by asOf. Reads the stream in full: snapshots
   * describe only the present. (The organisation keeps its own timeline, read with organizationAt.)
   */
  async loadAt<S>(decider: Decider<any, any, S>, streamId: string, at: TimeTravel): Promise<LoadedAggregate<S>> {
    if (!at.asOf && !at.knownAt) return this.load(decider, streamId);
    const known = await this.eventStore.readStream(streamId, at.knownAt ? { recordedUpTo: at.knownAt } : undefined);
    const asOf = at.asOf ? Date.parse(at.asOf) : Infinity;
    const visible = known.filter((e) => Date.parse(e.metadata.effectiveAt) <= asOf);
    const state = visible.reduce((folded, event) => decider.evolve(folded, toTimedEvent(event)), decider.initialState());
    return { state, version: visible.length ? visible[visible.length - 1].streamVersion : 0 };
  }

  /**
   * Decides on the current state and appends what was decided. `buildCommand` gets the state so
   * handlers can add facts looked up elsewhere; it runs again on fresh state after a conflict.
   */
  execute<C extends DomainCommand, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    streamId: string,
    origin: ChangeOrigin,
    buildCommand: BuildCommand<C, S>,
  ): Promise<ExecutionResult<S>> {
    return this.executeAll(decider, streamId, [{ origin, buildCommand }]);
  }

  /**
   * Several commands on one aggregate, each decided on the state the previous ones left, appended
   * together in one write checked against the version they were decided on. Each event keeps the
   * metadata of its own command. After a conflict all are decided again on fresh state; none is
   * appended unless all are.
   */
  async executeAll<C extends DomainCommand, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    streamId: string,
    changes: Change<C, S>[],
  ): Promise<ExecutionResult<S>> {
    const retriable = changes.every(({ origin }) => origin.expectedVersion === undefined);
    const giveUpAt = Date.now() + CONFLICT_RETRY_FOR_MS;
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(decider, streamId);
      const { state, events } = await this.decideAll(decider, streamId, current, changes);
      if (events.length === 0) return { ...current, events: [] };
      try {
        const { nextExpectedVersion } = await this.eventStore.appendToStream(streamId, events, { expectedVersion: current.version });
        await this.recorded(decider, streamId, state, current.version, nextExpectedVersion);
        return { state, version: nextExpectedVersion, events };
      } catch (error) {
        const retry = error instanceof WrongExpectedVersionError && retriable && Date.now() < giveUpAt;
        if (!retry) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_CONFLICT_PAUSE_MS, 2 ** attempt)));
      }
    }
  }

  /** Each command decided on the state the previous ones left; the events stamped with their own command's metadata. */
  private async decideAll<C extends DomainCommand, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    streamId: string,
    current: LoadedAggregate<S>,
    changes: Change<C, S>[],
  ): Promise<{ state: S; events: NewEvent[] }> {
    const now = this.clock.now().toISOString();
    let state = current.state;
    const events: NewEvent[] = [];
    for (const { origin, buildCommand } of changes) {
      const version = current.version + events.length;
      const context = { now, effectiveAt: origin.effectiveAt ?? now, actor: origin.actor };
      // Built before the version is compared: building checks who may see the aggregate, and a
      // stale If-Match must not tell someone who may not that it exists, let alone its version.
      const command = await buildCommand(context, { state, version });
      if (origin.expectedVersion !== undefined && origin.expectedVersion !== version) {
        throw new WrongExpectedVersionError(streamId, origin.expectedVersion, version);
      }
      const decided = decider.decide(command, state).map((event) => this.stamp(event, origin, context.effectiveAt, now));
      state = decided.reduce((folded, event) => decider.evolve(folded, toTimedEvent(event)), state);
      events.push(...decided);
    }
    return { state, events };
  }

  /** What an append leaves behind: the state remembered, and a snapshot when one is due. */
  private async recorded<S>(decider: Decider<any, any, S>, streamId: string, state: S, before: number, version: number): Promise<void> {
    this.remember(streamId, decider.snapshotSchema, { state, version });
    await this.snapshotIfDue(decider, streamId, state, before, version);
  }

  /** Appends events decided elsewhere (a bulk import planned as a whole) against a known version. */
  async appendDecided(streamId: string, decided: DomainEvent[], origin: ChangeOrigin, expectedVersion: number): Promise<number> {
    if (decided.length === 0) return expectedVersion;
    const now = this.clock.now().toISOString();
    const events = decided.map((event) => this.stamp(event, origin, origin.effectiveAt ?? now, now));
    const { nextExpectedVersion } = await this.eventStore.appendToStream(streamId, events, { expectedVersion });
    return nextExpectedVersion;
  }

  /** Context for a command built outside execute (bulk planning). */
  commandContext(origin: ChangeOrigin): DomainCommand['context'] {
    const now = this.clock.now().toISOString();
    return { now, effectiveAt: origin.effectiveAt ?? now, actor: origin.actor };
  }

  /** The state this instance last loaded or wrote, if it still holds one of this schema. */
  /** The latest snapshot, its state made by the decider when it is more than plain JSON. */
  private async loadSnapshot<S>(decider: Decider<any, any, S>, streamId: string): Promise<LoadedAggregate<S> | null> {
    const snapshot = await this.snapshots.load<S>(streamId, decider.snapshotSchema);
    if (!snapshot) return null;
    return { version: snapshot.version, state: decider.fromSnapshot ? decider.fromSnapshot(snapshot.state) : snapshot.state };
  }

  private cachedState<S>(decider: Decider<any, any, S>, streamId: string): LoadedAggregate<S> | undefined {
    const cached = this.folded.get(streamId);
    return cached?.schema === decider.snapshotSchema ? (cached as LoadedAggregate<S>) : undefined;
  }

  private remember(streamId: string, schema: string, loaded: LoadedAggregate<unknown>): void {
    this.folded.delete(streamId);
    this.folded.set(streamId, { ...loaded, schema });
    if (this.folded.size > CACHED_AGGREGATES) this.folded.delete(this.folded.keys().next().value!);
  }

  private stamp(event: DomainEvent, origin: ChangeOrigin, effectiveAt: string, recordedAt: string): NewEvent {
    return {
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: {
        eventId: this.ids.newId(),
        actor: origin.actor,
        recordedAt,
        effectiveAt,
        correlationId: origin.correlationId,
        causationId: origin.causationId,
        ...(origin.reason ? { reason: origin.reason } : {}),
        schemaVersion: 1,
      },
    };
  }

  /** Snapshots are a cache: failing to write one must not fail the command that was recorded. */
  private async snapshotIfDue<S>(decider: Decider<any, any, S>, streamId: string, state: S, before: number, version: number) {
    if (!snapshotDue(before, version)) return;
    try {
      await this.snapshots.save({ streamId, version, schema: decider.snapshotSchema, state });
    } catch (error) {
      this.logger.warn(`snapshot of ${streamId} at ${version} not saved: ${(error as Error).message}`);
    }
  }
}

export function toTimedEvent<E extends DomainEvent>(event: NewEvent | RecordedEvent): TimedEvent<E> {
  return {
    type: event.type,
    data: event.data,
    metadata: { effectiveAt: event.metadata.effectiveAt, recordedAt: event.metadata.recordedAt },
  } as unknown as TimedEvent<E>;
}
