import { EventStore } from '@okr/event-store';
import { ReadStore } from '@okr/read-store';
import { catchUpFromStore } from './catch-up';
import { GoalEventsProjection } from './goal-events.projection';

/** Marks a rebuild under way: a crash leaves it set, and the next run resumes instead of starting over. */
export const REBUILD_MARKER = 'goal-events.rebuild';

export interface RebuildReport {
  resumed: boolean;
  /** Events read in this run. */
  applied: number;
  position: number;
}

/**
 * Empties every projection and rebuilds it from the goals event store, unless a rebuild was
 * interrupted: then it continues from its last checkpoint (saved after every batch).
 */
export async function rebuildProjection(store: Pick<EventStore, 'readAll'>, readStore: ReadStore, projection: GoalEventsProjection, onBatch?: (applied: number, position: number) => void): Promise<RebuildReport> {
  const resumed = (await readStore.loadCheckpoint(REBUILD_MARKER)) === 'in-progress';
  if (resumed) {
    await projection.load();
  } else {
    await readStore.saveCheckpoint(REBUILD_MARKER, 'in-progress');
    await projection.clear();
  }
  const applied = await catchUpFromStore(store, projection, onBatch);
  await readStore.saveCheckpoint(REBUILD_MARKER, 'done');
  return { resumed, applied, position: projection.checkpoint };
}
