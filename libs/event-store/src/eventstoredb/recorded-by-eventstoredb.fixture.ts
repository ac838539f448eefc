import { EventData, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';

/**
 * What the EventStoreDB client hands back for an event it appended: JSON data and metadata
 * serialized and parsed again, the stream's revision and the position in $all.
 */
export function recordedByEventStoreDb(streamId: string, revision: number, position: number, written: EventData): EsdbRecordedEvent {
  const roundTrip = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  return {
    streamId,
    id: written.id,
    isJson: true,
    revision: BigInt(revision),
    type: written.type,
    created: new Date(),
    data: roundTrip(written.data),
    metadata: roundTrip(written.metadata),
    position: { commit: BigInt(position), prepare: BigInt(position) },
  } as EsdbRecordedEvent;
}
