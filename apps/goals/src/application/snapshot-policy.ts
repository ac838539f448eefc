const SNAPSHOT_EVERY = 100;
const FIXED_STEPS_UP_TO = 800;

/**
 * Whether a write that took a stream from version `before` to `after` should leave a snapshot:
 * every 100 events up to 800, then each time the stream doubles (1,600, 3,200, 6,400...). A bound
 * goal's state grows with its stream (it keeps every source record), so a fixed step would make
 * each event pay for copying an ever larger state; doubling costs each event about two records'
 * worth of copying, whatever the stream's length. A load from the snapshot folds at most the
 * second half of the stream, and the service keeps the states it uses in memory anyway.
 */
export function snapshotDue(before: number, after: number): boolean {
  let step = SNAPSHOT_EVERY;
  if (before >= FIXED_STEPS_UP_TO) while (step * 2 <= before) step *= 2;
  return Math.floor(after / step) > Math.floor(before / step);
}
