import { EventStoreDBClient, NO_STREAM, WrongExpectedVersionError as EsdbWrongExpectedVersionError } from '@eventstore/db-client';
import { Snapshot, SnapshotStore } from '../snapshot-store.port';
import { appendOrRefuse, setStreamMetadataOrRefuse } from './eventstoredb-append';
import { readLastEvent } from './eventstoredb-reads';
import { snapshotEventData, snapshotOf } from './eventstoredb-snapshot-event';
import { snapshotStreamName } from './eventstoredb-stream-names';

/** Concurrent savers of one stream's snapshot retry this often before giving up. */
const SAVE_ATTEMPTS = 10;

/** Snapshots on EventStoreDB: one stream per snapshotted stream, keeping only its latest event. */
export class EventStoreDbSnapshotStore implements SnapshotStore {
  constructor(private readonly client: EventStoreDBClient) {}

  async load<State>(streamId: string, schema: string): Promise<Snapshot<State> | null> {
    const last = await readLastEvent(this.client, snapshotStreamName(streamId));
    if (!last) return null;
    const snapshot = snapshotOf<State>(last);
    return snapshot.schema === schema ? snapshot : null;
  }

  async save(snapshot: Snapshot): Promise<void> {
    const stream = snapshotStreamName(snapshot.streamId);
    for (let attempt = 1; ; attempt++) {
      const last = await readLastEvent(this.client, stream);
      const current = last && snapshotOf(last);
      // A slower writer must not replace a newer snapshot of the same schema with an older one.
      if (current && current.schema === snapshot.schema && current.version > snapshot.version) return;
      // Only the latest snapshot matters: the server may scavenge the ones before it.
      if (!last) await setStreamMetadataOrRefuse(this.client, stream, { maxCount: 1 });
      try {
        await appendOrRefuse(this.client, stream, snapshotEventData(snapshot), { expectedRevision: last ? last.revision : NO_STREAM });
        return;
      } catch (error) {
        if (!(error instanceof EsdbWrongExpectedVersionError) || attempt === SAVE_ATTEMPTS) throw error;
      }
    }
  }
}
