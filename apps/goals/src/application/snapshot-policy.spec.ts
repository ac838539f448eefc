import { snapshotDue } from './snapshot-policy';

/** The versions at which a stream written one event at a time up to `length` is snapshotted. */
const snapshotsOf = (length: number) => Array.from({ length }, (_, v) => v).filter((v) => snapshotDue(v, v + 1)).map((v) => v + 1);

describe('when a stream is snapshotted', () => {
  it('every 100 events while it is short', () => {
    expect(snapshotsOf(800)).toEqual([100, 200, 300, 400, 500, 600, 700, 800]);
  });

  it('each time it doubles after that, so a long stream costs each event a couple of records of copying', () => {
    const versions = snapshotsOf(30_000);
    expect(versions.filter((v) => v > 800)).toEqual([1_600, 3_200, 6_400, 12_800, 25_600]);
    // A state that grows with the stream is copied about twice per event over the whole stream, not 100 times.
    expect(versions.reduce((sum, v) => sum + v, 0) / 30_000).toBeLessThan(2.5);
  });

  it('once for a write that crosses a step, however many events it holds', () => {
    expect(snapshotDue(90, 150)).toBe(true);
    expect(snapshotDue(101, 199)).toBe(false);
    expect(snapshotDue(1_500, 2_000)).toBe(true);
    expect(snapshotDue(2_000, 3_000)).toBe(false);
  });
});
