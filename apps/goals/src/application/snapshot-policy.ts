const SNAPSHOT_EVERY = 100;

/** Whether a write that took a stream from version `before` to `after` crossed a multiple of 100: a load then folds at most 99 events. */
export function snapshotDue(before: number, after: number): boolean {
  return Math.floor(after / SNAPSHOT_EVERY) > Math.floor(before / SNAPSHOT_EVERY);
}
