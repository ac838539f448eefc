import { EventData, jsonEvent, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { Snapshot } from '../snapshot-store.port';

/** A stream's snapshot, as the one event its snapshot stream keeps. */
const SNAPSHOT_EVENT_TYPE = 'SnapshotTaken';

export function snapshotEventData(snapshot: Snapshot): EventData {
  return jsonEvent({ type: SNAPSHOT_EVENT_TYPE, data: { streamId: snapshot.streamId, version: snapshot.version, schema: snapshot.schema, state: snapshot.state } });
}

export function snapshotOf<State>(event: EsdbRecordedEvent): Snapshot<State> {
  const data = event.isJson && typeof event.data === 'object' && !Array.isArray(event.data) ? (event.data as Partial<Snapshot<State>>) : {};
  if (event.type !== SNAPSHOT_EVENT_TYPE || typeof data.streamId !== 'string' || !Number.isSafeInteger(data.version) || typeof data.schema !== 'string' || !('state' in data)) {
    throw new Error(`stream ${event.streamId} holds ${event.type}, not a snapshot`);
  }
  return { streamId: data.streamId, version: data.version as number, schema: data.schema, state: data.state as State };
}
