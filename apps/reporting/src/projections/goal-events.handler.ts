import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { GOAL_EVENTS_TOPIC, GoalEventMessage } from '@okr/contracts';
import { GoalEventsProjection } from './goal-events.projection';

/** Consumes goals.events.v1 (on the in-process bus or Kafka, through BusTransport). */
@Controller()
export class GoalEventsHandler {
  constructor(private readonly projection: GoalEventsProjection) {}

  @EventPattern(GOAL_EVENTS_TOPIC)
  async onGoalEvent(@Payload() event: GoalEventMessage): Promise<void> {
    await this.projection.apply(event);
  }
}
