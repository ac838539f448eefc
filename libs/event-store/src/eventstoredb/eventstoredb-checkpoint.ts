import { EventData, jsonEvent, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';

/** A named subscription's checkpoint: the global position up to which it is done, one event per move. */
const CHECKPOINT_EVENT_TYPE = 'SubscriptionCheckpointMoved';

export function checkpointEventData(position: number): EventData {
  return jsonEvent({ type: CHECKPOINT_EVENT_TYPE, data: { position } });
}

export function checkpointPositionOf(event: EsdbRecordedEvent): number {
  const position = event.isJson && typeof event.data === 'object' && !Array.isArray(event.data) ? (event.data as { position?: unknown }).position : undefined;
  if (event.type !== CHECKPOINT_EVENT_TYPE || !Number.isSafeInteger(position) || (position as number) < 0) {
    throw new Error(`stream ${event.streamId} holds ${event.type} ${JSON.stringify(event.data)}, not a subscription checkpoint`);
  }
  return position as number;
}
