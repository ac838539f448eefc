import { boundMetricValue, Contribution, MetricBinding, metricValue } from '@okr/goals-domain';

const q1: MetricBinding = {
  metric: 'sales.closed_won_amount',
  aggregation: 'sum',
  scope: { type: 'unit', unitId: 'emea', includeSubUnits: true },
  window: { kind: 'cycle', from: '2027-01-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' },
};

/** One version of a source record's contribution, recorded at `recordedAt`. */
function version(record: string, recordVersion: number, value: number | null, occurredAt: string, recordedAt: string, subject = 'rita'): Contribution {
  return {
    dataPointId: `${record}@${recordVersion}`,
    sourceRecordKey: `salesforce:${record}:sales.closed_won_amount`,
    recordVersion,
    subject: { type: 'person', id: subject },
    operation: value === null ? 'retract' : 'upsert',
    ...(value === null ? {} : { value }),
    occurredAt,
    receivedAt: recordedAt,
    source: { system: 'salesforce', recordId: record },
    recordedAt,
  };
}

describe('the value of a bound goal, bitemporally', () => {
  it('counts a late arrival in the quarter it occurred in, but not as known before it arrived', () => {
    const early = version('opp-1', 1, 10000, '2027-02-10T10:00:00.000Z', '2027-02-10T10:05:00.000Z');
    // Closed on 30 March, reported on 2 April.
    const late = version('opp-2', 1, 5000, '2027-03-30T16:00:00.000Z', '2027-04-02T08:00:00.000Z');
    const endOfQ1 = '2027-03-31T23:59:59.000Z';
    expect(metricValue(q1, [early, late], { now: '2027-04-10T00:00:00.000Z' }).value).toBe(15000);
    expect(metricValue(q1, [early, late], { asOf: endOfQ1 }).value).toBe(15000);
    expect(metricValue(q1, [early, late], { asOf: endOfQ1, knownAt: endOfQ1 }).value).toBe(10000);
    expect(metricValue(q1, [early, late], { knownAt: endOfQ1 }).value).toBe(10000);
  });

  it('judges a record by its latest known version: one moved out of the window no longer counts, one moved in does', () => {
    const movedOut = [version('opp-1', 1, 7000, '2027-03-30T00:00:00.000Z', '2027-03-30T01:00:00.000Z'), version('opp-1', 2, 7000, '2027-04-03T00:00:00.000Z', '2027-04-03T01:00:00.000Z')];
    // As of the end of March an effectiveAt filter over events would keep version 1: what we know now says it closed in April.
    expect(metricValue(q1, movedOut, { asOf: '2027-03-31T23:59:59.000Z' }).value).toBe(0);
    expect(metricValue(q1, movedOut, { asOf: '2027-03-31T23:59:59.000Z', knownAt: '2027-04-01T00:00:00.000Z' }).value).toBe(7000);
    const movedIn = [version('opp-2', 1, 3000, '2027-04-05T00:00:00.000Z', '2027-04-05T01:00:00.000Z'), version('opp-2', 2, 3000, '2027-03-29T00:00:00.000Z', '2027-04-06T01:00:00.000Z')];
    expect(metricValue(q1, movedIn, { now: '2027-04-10T00:00:00.000Z' }).value).toBe(3000);
    expect(metricValue(q1, movedIn, { knownAt: '2027-04-05T12:00:00.000Z' }).value).toBe(0);
  });

  it('takes the highest version known, whatever order the versions come in, and a retraction withdraws the record', () => {
    const v1 = version('opp-1', 1, 1000, '2027-02-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z');
    const v2 = version('opp-1', 2, 1500, '2027-02-01T00:00:00.000Z', '2027-02-02T00:00:00.000Z');
    const v3 = version('opp-1', 3, null, '2027-02-03T00:00:00.000Z', '2027-02-03T00:00:00.000Z');
    expect(metricValue(q1, [v2, v1]).value).toBe(1500);
    expect(metricValue(q1, [v1, v2, v3]).value).toBe(0);
    expect(metricValue(q1, [v1, v2, v3], { knownAt: '2027-02-02T12:00:00.000Z' }).value).toBe(1500);
    expect(metricValue(q1, [v1, v2, v3]).contributing).toEqual([]);
  });

  it('leaves out what occurred after the instant read at', () => {
    const future = version('opp-9', 1, 900, '2027-03-20T00:00:00.000Z', '2027-03-01T00:00:00.000Z');
    expect(metricValue(q1, [future], { now: '2027-03-10T00:00:00.000Z' }).value).toBe(0);
    expect(metricValue(q1, [future], { now: '2027-03-25T00:00:00.000Z' }).value).toBe(900);
  });

  describe('aggregations over the window', () => {
    const points = [
      version('a', 1, 40, '2027-01-10T00:00:00.000Z', '2027-01-10T00:00:00.000Z'),
      version('b', 1, 10, '2027-02-10T00:00:00.000Z', '2027-02-10T00:00:00.000Z'),
      version('c', 1, 25, '2027-03-10T00:00:00.000Z', '2027-03-10T00:00:00.000Z'),
      version('d', 1, 1000, '2026-12-31T23:59:59.000Z', '2027-01-01T00:00:00.000Z'), // the quarter before
    ];
    const read = (aggregation: MetricBinding['aggregation'], from = points) => metricValue({ ...q1, aggregation }, from).value;
    it.each([
      ['sum', 75],
      ['count', 3],
      ['last', 25],
      ['average', 25],
      ['min', 10],
      ['max', 40],
    ] as const)('%s', (aggregation, expected) => expect(read(aggregation)).toBe(expected));
    it('an empty window sums and counts to 0 and has no last, average, min or max', () => {
      expect([read('sum', []), read('count', []), read('last', []), read('average', []), read('min', []), read('max', [])]).toEqual([0, 0, null, null, null, null]);
    });
  });

  describe('windows of a KPI, which has no cycle', () => {
    const points = [
      version('a', 1, 1, '2027-01-15T00:00:00.000Z', '2027-01-15T00:00:00.000Z'),
      version('b', 1, 2, '2027-02-15T00:00:00.000Z', '2027-02-15T00:00:00.000Z'),
      version('c', 1, 4, '2027-04-02T00:00:00.000Z', '2027-04-02T00:00:00.000Z'),
    ];
    const sum = (window: MetricBinding['window'], at: { now?: string; asOf?: string }) => metricValue({ ...q1, window }, points, at).value;
    it('the calendar month of the instant read at', () => {
      expect(sum({ kind: 'calendar-month' }, { now: '2027-02-28T00:00:00.000Z' })).toBe(2);
      expect(sum({ kind: 'calendar-month' }, { asOf: '2027-01-31T23:59:59.999Z' })).toBe(1);
    });
    it('the calendar quarter of the instant read at', () => {
      expect(sum({ kind: 'calendar-quarter' }, { now: '2027-03-31T00:00:00.000Z' })).toBe(3);
      expect(sum({ kind: 'calendar-quarter' }, { now: '2027-04-30T00:00:00.000Z' })).toBe(4);
    });
    it('all time, up to the instant read at', () => {
      expect(sum({ kind: 'all-time' }, { now: '2027-05-01T00:00:00.000Z' })).toBe(7);
      expect(sum({ kind: 'all-time' }, { asOf: '2027-03-01T00:00:00.000Z' })).toBe(3);
    });
    it('without an instant, the period of the newest occurrence', () => expect(sum({ kind: 'calendar-month' }, {})).toBe(4));
  });

  it('reads a bound goal as metricValue reads its records, at every instant and for every window, from the order it keeps', () => {
    const records = Array.from({ length: 60 }, (_, n) =>
      version(`opp-${n % 25}`, 1 + Math.floor(n / 25), n % 7 === 0 ? null : 100 + n, new Date(Date.UTC(2026, 11, 20) + n * 2.5 * 86_400_000).toISOString(), new Date(Date.UTC(2027, 0, 1) + n * 86_400_000).toISOString()),
    );
    const contributions = Object.fromEntries(records.map((c) => [`${c.sourceRecordKey}#${c.recordVersion}`, c]));
    const instants = [undefined, '2027-01-15T00:00:00.000Z', '2027-02-10T12:00:00.000Z', '2027-03-31T23:59:59.999Z', '2027-05-01T00:00:00.000Z'];
    const windows: MetricBinding['window'][] = [q1.window, { kind: 'calendar-month' }, { kind: 'calendar-quarter' }, { kind: 'all-time' }];
    for (const window of windows) {
      for (const aggregation of ['sum', 'count', 'last', 'average', 'min', 'max'] as const) {
        const binding = { ...q1, window, aggregation };
        for (const asOf of instants) {
          for (const knownAt of instants) {
            const at = { ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}), now: '2027-02-20T00:00:00.000Z' };
            expect(boundMetricValue({ binding, contributions, proposals: {} }, at)).toEqual(metricValue(binding, records, at));
          }
        }
      }
    }
  });
});
