import { GoalEventMessage } from '@okr/contracts';
import { EventStore } from '@okr/event-store';
import { GoalEventsProjection } from './goal-events.projection';

const BATCH = 1_000;

/** Reads the goals event store from the projection's checkpoint to its end, applying every event; reports each batch. */
export async function catchUpFromStore(store: EventStore, projection: GoalEventsProjection, onBatch?: (applied: number, position: number) => void): Promise<number> {
  let applied = 0;
  for (;;) {
    const events = await store.readAll({ fromPosition: projection.checkpoint, limit: BATCH });
    if (!events.length) return applied;
    for (const event of events) await projection.apply(event as GoalEventMessage);
    applied += events.length;
    onBatch?.(applied, projection.checkpoint);
  }
}
