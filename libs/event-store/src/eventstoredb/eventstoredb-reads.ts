import { BACKWARDS, END, EventStoreDBClient, RecordedEvent as EsdbRecordedEvent, StreamingRead, StreamNotFoundError } from '@eventstore/db-client';

/**
 * The items of a read, ending the server call when the caller stops early: leaving a loop only
 * destroys the local stream, and reads have no deadline, so the call would otherwise stay open.
 */
export async function* itemsOf<Item>(read: StreamingRead<Item>): AsyncGenerator<Item> {
  let complete = false;
  try {
    for await (const item of read) yield item;
    complete = true;
  } finally {
    if (!complete) await read.cancel().catch(() => undefined);
  }
}

/** The last event of a stream, or undefined when the stream does not exist. */
export async function readLastEvent(client: Pick<EventStoreDBClient, 'readStream'>, streamName: string): Promise<EsdbRecordedEvent | undefined> {
  try {
    for await (const resolved of itemsOf(client.readStream(streamName, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }))) {
      if (resolved.event) return resolved.event;
    }
    return undefined;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
}
