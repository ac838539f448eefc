import fc from 'fast-check';
import { APPLICATION_STREAM_REGEX, checkpointStreamName, isApplicationEvent, isApplicationStream, leaseStreamName, snapshotStreamName } from './eventstoredb-stream-names';

describe('which EventStoreDB streams and events belong to the application', () => {
  it('keeps the application’s streams and events', () => {
    expect(isApplicationEvent('objective-7f3a', 'ObjectiveSet')).toBe(true);
    expect(isApplicationEvent('kpi-1', 'KpiDefined')).toBe(true);
  });

  it('leaves out system streams and events, checkpoints, leases and snapshots', () => {
    expect(isApplicationEvent('$stats-127.0.0.1:2113', 'StatsCollected')).toBe(false);
    expect(isApplicationEvent('$$objective-7f3a', '$metadata')).toBe(false);
    expect(isApplicationEvent('objective-7f3a', '$>')).toBe(false);
    expect(isApplicationEvent(checkpointStreamName('goal-events-publisher'), 'SubscriptionCheckpointMoved')).toBe(false);
    expect(isApplicationEvent(snapshotStreamName('objective-7f3a'), 'SnapshotTaken')).toBe(false);
    expect(isApplicationEvent(leaseStreamName('goal-events-publisher'), 'SubscriptionLeaseHeld')).toBe(false);
  });

  it('names bookkeeping streams after what they serve', () => {
    expect(checkpointStreamName('goal-events-publisher')).toBe('okr-checkpoint-goal-events-publisher');
    expect(snapshotStreamName('objective-7f3a')).toBe('okr-snapshot-objective-7f3a');
    expect(leaseStreamName('goal-events-publisher')).toBe('okr-lease-goal-events-publisher');
  });

  it('filters on the server by the same rule as here', () => {
    const regex = new RegExp(APPLICATION_STREAM_REGEX);
    const streamName = fc.oneof(
      fc.string(),
      fc.string().map((s) => `$${s}`),
      fc.string().map(checkpointStreamName),
      fc.string().map(snapshotStreamName),
      fc.string().map(leaseStreamName),
      fc.string().map((s) => `okr-${s}`),
    );
    fc.assert(fc.property(streamName, (name) => regex.test(name) === isApplicationStream(name)));
  });
});
