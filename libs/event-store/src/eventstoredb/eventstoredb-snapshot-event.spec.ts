import { jsonEvent } from '@eventstore/db-client';
import { snapshotEventData, snapshotOf } from './eventstoredb-snapshot-event';
import { recordedByEventStoreDb } from './recorded-by-eventstoredb.fixture';

describe('snapshots in EventStoreDB', () => {
  it('reads back the snapshot it stored', () => {
    const snapshot = { streamId: 'objective-1', version: 200, schema: 'objective@1', state: { total: 9, items: ['a', 'b'], none: null } };
    expect(snapshotOf(recordedByEventStoreDb('okr-snapshot-objective-1', 3, 99, snapshotEventData(snapshot)))).toEqual(snapshot);
  });

  it('refuses anything else in a snapshot stream, naming the stream', () => {
    const notSnapshots = [
      jsonEvent({ type: 'SnapshotTaken', data: { streamId: 'objective-1', version: 'x', schema: 'objective@1', state: {} } }),
      jsonEvent({ type: 'SnapshotTaken', data: { streamId: 'objective-1', version: 1, schema: 'objective@1' } }),
      jsonEvent({ type: 'Other', data: { streamId: 'objective-1', version: 1, schema: 'objective@1', state: {} } }),
    ];
    for (const event of notSnapshots) {
      expect(() => snapshotOf(recordedByEventStoreDb('okr-snapshot-objective-1', 0, 99, event))).toThrow(/^stream okr-snapshot-objective-1 holds \w+, not a snapshot$/);
    }
  });
});
