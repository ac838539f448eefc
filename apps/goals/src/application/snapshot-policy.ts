const SNAPSHOT_EVERY = 100;

/**
 * Whether a write that took a stream from version `before` to `after` should leave a snapshot:
 * every 100 events up to 800, then every eighth to quarter of its length. A bound
 * goal's state grows with its stream (it keeps every source record), so a fixed step would make
 * each event pay for copying an ever larger state; this way each event pays for a few records,
 * and a load from the snapshot still folds at most a quarter of the stream.
 */
export function snapshotDue(before: number, after: number): boolean {
  let step = SNAPSHOT_EVERY;
  while (step * 8 <= before) step *= 2;
  return Math.floor(after / step) > Math.floor(before / step);
}
