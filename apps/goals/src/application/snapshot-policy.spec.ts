import { snapshotDue } from './snapshot-policy';

/** The versions at which a stream written one event at a time up to `length` is snapshotted. */
const snapshotsOf = (length: number) => Array.from({ length }, (_, v) => v).filter((v) => snapshotDue(v, v + 1)).map((v) => v + 1);

describe('when a stream is snapshotted', () => {
  it('every 100 events while it is short', () => {
    expect(snapshotsOf(800)).toEqual([100, 200, 300, 400, 500, 600, 700, 800]);
  });

  it('less often as it grows, so past 800 events no stretch after a snapshot is longer than a quarter of the stream', () => {
    const versions = snapshotsOf(20_000);
    expect(versions.filter((v) => v > 800).slice(0, 6)).toEqual([1000, 1200, 1400, 1600, 2000, 2400]);
    for (let i = 1; i < versions.length; i++) if (versions[i] > 800) expect(versions[i] - versions[i - 1]).toBeLessThanOrEqual(versions[i] / 4);
    // A state that grows with the stream is copied about 8 times per event over the whole stream, not 100.
    expect(versions.reduce((sum, v) => sum + v, 0) / 20_000).toBeLessThan(8);
  });

  it('once for a write that crosses a step, however many events it holds', () => {
    expect(snapshotDue(90, 150)).toBe(true);
    expect(snapshotDue(101, 199)).toBe(false);
    expect(snapshotDue(5_000, 5_100)).toBe(false);
  });
});
