import { BACKWARDS, END, EventStoreDBClient, RecordedEvent as EsdbRecordedEvent, StreamNotFoundError } from '@eventstore/db-client';

/** The last event of a stream, or undefined when the stream does not exist. */
export async function readLastEvent(client: EventStoreDBClient, streamName: string): Promise<EsdbRecordedEvent | undefined> {
  try {
    for await (const resolved of client.readStream(streamName, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
      if (resolved.event) return resolved.event;
    }
    return undefined;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
}
