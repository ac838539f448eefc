import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { GOAL_EVENTS_TOPIC, GoalEventMessage } from '@okr/contracts';
import { BusPatternExtras } from '@okr/message-bus';
import { GoalEventsProjection } from './goal-events.projection';

/** Events a call: each call costs one durable write and one checkpoint, however many it holds. */
const EVENTS_PER_BATCH = 1_000;

/** Consumes goals.events.v1 in batches (on the in-process bus or Kafka, through BusTransport). */
@Controller()
export class GoalEventsHandler {
  constructor(private readonly projection: GoalEventsProjection) {}

  @EventPattern(GOAL_EVENTS_TOPIC, { batch: { maxSize: EVENTS_PER_BATCH } } satisfies BusPatternExtras)
  async onGoalEvents(@Payload() events: GoalEventMessage[]): Promise<void> {
    await this.projection.applyBatch(events);
  }
}
