import { Inject, Injectable, Optional } from '@nestjs/common';
import { GoalEventMessage } from '@okr/contracts';
import { READ_STORE, ReadStore } from '@okr/read-store';
import { GoalHistories } from '../history/goal-histories';
import { streamKindOf } from '../history/goal-stream';
import { GOAL_EVENTS_COLLECTION, StoredGoalEvent, storedGoalEventOf } from '../history/stored-goal-event';
import { GoalEventsFollower } from './goal-events-follower';
import { GOAL_EVENTS_SEQUENCE, WRITE_DEADLINE_MS } from './shared-goal-events';

/**
 * The read store's checkpoint of this projection: the highest global position applied, where a
 * start-up catch-up from the goals event store begins (on a shared store, what lies below it and is
 * not stored yet is still uncommitted in the group, which delivers it).
 */
export const GOAL_EVENTS_PROJECTION = 'goal-events';

/**
 * Keeps the read model of every goal event: each event is stored durably in the read store (one
 * document per stream version, so a redelivered or late event changes nothing) before it joins
 * the in-memory histories, so the bus may commit its offset as soon as apply resolves.
 * Events of streams reporting does not know are ignored, not refused. On a read store shared by
 * instances, each write is numbered and the other instances follow it (GoalEventsFollower).
 */
@Injectable()
export class GoalEventsProjection {
  private position = 0;

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly histories: GoalHistories,
    /** Only on a read store shared by instances. */
    @Optional() private readonly follower?: GoalEventsFollower,
  ) {}

  get checkpoint(): number {
    return this.position;
  }

  /** Fills the in-memory histories from the read store: what a restart does instead of replaying the log. */
  async load(): Promise<void> {
    if (this.follower) await this.follower.start();
    else for (const event of await this.events().find({}, { sort: { globalPosition: 1 } })) this.histories.add(event);
    this.position = Number((await this.readStore.loadCheckpoint(GOAL_EVENTS_PROJECTION)) ?? 0);
  }

  async apply(message: GoalEventMessage): Promise<void> {
    await this.applyBatch([message]);
  }

  /** Applies events in order, then moves the checkpoint once: what catch-up and rebuilds use. */
  async applyBatch(messages: GoalEventMessage[]): Promise<void> {
    const stored = messages.filter((message) => streamKindOf(message.streamId) !== null).map(storedGoalEventOf);
    // Durable first (one journal append or bulk write per batch), then in memory.
    if (this.follower) await this.writeNumbered(stored);
    else await this.events().upsertMany(stored);
    for (const event of stored) this.histories.add(event);
    const highest = messages.reduce((max, message) => Math.max(max, message.globalPosition), this.position);
    // Safe even when the bus delivers out of global order: whatever it has not delivered yet it still will.
    if (highest > this.position) {
      this.position = highest;
      await this.readStore.saveCheckpoint(GOAL_EVENTS_PROJECTION, String(this.position));
    }
  }

  /** Under fresh numbers of the shared sequence; again under newer ones if the write was too slow for followers to wait for. */
  private async writeNumbered(events: StoredGoalEvent[]): Promise<void> {
    if (!events.length) return;
    for (;;) {
      const started = performance.now();
      const first = await this.readStore.reserveSequence(GOAL_EVENTS_SEQUENCE, events.length);
      await this.events().upsertMany(events.map((event, n) => ({ ...event, sequence: first + n })));
      if (performance.now() - started <= WRITE_DEADLINE_MS) return;
    }
  }

  private events() {
    return this.readStore.collection<StoredGoalEvent>(GOAL_EVENTS_COLLECTION);
  }

  /** Empties the projection and its checkpoint: the first step of a rebuild. */
  async clear(): Promise<void> {
    await this.events().clear();
    await this.readStore.saveCheckpoint(GOAL_EVENTS_PROJECTION, '0');
    this.position = 0;
  }
}
