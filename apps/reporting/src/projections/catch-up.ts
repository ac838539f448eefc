import { GoalEventMessage } from '@okr/contracts';
import { EventStore } from '@okr/event-store';
import { GoalEventsProjection } from './goal-events.projection';

const BATCH = 1_000;

/**
 * Reads the goals event store from the projection's checkpoint to its end, a batch at a time; the
 * checkpoint moves after each batch, so a crash resumes from the last one. Reports each batch.
 */
export async function catchUpFromStore(store: Pick<EventStore, 'readAll'>, projection: GoalEventsProjection, onBatch?: (applied: number, position: number) => void): Promise<number> {
  let applied = 0;
  for (;;) {
    const events = await store.readAll({ fromPosition: projection.checkpoint, limit: BATCH });
    if (!events.length) return applied;
    await projection.applyBatch(events as GoalEventMessage[]);
    applied += events.length;
    onBatch?.(applied, projection.checkpoint);
  }
}
