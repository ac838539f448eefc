import { EventData, jsonEvent, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { EventMetadata, NewEvent, RecordedEvent } from '@okr/contracts';
import { computeEventHash } from '../hash-chain';
import { globalPositionOf } from './eventstoredb-position';

/**
 * The metadata of an EventStoreDB event written by this store: our EventMetadata as written, the
 * hash-chain link (computed as the SQL store does, so verifyChain holds whichever store wrote it),
 * and EventStoreDB's own correlation and causation keys for its projections and UI.
 */
export interface StoredEventMetadata {
  metadata: EventMetadata;
  hash: string;
  prevHash: string | null;
  $correlationId: string;
  $causationId: string;
}

/** Where the stream stands before an append: its version and its last event's hash. */
export interface StreamHead {
  version: number;
  lastHash: string | null;
}

/** The events to append after head, each linked to the one before. */
export function chainedEventData(streamId: string, head: StreamHead, events: NewEvent[]): EventData[] {
  let prevHash = head.lastHash;
  return events.map((event, index) => {
    const hash = computeEventHash(prevHash, { streamId, streamVersion: head.version + index + 1, type: event.type, data: event.data, metadata: event.metadata });
    const metadata: StoredEventMetadata = {
      metadata: event.metadata,
      hash,
      prevHash,
      $correlationId: event.metadata.correlationId,
      $causationId: event.metadata.causationId,
    };
    prevHash = hash;
    return jsonEvent({ id: event.metadata.eventId, type: event.type, data: event.data, metadata: { ...metadata } });
  });
}

/**
 * The event as the port returns it, or undefined for an event this store did not write (another
 * application's, or not JSON): it has no hash link or metadata to return.
 */
export function decodeStoredEvent(event: EsdbRecordedEvent): RecordedEvent | undefined {
  if (!event.isJson || !isPlainObject(event.data) || !isStoredEventMetadata(event.metadata)) return undefined;
  return {
    streamId: event.streamId,
    streamVersion: Number(event.revision) + 1,
    globalPosition: globalPositionOf(event.position),
    type: event.type,
    data: event.data,
    metadata: event.metadata.metadata,
    hash: event.metadata.hash,
    prevHash: event.metadata.prevHash,
  };
}

/** Like decodeStoredEvent, for an event in one of our streams, where anything else is damage. */
export function decodeOwnEvent(event: EsdbRecordedEvent): RecordedEvent {
  const decoded = decodeStoredEvent(event);
  if (!decoded) {
    throw new Error(`event ${event.id} (revision ${event.revision}) of stream ${event.streamId} was not written by the event store: it lacks the JSON data or the metadata and hash link`);
  }
  return decoded;
}

function isStoredEventMetadata(value: unknown): value is StoredEventMetadata {
  if (!isPlainObject(value)) return false;
  const { metadata, hash, prevHash } = value;
  return isPlainObject(metadata) && typeof metadata.eventId === 'string' && typeof hash === 'string' && (prevHash === null || typeof prevHash === 'string');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
