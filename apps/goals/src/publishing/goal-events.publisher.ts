import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { GOAL_EVENTS_TOPIC, GoalEventMessage } from '@okr/contracts';
import { EVENT_STORE, EventStore, EventSubscription } from '@okr/event-store';
import { MESSAGE_BUS, MessageBus } from '@okr/message-bus';

const SUBSCRIPTION_ID = `publisher:${GOAL_EVENTS_TOPIC}`;
const RESTART_DELAY_MS = 1_000;
/** How long a graceful shutdown waits for the last recorded events to reach the bus. */
const DRAIN_TIMEOUT_MS = 5_000;

/**
 * Publishes every recorded event to goals.events.v1 from a subscription to the store, whose
 * checkpoint moves only after the bus accepted the event: the store is the outbox, so an append
 * that succeeded is always published, even after a crash. After a crash the last events may be
 * published again; consumers are idempotent (they skip versions they have seen).
 */
@Injectable()
export class GoalEventsPublisher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(GoalEventsPublisher.name);
  private subscription?: EventSubscription;
  private stopped = false;
  private restart?: NodeJS.Timeout;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  private start(): void {
    this.subscription = this.eventStore.subscribe({
      subscriptionId: SUBSCRIPTION_ID,
      // What was read together goes in one request: one send per event made Kafka the bottleneck.
      handleBatch: async (events) => {
        const messages = events.map((event) => ({ key: event.streamId, value: event satisfies GoalEventMessage }));
        await this.bus.publish(GOAL_EVENTS_TOPIC, messages);
      },
      // The bus is unavailable: resume from the checkpoint a little later, losing nothing.
      onError: (error) => {
        this.logger.error(`publishing to ${GOAL_EVENTS_TOPIC} failed, retrying from the checkpoint: ${(error as Error).message}`);
        if (!this.stopped) this.restart = setTimeout(() => this.start(), RESTART_DELAY_MS);
      },
    });
  }

  /** Resolves once everything recorded so far is on the bus (tests, graceful shutdown). */
  caughtUp(): Promise<void> {
    return this.subscription?.caughtUp() ?? Promise.resolve();
  }

  /**
   * Before the bus and the store close (they close in onApplicationShutdown): publish what was
   * recorded so far, within a bound, so a deploy does not leave consumers waiting for a restart.
   * Anything left behind is still published from the checkpoint on the next start.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restart);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_TIMEOUT_MS)));
    await Promise.race([this.caughtUp().catch(() => undefined), timeout]);
    clearTimeout(timer);
    await this.subscription?.stop();
  }
}
