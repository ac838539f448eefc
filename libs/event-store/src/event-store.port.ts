import { NewEvent, RecordedEvent } from '@okr/contracts';

export const EVENT_STORE = Symbol('EVENT_STORE');

/** The stream's current version (0 for a stream that does not exist yet), or 'any' to skip the check. */
export type ExpectedVersion = number | 'any';

export interface AppendResult {
  /** The stream's version after the append: pass it as expectedVersion next time. */
  nextExpectedVersion: number;
  lastGlobalPosition: number;
}

export interface ReadStreamOptions {
  /** Only events with streamVersion > afterVersion (to continue from a snapshot). */
  afterVersion?: number;
  /** Only events at or below this global position. */
  toGlobalPosition?: number;
  /** Only events recorded at or before this instant (ISO 8601): what the platform knew then. */
  recordedUpTo?: string;
}

export interface ReadAllOptions {
  /** Exclusive: events with globalPosition > fromPosition. Defaults to 0 (from the start). */
  fromPosition?: number;
  /** At most this many events (default 1,000). */
  limit?: number;
  /** Only events of these types. */
  types?: string[];
}

interface SubscribeSettings {
  /** With an id, the store keeps the subscription's checkpoint and resumes after it on the next subscribe. */
  subscriptionId?: string;
  /** Where to start without a stored checkpoint (exclusive; default 0). */
  fromPosition?: number;
  types?: string[];
  /**
   * One handler at a time across every process subscribed with this subscriptionId: the others
   * stand by and take over when the holder stops or dies (a publisher runs once whatever the
   * number of instances). SQL stores hold it as a lease on the checkpoint row, EventStoreDB as a
   * lease stream written with an expected revision.
   */
  exclusive?: boolean;
  /** How long a holder that stopped renewing keeps an exclusive subscription (default 5,000 ms). */
  leaseMs?: number;
  /** Called each time this subscriber starts handling (for an exclusive one: once it took the lease), before the first event. */
  onHandlingStarts?(): Promise<void>;
  /** What to do when the handler throws: the subscription stops and reports it here. */
  onError?(error: unknown): void;
}

/** Either one event at a time, or the events read together (a publisher sends them in one request). */
export type SubscribeOptions = SubscribeSettings &
  (
    | {
        /** Called once per event, in global order; the checkpoint moves only after it resolves. */
        handle(event: RecordedEvent): Promise<void>;
        handleBatch?: never;
      }
    | {
        /** Called with consecutive events in global order; the checkpoint moves past them only after it resolves. */
        handleBatch(events: RecordedEvent[]): Promise<void>;
        handle?: never;
      }
  );

/** Runs a subscription's handler on consecutive events, whichever form it has. */
export async function handleEvents(options: SubscribeOptions, events: RecordedEvent[]): Promise<void> {
  if (options.handleBatch) return options.handleBatch(events);
  for (const event of events) await options.handle!(event);
}

export interface EventSubscription {
  /** The last position handled. */
  readonly position: number;
  /** Resolves once every event committed before the call has been handled. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The log of goal changes. Events are never updated or deleted: corrections are new events.
 * Adapters: embedded PGlite (default), PostgreSQL; each passes the contract suite in libs/testing.
 */
export interface EventStore {
  /** Appends atomically; throws WrongExpectedVersionError when the stream moved on. */
  appendToStream(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult>;
  /** The stream's events in version order ([] for an unknown stream). */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Events of every stream in global order. Never skips an event that commits later with a lower
   * position than one already returned (the adapters read only below the oldest running transaction).
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribe(options: SubscribeOptions): EventSubscription;
  close(): Promise<void>;
}
