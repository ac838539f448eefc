import { progressLine } from './rebuild-progress';

describe('progressLine', () => {
  it('shows the share done, the rate of this run and the time left', () => {
    expect(progressLine(250_000, 1_000_000, 250_000, 10_000)).toBe('[########----------------------] 25 % 250,000/1,000,000 events · 25,000 events/s · ETA 30s');
  });

  it('measures a resumed run by what it applied, not by where it started', () => {
    expect(progressLine(600_000, 1_000_000, 100_000, 10_000)).toContain('10,000 events/s · ETA 40s');
  });

  it('says it cannot tell yet, and finishes full', () => {
    expect(progressLine(0, 1_000, 0, 0)).toContain('ETA ?');
    expect(progressLine(1_000, 1_000, 1_000, 2_000)).toMatch(/^\[#{30}\] 100 %/);
  });
});
