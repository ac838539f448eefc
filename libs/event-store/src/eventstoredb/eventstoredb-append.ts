import {
  ANY,
  AppendExpectedRevision,
  AppendResult,
  AppendToStreamOptions,
  EventData,
  EventStoreDBClient,
  NO_STREAM,
  StreamMetadata,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';

/**
 * Appends, and refuses a result that is not a success. A connection string with
 * throwOnAppendFailure=false makes the client resolve a refused append with `success: false`
 * instead of throwing; this turns that back into the client's own WrongExpectedVersionError, so
 * every caller handles a refusal one way whatever EVENTSTORE_URL says.
 */
export async function appendOrRefuse(
  client: Pick<EventStoreDBClient, 'appendToStream'>,
  streamName: string,
  events: EventData | EventData[],
  options: AppendToStreamOptions = {},
): Promise<AppendResult> {
  return refusedUnlessSuccess(streamName, options.expectedRevision, await client.appendToStream(streamName, events, options));
}

/** Sets a stream's metadata (itself an append to the metadata stream), refusing a result that is not a success. */
export async function setStreamMetadataOrRefuse(client: Pick<EventStoreDBClient, 'setStreamMetadata'>, streamName: string, metadata: StreamMetadata): Promise<AppendResult> {
  return refusedUnlessSuccess(`$$${streamName}`, ANY, await client.setStreamMetadata(streamName, metadata));
}

function refusedUnlessSuccess(streamName: string, expected: AppendExpectedRevision | undefined, result: AppendResult): AppendResult {
  if (result.success) return result;
  // On a refusal the client reports the stream's revision as nextExpectedRevision, -1 for none.
  const current = result.nextExpectedRevision < 0n ? NO_STREAM : result.nextExpectedRevision;
  throw new EsdbWrongExpectedVersionError(undefined, { streamName, expected: expected ?? ANY, current });
}
