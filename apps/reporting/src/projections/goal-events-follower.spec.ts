import { GoalEventMessage } from '@okr/contracts';
import { EmbeddedReadStore } from '@okr/read-store';
import { GoalHistories } from '../history/goal-histories';
import { GOAL_EVENTS_COLLECTION, storedGoalEventOf } from '../history/stored-goal-event';
import { GoalEventsFollower } from './goal-events-follower';
import { GoalEventsProjection } from './goal-events.projection';
import { GAP_WAIT_MS, GOAL_EVENTS_SEQUENCE } from './shared-goal-events';

const message = (streamVersion: number, globalPosition: number, type: string, data: Record<string, unknown>): GoalEventMessage => ({
  streamId: 'kpi-nps',
  streamVersion,
  globalPosition,
  type,
  data,
  metadata: { eventId: `e${globalPosition}`, actor: 'lars', recordedAt: '2027-01-04T09:00:00.000Z', effectiveAt: '2027-01-04T09:00:00.000Z', correlationId: 'c', causationId: 'c', schemaVersion: 1 },
  hash: 'h',
  prevHash: null,
});
const kpiDefined = message(1, 10, 'KpiDefined', { kpiId: 'nps', unitId: 't', name: 'NPS', unit: 'pt', goal: { direction: 'stay-above', target: 40 } });
const checkIn = (version: number, value: number) => message(version, 10 + version, 'KpiCheckInRecorded', { value, confidence: 'on-track' });
const latestValue = (histories: GoalHistories) => histories.kpiAt('nps', { asOf: Infinity, knownAt: Infinity })?.state.latestCheckIn?.value;

/** Two instances on one shared read store, each applying the events of its own partitions. */
function instance(store: EmbeddedReadStore) {
  const histories = new GoalHistories();
  const follower = new GoalEventsFollower(store, histories);
  return { histories, follower, projection: new GoalEventsProjection(store, histories, follower) };
}

describe('instances sharing one read store', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const started = async (store: EmbeddedReadStore) => {
    const one = instance(store);
    const starting = one.projection.load();
    await jest.advanceTimersByTimeAsync(GAP_WAIT_MS);
    await starting;
    return one;
  };

  it('each holds what the other applied, and what was stored before it started', async () => {
    const store = new EmbeddedReadStore();
    const a = await started(store);
    await a.projection.applyBatch([kpiDefined]);
    const b = await started(store);
    expect(latestValue(b.histories)).toBeUndefined();
    expect(b.histories.kpiAt('nps', { asOf: Infinity, knownAt: Infinity })).not.toBeNull();

    await b.projection.applyBatch([checkIn(2, 30)]);
    await a.projection.applyBatch([checkIn(3, 55)]);
    await a.follower.poll();
    await b.follower.poll();
    expect(latestValue(a.histories)).toBe(55);
    expect(latestValue(b.histories)).toBe(55);
    expect(a.histories.size).toBe(3);
    expect(b.histories.size).toBe(3);
    await a.follower.onModuleDestroy();
    await b.follower.onModuleDestroy();
  });

  it('waits for a write in flight before following past it, and gives up on a number never written', async () => {
    const store = new EmbeddedReadStore();
    const a = await started(store);
    const events = store.collection(GOAL_EVENTS_COLLECTION);
    // A writer took number 1 and has not written yet; another wrote under 2.
    const inFlight = await store.reserveSequence(GOAL_EVENTS_SEQUENCE, 1);
    await events.upsertMany([{ ...storedGoalEventOf(checkIn(2, 30)), sequence: inFlight + 1 }]);
    await store.reserveSequence(GOAL_EVENTS_SEQUENCE, 1);
    expect(await a.follower.poll()).toBe(0);
    await events.upsertMany([{ ...storedGoalEventOf(kpiDefined), sequence: inFlight }]);
    expect(await a.follower.poll()).toBe(2);
    expect(latestValue(a.histories)).toBe(30);

    // Number 3 is taken and never written (its writer died): after GAP_WAIT_MS the follower moves on.
    await store.reserveSequence(GOAL_EVENTS_SEQUENCE, 1);
    const next = await store.reserveSequence(GOAL_EVENTS_SEQUENCE, 1);
    await events.upsertMany([{ ...storedGoalEventOf(checkIn(3, 55)), sequence: next }]);
    expect(await a.follower.poll()).toBe(0);
    jest.advanceTimersByTime(GAP_WAIT_MS / 2);
    expect(await a.follower.poll()).toBe(0);
    jest.advanceTimersByTime(GAP_WAIT_MS / 2);
    expect(await a.follower.poll()).toBe(1);
    expect(latestValue(a.histories)).toBe(55);
    await a.follower.onModuleDestroy();
  });
});
