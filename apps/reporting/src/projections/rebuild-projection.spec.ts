import { GoalEventMessage } from '@okr/contracts';
import { EventStore, ReadAllOptions } from '@okr/event-store';
import { EmbeddedReadStore } from '@okr/read-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoalHistories } from '../history/goal-histories';
import { GOAL_EVENTS_COLLECTION } from '../history/stored-goal-event';
import { GoalEventsProjection } from './goal-events.projection';
import { rebuildProjection } from './rebuild-projection';

const events: GoalEventMessage[] = Array.from({ length: 2_500 }, (_, i) => ({
  streamId: `kpi-k${i % 10}`,
  streamVersion: Math.floor(i / 10) + 1,
  globalPosition: i + 1,
  type: i < 10 ? 'KpiDefined' : 'KpiCheckInRecorded',
  data: i < 10 ? { kpiId: `k${i}`, unitId: 't', name: 'K', unit: 'pt', goal: { direction: 'increase', target: 1 } } : { value: i, confidence: 'on-track' },
  metadata: { eventId: `e${i}`, actor: 'a', recordedAt: '2027-01-04T09:00:00.000Z', effectiveAt: '2027-01-04T09:00:00.000Z', correlationId: 'c', causationId: 'c', schemaVersion: 1 },
  hash: 'h',
  prevHash: null,
}));

/** The log in memory; `failAfter` reads make it throw, as a crash in the middle of a rebuild would stop it. */
function log(failAfter = Infinity): Pick<EventStore, 'readAll'> & { reads: number[] } {
  const reads: number[] = [];
  return {
    reads,
    async readAll({ fromPosition = 0, limit = 1000 }: ReadAllOptions = {}) {
      if (reads.length >= failAfter) throw new Error('killed');
      reads.push(fromPosition);
      return events.filter((e) => e.globalPosition > fromPosition).slice(0, limit) as never;
    },
  };
}

describe('rebuildProjection', () => {
  const root = mkdtempSync(join(tmpdir(), 'okr-rebuild-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('clears what was there and rebuilds every event', async () => {
    const readStore = new EmbeddedReadStore();
    await readStore.collection(GOAL_EVENTS_COLLECTION).upsert({ _id: 'stale' });
    const report = await rebuildProjection(log(), readStore, new GoalEventsProjection(readStore, new GoalHistories()));
    expect(report).toEqual({ resumed: false, applied: 2_500, position: 2_500 });
    expect(await readStore.collection(GOAL_EVENTS_COLLECTION).count()).toBe(2_500);
    expect(await readStore.collection(GOAL_EVENTS_COLLECTION).get('stale')).toBeNull();
  });

  it('resumes after a crash from its last checkpoint instead of starting over', async () => {
    const file = join(root, 'read-models.ndjson');
    const crashed = log(2);
    const first = new EmbeddedReadStore(file);
    await expect(rebuildProjection(crashed, first, new GoalEventsProjection(first, new GoalHistories()))).rejects.toThrow('killed');

    // A new process, on what the journal kept.
    const readStore = new EmbeddedReadStore(file);
    const resumed = log();
    const histories = new GoalHistories();
    const report = await rebuildProjection(resumed, readStore, new GoalEventsProjection(readStore, histories));
    expect(report).toEqual({ resumed: true, applied: 500, position: 2_500 });
    expect(resumed.reads[0]).toBe(2_000);
    expect(await readStore.collection(GOAL_EVENTS_COLLECTION).count()).toBe(2_500);
    expect(histories.kpiAt('k9', { asOf: Infinity, knownAt: Infinity })!.state.latestCheckIn?.value).toBe(2_499);
    await readStore.close();
  });
});
