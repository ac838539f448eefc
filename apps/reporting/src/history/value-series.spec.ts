import { ValueSeries } from './value-series';

const fact = (streamVersion: number, effectiveAt: number, recordedAt: number, value: number) => ({ streamVersion, effectiveAt, effectiveAtText: new Date(effectiveAt).toISOString(), recordedAt, value, confidence: 'on-track' as const, ingested: false });

describe('ValueSeries', () => {
  const series = new ValueSeries();
  // v2: true at 10, known at 10. v3: true at 30, known at 30. v4: a late report, true at 20, known at 40. v5: true at 30 again, known at 50.
  series.add(fact(2, 10, 10, 100));
  series.add(fact(3, 30, 30, 300));
  series.add(fact(4, 20, 40, 200));
  series.add(fact(5, 30, 50, 310));
  const valueAt = (asOf: number, knownAt: number, after = 0) => {
    const index = series.holdingAt(asOf, knownAt, after);
    return index < 0 ? null : series.fact(index).value;
  };

  it('holds the latest value in valid time, ties going to the later in the stream', () => {
    expect(valueAt(100, 100)).toBe(310);
    expect(valueAt(25, 100)).toBe(200);
    expect(valueAt(9, 100)).toBeNull();
  });

  it('ignores what was not yet recorded at knownAt', () => {
    expect(valueAt(25, 35)).toBe(100);
    expect(valueAt(100, 45)).toBe(300);
    expect(valueAt(100, 5)).toBeNull();
  });

  it('counts only values after a stream version (a key result added again starts afresh)', () => {
    expect(valueAt(25, 100, 2)).toBe(200);
    expect(valueAt(15, 100, 2)).toBeNull();
  });

  it('keeps one fact per stream version, whatever order they arrive in', () => {
    const shuffled = new ValueSeries();
    for (const f of [fact(5, 30, 50, 310), fact(2, 10, 10, 100), fact(4, 20, 40, 200), fact(3, 30, 30, 300), fact(3, 30, 30, 300)]) shuffled.add(f);
    expect(shuffled.length).toBe(4);
    for (const [asOf, knownAt] of [[100, 100], [25, 35], [30, 45], [30, 100]]) {
      expect(shuffled.holdingAt(asOf, knownAt)).toBe(series.holdingAt(asOf, knownAt));
    }
  });

  it('grows past its first capacity', () => {
    const long = new ValueSeries();
    for (let i = 1; i <= 1000; i++) long.add(fact(i, i * 10, i * 10, i));
    expect(long.fact(long.holdingAt(5_005, 10_000)).value).toBe(500);
  });
});
