import { Inject, Injectable } from '@nestjs/common';
import { GoalEventMessage } from '@okr/contracts';
import { READ_STORE, ReadStore } from '@okr/read-store';
import { GoalHistories } from '../history/goal-histories';
import { streamKindOf } from '../history/goal-stream';
import { GOAL_EVENTS_COLLECTION, StoredGoalEvent, storedGoalEventOf } from '../history/stored-goal-event';

/** The read store's checkpoint of this projection: the highest global position applied. */
export const GOAL_EVENTS_PROJECTION = 'goal-events';

/**
 * Keeps the read model of every goal event: each event is stored durably in the read store (one
 * document per stream version, so a redelivered or late event changes nothing) before it joins
 * the in-memory histories, so the bus may commit its offset as soon as apply resolves.
 * Events of streams reporting does not know are ignored, not refused.
 */
@Injectable()
export class GoalEventsProjection {
  private position = 0;

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly histories: GoalHistories,
  ) {}

  get checkpoint(): number {
    return this.position;
  }

  /** Fills the in-memory histories from the read store: what a restart does instead of replaying the log. */
  async load(): Promise<void> {
    const events = await this.readStore.collection<StoredGoalEvent>(GOAL_EVENTS_COLLECTION).find({}, { sort: { globalPosition: 1 } });
    for (const event of events) this.histories.add(event);
    this.position = Number((await this.readStore.loadCheckpoint(GOAL_EVENTS_PROJECTION)) ?? 0);
  }

  async apply(message: GoalEventMessage): Promise<void> {
    await this.applyBatch([message]);
  }

  /** Applies events in order, then moves the checkpoint once: what catch-up and rebuilds use. */
  async applyBatch(messages: GoalEventMessage[]): Promise<void> {
    const stored = messages.filter((message) => streamKindOf(message.streamId) !== null).map(storedGoalEventOf);
    // Durable first (one journal append or bulk write per batch), then in memory.
    await this.readStore.collection<StoredGoalEvent>(GOAL_EVENTS_COLLECTION).upsertMany(stored);
    for (const event of stored) this.histories.add(event);
    const highest = messages.reduce((max, message) => Math.max(max, message.globalPosition), this.position);
    // Safe even when the bus delivers out of global order: whatever it has not delivered yet it still will.
    if (highest > this.position) {
      this.position = highest;
      await this.readStore.saveCheckpoint(GOAL_EVENTS_PROJECTION, String(this.position));
    }
  }

  /** Empties the projection and its checkpoint: the first step of a rebuild. */
  async clear(): Promise<void> {
    await this.readStore.collection(GOAL_EVENTS_COLLECTION).clear();
    await this.readStore.saveCheckpoint(GOAL_EVENTS_PROJECTION, '0');
    this.position = 0;
  }
}
