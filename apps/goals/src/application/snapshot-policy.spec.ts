import { snapshotDue } from './snapshot-policy';

/** The versions at which a stream written one event at a time up to `length` is snapshotted. */
const snapshotsOf = (length: number) => Array.from({ length }, (_, v) => v).filter((v) => snapshotDue(v, v + 1)).map((v) => v + 1);

describe('when a stream is snapshotted', () => {
  it('every 100 events', () => expect(snapshotsOf(450)).toEqual([100, 200, 300, 400]));
  it('once for a write that crosses a step, however many events it holds', () => {
    expect(snapshotDue(90, 150)).toBe(true);
    expect(snapshotDue(101, 199)).toBe(false);
    expect(snapshotDue(150, 420)).toBe(true);
  });
});
