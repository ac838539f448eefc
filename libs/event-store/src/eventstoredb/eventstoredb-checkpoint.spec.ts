import { jsonEvent } from '@eventstore/db-client';
import { checkpointEventData, checkpointPositionOf } from './eventstoredb-checkpoint';
import { recordedByEventStoreDb } from './recorded-by-eventstoredb.fixture';

describe('subscription checkpoints in EventStoreDB', () => {
  it('reads back the position it stored', () => {
    expect(checkpointPositionOf(recordedByEventStoreDb('okr-checkpoint-s', 0, 99, checkpointEventData(123_456)))).toBe(123_456);
    expect(checkpointPositionOf(recordedByEventStoreDb('okr-checkpoint-s', 0, 99, checkpointEventData(0)))).toBe(0);
  });

  it('refuses anything else in a checkpoint stream, naming the stream', () => {
    const notCheckpoints = [
      jsonEvent({ type: 'SubscriptionCheckpointMoved', data: { position: '12' } }),
      jsonEvent({ type: 'SubscriptionCheckpointMoved', data: { position: -1 } }),
      jsonEvent({ type: 'SomethingElse', data: { position: 12 } }),
    ];
    for (const event of notCheckpoints) {
      expect(() => checkpointPositionOf(recordedByEventStoreDb('okr-checkpoint-s', 0, 99, event))).toThrow(/^stream okr-checkpoint-s holds .*, not a subscription checkpoint$/);
    }
  });
});
