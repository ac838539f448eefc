import { KpiEvent } from '../kpi/kpi.events';
import { kpiDecider } from '../kpi/kpi.decider';
import { goalValue } from '../metric-binding/goal-value';
import { MetricContributionData } from '../metric-binding/metric-contribution';
import { ObjectiveEvent } from '../objective/objective.events';
import { objectiveDecider } from '../objective/objective.decider';
import { TimedEvent } from './decider';
import { evolveEvents, foldEvents, PrivateCopies } from './fold';

const metadata = (minute: number) => {
  const at = new Date(Date.UTC(2027, 1, 1) + minute * 60_000).toISOString();
  return { effectiveAt: at, recordedAt: at };
};
const timed = <E extends KpiEvent | ObjectiveEvent>(events: E[]): TimedEvent<E>[] => events.map((event, i) => ({ ...event, metadata: metadata(i) }));

function point(record: string, version: number, value: number | null): MetricContributionData {
  return {
    dataPointId: `${record}@${version}`,
    sourceRecordKey: `salesforce:${record}:sales.closed_won_amount`,
    recordVersion: version,
    subject: { type: 'person', id: 'rita' },
    operation: value === null ? 'retract' : 'upsert',
    ...(value === null ? {} : { value }),
    occurredAt: '2027-02-01T00:00:00.000Z',
    receivedAt: '2027-02-01T00:00:00.000Z',
    source: { system: 'salesforce', recordId: record },
  };
}

const binding = { metric: 'sales.closed_won_amount', aggregation: 'sum' as const, scope: { type: 'unit' as const, unitId: 'emea', includeSubUnits: true }, window: { kind: 'all-time' as const } };

/** Recorded, superseded, replayed, retracted, proposed, accepted and rejected: every path of a contribution. */
function contributions(): KpiEvent[] {
  return [
    { type: 'MetricContributionRecorded', data: point('opp-1', 1, 100) },
    { type: 'MetricContributionRecorded', data: point('opp-2', 1, 200) },
    { type: 'MetricContributionRecorded', data: point('opp-1', 2, 150) },
    { type: 'MetricContributionRecorded', data: point('opp-1', 1, 100) },
    { type: 'MetricContributionRecorded', data: point('opp-2', 2, null) },
    { type: 'MetricContributionProposed', data: point('opp-3', 1, 300) },
    { type: 'MetricContributionProposed', data: point('opp-4', 1, 400) },
    { type: 'MetricContributionAmended', data: { ...point('opp-3', 1, 300), reason: 'late deal' } },
    { type: 'MetricContributionRejected', data: { dataPointId: 'opp-4@1', subject: { type: 'person', id: 'rita' }, reason: 'duplicate' } },
  ];
}

const kpiHistory = (): KpiEvent[] => [
  { type: 'KpiDefined', data: { kpiId: 'arr', unitId: 'emea', name: 'ARR', unit: 'EUR', goal: { direction: 'increase', target: 1000 } } },
  { type: 'KpiBoundToMetric', data: { kpiId: 'arr', binding } },
  ...contributions(),
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}

describe('folding events', () => {
  it('reaches the same state as evolving them one by one', () => {
    const events = timed(kpiHistory());
    const oneByOne = events.reduce((state, event) => kpiDecider.evolve(state, event), kpiDecider.initialState());
    expect(foldEvents(kpiDecider, events)).toEqual(oneByOne);
    expect(Object.keys(oneByOne.boundMetric?.contributions ?? {})).toHaveLength(3);
    expect(oneByOne.boundMetric?.proposals).toEqual({});
    expect(oneByOne.boundMetric?.contributions['salesforce:opp-3:sales.closed_won_amount'].amendmentReason).toBe('late deal');
  });

  it('never changes the state it starts from, which a cache or a time-travel read may still hold', () => {
    const events = timed(kpiHistory());
    const bound = deepFreeze(foldEvents(kpiDecider, events.slice(0, 4)));
    const before = structuredClone(bound);
    const later = evolveEvents(kpiDecider, bound, events.slice(4));
    expect(bound).toEqual(before);
    expect(later).toEqual(events.slice(4).reduce(kpiDecider.evolve, before));
  });

  it('a single evolve leaves the state it was given as it was', () => {
    const events = timed(kpiHistory());
    const withProposal = deepFreeze(foldEvents(kpiDecider, events.slice(0, 8)));
    const before = structuredClone(withProposal);
    for (const event of events.slice(8)) kpiDecider.evolve(withProposal, event);
    expect(withProposal).toEqual(before);
  });

  it('folds of one batch continue on their own copies, still leaving the state they started from unchanged', () => {
    const events = timed(kpiHistory());
    const start = deepFreeze(foldEvents(kpiDecider, events.slice(0, 2)));
    const copies = new PrivateCopies();
    let state = start;
    for (const event of events.slice(2)) state = evolveEvents(kpiDecider, state, [event], copies);
    expect(start.boundMetric?.contributions).toEqual({});
    expect(state).toEqual(foldEvents(kpiDecider, events));
  });

  it('reads the value a batch fold reached even when the fold wrote into a state that was read before', () => {
    const events = timed(kpiHistory());
    const copies = new PrivateCopies();
    let state = evolveEvents(kpiDecider, foldEvents(kpiDecider, events.slice(0, 2)), [events[2]], copies);
    const readings: (number | null)[] = [];
    for (const event of events.slice(3)) {
      readings.push(goalValue(state));
      state = evolveEvents(kpiDecider, state, [event], copies);
    }
    readings.push(goalValue(state));
    // The same values as folding from scratch each time, where no state is ever written in place.
    expect(readings).toEqual(events.slice(2).map((_, i) => goalValue(foldEvents(kpiDecider, events.slice(0, i + 3)))));
  });

  it('routes a key result’s contributions to that key result only, without changing the objective it started from', () => {
    const definitions: ObjectiveEvent[] = [
      { type: 'ObjectiveDefined', data: { objectiveId: 'win', cycleId: 'fy27-q1', title: 'Win', owner: { type: 'team', id: 'emea' }, commitment: 'committed', warnings: [] } },
      ...['arr', 'deals'].flatMap((keyResultId): ObjectiveEvent[] => [
        { type: 'KeyResultAdded', data: { keyResultId, title: keyResultId, weight: 1, definition: { kind: 'metric', start: 0, target: 1000, unit: 'EUR', direction: 'increase' } } },
        { type: 'KeyResultBoundToMetric', data: { keyResultId, binding } },
      ]),
    ];
    const forArr = contributions().map((event) => ({ ...event, data: { ...event.data, keyResultId: 'arr' } }) as ObjectiveEvent);
    const events = timed([...definitions, ...forArr]);
    const bound = deepFreeze(foldEvents(objectiveDecider, events.slice(0, definitions.length)));
    const folded = evolveEvents(objectiveDecider, bound, events.slice(definitions.length));
    expect(folded).toEqual(events.reduce(objectiveDecider.evolve, objectiveDecider.initialState()));
    expect(Object.keys(folded.keyResults.arr.boundMetric?.contributions ?? {})).toHaveLength(3);
    expect(folded.keyResults.deals.boundMetric?.contributions).toEqual({});
    expect(bound.keyResults.arr.boundMetric?.contributions).toEqual({});
  });
});
