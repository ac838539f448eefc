import { GoalEventMessage } from '@okr/contracts';
import { EmbeddedReadStore } from '@okr/read-store';
import { GoalHistories } from '../history/goal-histories';
import { GOAL_EVENTS_COLLECTION } from '../history/stored-goal-event';
import { GoalEventsProjection } from './goal-events.projection';

const message = (streamId: string, streamVersion: number, globalPosition: number, type: string, data: Record<string, unknown>, effectiveAt = '2027-01-04T09:00:00.000Z'): GoalEventMessage => ({
  streamId,
  streamVersion,
  globalPosition,
  type,
  data,
  metadata: { eventId: `e${globalPosition}`, actor: 'lars', recordedAt: '2027-01-04T09:00:00.000Z', effectiveAt, correlationId: 'c', causationId: 'c', schemaVersion: 1 },
  hash: 'h',
  prevHash: null,
});

describe('GoalEventsProjection', () => {
  const kpiDefined = message('kpi-nps', 1, 10, 'KpiDefined', { kpiId: 'nps', unitId: 't', name: 'NPS', unit: 'pt', goal: { direction: 'stay-above', target: 40 } });
  const checkIn = (version: number, position: number, value: number) => message('kpi-nps', version, position, 'KpiCheckInRecorded', { value, confidence: 'on-track' });

  it('changes nothing when an event is delivered twice or late after a newer one', async () => {
    const store = new EmbeddedReadStore();
    const histories = new GoalHistories();
    const projection = new GoalEventsProjection(store, histories);
    for (const m of [kpiDefined, checkIn(3, 12, 55), checkIn(2, 11, 30), checkIn(3, 12, 55), kpiDefined]) await projection.apply(m);
    expect(await store.collection(GOAL_EVENTS_COLLECTION).count()).toBe(3);
    expect(histories.kpiAt('nps', { asOf: Infinity, knownAt: Infinity })!.state.latestCheckIn?.value).toBe(55);
    expect(projection.checkpoint).toBe(12);
  });

  it('skips streams it does not know but moves its checkpoint past them', async () => {
    const store = new EmbeddedReadStore();
    const projection = new GoalEventsProjection(store, new GoalHistories());
    await projection.apply(message('metric-arr', 1, 5, 'MetricDefined', { metric: 'arr' }));
    expect(await store.collection(GOAL_EVENTS_COLLECTION).count()).toBe(0);
    expect(await store.loadCheckpoint('goal-events')).toBe('5');
  });

  it('loads into a fresh process what an earlier one stored', async () => {
    const store = new EmbeddedReadStore();
    await new GoalEventsProjection(store, new GoalHistories()).apply(kpiDefined);
    const histories = new GoalHistories();
    const restarted = new GoalEventsProjection(store, histories);
    await restarted.load();
    expect(histories.kpiAt('nps', { asOf: Infinity, knownAt: Infinity })).not.toBeNull();
    expect(restarted.checkpoint).toBe(10);
  });
});
