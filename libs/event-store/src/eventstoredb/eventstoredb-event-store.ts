import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  ReadPosition,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import { NewEvent, RecordedEvent } from '@okr/contracts';
import {
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
} from '../event-store.port';
import { WrongExpectedVersionError } from '../wrong-expected-version.error';
import { appendOrRefuse } from './eventstoredb-append';
import { chainedEventData, decodeOwnEvent, decodeStoredEvent, StreamHead } from './eventstoredb-event-envelope';
import { itemsOf, readLastEvent } from './eventstoredb-reads';
import { globalPositionOf, readPositionOf } from './eventstoredb-position';
import { expectedRevisionFor, firstRevisionAfter, versionAtRevision } from './eventstoredb-revision';
import { isApplicationEvent } from './eventstoredb-stream-names';
import { EventStoreDbSubscription } from './eventstoredb-subscription';

/** Records read from $all per request. */
const PAGE = 500;
/** How often an append with expectedVersion 'any' re-reads the stream head after losing a race. */
const ANY_VERSION_ATTEMPTS = 10;

/**
 * The event store on EventStoreDB: one EventStoreDB stream per stream, $all as the global log.
 * Same semantics as the SQL store, hash chain included, so both pass one contract suite.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<EventStoreDbSubscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    const { expectedVersion } = options;
    for (let attempt = 1; ; attempt++) {
      // The hash chain continues from the stream's last event, so even 'any' appends right after
      // the head it read, and the server's revision check keeps the chain unbroken.
      const head = await this.streamHead(streamId);
      if (expectedVersion !== 'any' && expectedVersion !== head.version) {
        throw new WrongExpectedVersionError(streamId, expectedVersion, head.version);
      }
      try {
        const result = await appendOrRefuse(this.client, streamId, chainedEventData(streamId, head, events), { expectedRevision: expectedRevisionFor(head.version) });
        return {
          nextExpectedVersion: versionAtRevision(result.nextExpectedRevision),
          // The server reports no position when it found these event ids already written (an idempotent retry).
          lastGlobalPosition: result.position ? globalPositionOf(result.position) : await this.lastPositionOf(streamId),
        };
      } catch (error) {
        if (!(error instanceof EsdbWrongExpectedVersionError)) throw error;
        const actual = versionAtRevision(error.actualVersion);
        if (expectedVersion !== 'any') throw new WrongExpectedVersionError(streamId, expectedVersion, actual);
        if (attempt === ANY_VERSION_ATTEMPTS) throw new WrongExpectedVersionError(streamId, -1, actual);
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const recordedUpTo = options.recordedUpTo === undefined ? undefined : Date.parse(options.recordedUpTo);
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, { direction: FORWARDS, fromRevision: firstRevisionAfter(options.afterVersion ?? 0) });
      for await (const resolved of itemsOf(read)) {
        if (!resolved.event) continue;
        const event = decodeOwnEvent(resolved.event);
        if (options.toGlobalPosition !== undefined && event.globalPosition > options.toGlobalPosition) continue;
        if (recordedUpTo !== undefined && Date.parse(event.metadata.recordedAt) > recordedUpTo) continue;
        events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? 1000;
    const types = options.types?.length ? new Set(options.types) : undefined;
    const events: RecordedEvent[] = [];
    // Reading $all from a position includes the event at it: skip that one, it was returned before.
    let after = options.fromPosition ?? 0;
    while (events.length < limit) {
      let read = 0;
      const from = readPositionOf(after);
      for await (const resolved of itemsOf(this.client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: PAGE }))) {
        read++;
        const recorded = resolved.event;
        if (!recorded) continue;
        const position = globalPositionOf(recorded.position);
        if (position <= after) continue;
        after = position;
        if (!isApplicationEvent(recorded.streamId, recorded.type) || (types && !types.has(recorded.type))) continue;
        const event = decodeStoredEvent(recorded);
        if (event) events.push(event);
        if (events.length === limit) break;
      }
      if (read < PAGE) break;
    }
    return events;
  }

  /**
   * The position of the newest application event in $all above notBelow, or notBelow when there
   * is none: what a subscription must have seen to be caught up.
   */
  async latestApplicationPosition(notBelow: number): Promise<number> {
    let from: ReadPosition = END;
    for (;;) {
      let read = 0;
      let oldest: number | undefined;
      for await (const resolved of itemsOf(this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: PAGE }))) {
        read++;
        const recorded = resolved.event;
        if (!recorded) continue;
        const position = globalPositionOf(recorded.position);
        if (position <= notBelow) return notBelow;
        if (isApplicationEvent(recorded.streamId, recorded.type)) return position;
        oldest = position;
      }
      // The next page starts at the oldest record seen; seeing it twice changes nothing.
      if (read < PAGE || oldest === undefined) return notBelow;
      from = readPositionOf(oldest);
    }
  }

  subscribe(options: SubscribeOptions): EventSubscription {
    const subscription = new EventStoreDbSubscription(this.client, this, options, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  private async streamHead(streamId: string): Promise<StreamHead> {
    const last = await readLastEvent(this.client, streamId);
    if (!last) return { version: 0, lastHash: null };
    const event = decodeOwnEvent(last);
    return { version: event.streamVersion, lastHash: event.hash };
  }

  private async lastPositionOf(streamId: string): Promise<number> {
    const last = await readLastEvent(this.client, streamId);
    return globalPositionOf(last?.position);
  }
}
