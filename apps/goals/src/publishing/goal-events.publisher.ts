import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { GOAL_EVENTS_TOPIC, goalEventKeyOf, GoalEventMessage, goalEventMessageSchema } from '@okr/contracts';
import { EVENT_STORE, EventStore } from '@okr/event-store';
import { MESSAGE_BUS, MessageBus, OutboxRelay } from '@okr/message-bus';

/**
 * Publishes every recorded event to goals.events.v1, keyed by goalEventKeyOf (its stream, or for a
 * key result's values the key result: a busy objective is no hot partition), with the event store
 * as the outbox: an append that succeeded is always published.
 */
@Injectable()
export class GoalEventsPublisher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(GoalEventsPublisher.name);
  private readonly relay: OutboxRelay;

  constructor(@Inject(EVENT_STORE) eventStore: EventStore, @Inject(MESSAGE_BUS) bus: MessageBus) {
    this.relay = new OutboxRelay({
      bus,
      topic: GOAL_EVENTS_TOPIC,
      subscriptionId: `publisher:${GOAL_EVENTS_TOPIC}`,
      subscribe: (options) => eventStore.subscribe(options),
      contract: goalEventMessageSchema,
      toMessage: (event) => ({ key: goalEventKeyOf(event), value: event satisfies GoalEventMessage }),
      onFailure: (error) => this.logger.error(`publishing to ${GOAL_EVENTS_TOPIC} failed, retrying from the checkpoint: ${(error as Error).message}`),
    });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** Resolves once everything recorded so far is on the bus (tests, benchmarks). */
  caughtUp(): Promise<void> {
    return this.relay.caughtUp();
  }

  /** Before the bus and the store close (in onApplicationShutdown): a deploy leaves no consumer waiting. */
  beforeApplicationShutdown(): Promise<void> {
    return this.relay.stop();
  }
}
