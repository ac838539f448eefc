import { RecordedEvent } from '@okr/contracts';
import type { EventSubscription, SubscribeOptions } from '@okr/event-store';
import { z } from 'zod';
import { busMetrics } from '../bus-metrics';
import { DeadLetter, deadLetterTopic, MessageBus, OutgoingMessage, TopicTail } from '../message-bus.port';

export interface OutboxRelayOptions {
  bus: MessageBus;
  topic: string;
  /** The stored checkpoint's name: one per published log. */
  subscriptionId: string;
  /** Opens a checkpointed subscription to the log that is the outbox (an event store, ingestion's data points). */
  subscribe(options: SubscribeOptions): EventSubscription;
  toMessage(event: RecordedEvent): OutgoingMessage;
  /**
   * The topic's versioned contract, checked before publishing as consumers check it after: a
   * message that breaks it goes to the dead-letter topic with the reason instead of the topic,
   * and the relay moves on (it would fail the same way on every retry).
   */
  contract: z.ZodType;
  onFailure?(error: unknown): void;
  /** Wait before resuming from the checkpoint after the bus failed (default 1 s). */
  restartDelayMs?: number;
}

/** How long a graceful stop waits, at most, for the last recorded entries to reach the bus. */
const DRAIN_TIMEOUT_MS = 5_000;

/**
 * Publishes a log to a topic from an exclusive subscription (one instance publishes, the others
 * stand by to take over) whose checkpoint moves only after the bus accepted what was read: the log
 * is the outbox, so whatever committed is published, even after a crash. When the bus fails it
 * resumes from the checkpoint a little later, losing nothing. Each start (after a failure, or in the
 * instance that takes the log over) leaves out what was sent after the last checkpoint
 * (notYetPublished), so each entry goes out once.
 */
export class OutboxRelay {
  private subscription?: EventSubscription;
  private stopped = false;
  private restart?: NodeJS.Timeout;
  /** The topic's last messages, read when this relay took the log over: its first batch may have been sent already. */
  private tail?: TopicTail;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    const { subscriptionId, toMessage } = this.options;
    this.stopped = false;
    this.subscription = this.options.subscribe({
      subscriptionId,
      // One relay per log at a time, whatever the number of instances: the others stand by.
      exclusive: true,
      onHandlingStarts: async () => void (this.tail = await this.options.bus.lastMessages(this.options.topic)),
      // What was read together goes in one request: one send per entry made Kafka the bottleneck.
      handleBatch: (events) => this.publish(events.map(toMessage)),
      onError: (error) => {
        this.options.onFailure?.(error);
        if (!this.stopped) this.restart = setTimeout(() => this.start(), this.options.restartDelayMs ?? 1_000);
      },
    });
  }

  private async publish(read: OutgoingMessage[]): Promise<void> {
    const { bus, topic, contract } = this.options;
    const messages = this.tail ? notYetPublished(read, this.tail) : read;
    this.tail = undefined;
    const valid: OutgoingMessage[] = [];
    const deadLetters: OutgoingMessage[] = [];
    for (const message of messages) {
      const checked = contract.safeParse(message.value);
      if (checked.success) {
        valid.push(message);
        continue;
      }
      const deadLetter: DeadLetter = { topic, ...message, reason: `breaks the ${topic} contract: ${z.prettifyError(checked.error)}`, attempts: 0, deadLetteredAt: new Date().toISOString(), handler: this.options.subscriptionId };
      deadLetters.push({ key: message.key, value: deadLetter });
      busMetrics.deadLetters.inc({ topic, group: 'publisher' });
    }
    await bus.publish(topic, valid);
    await bus.publish(deadLetterTopic(topic), deadLetters);
  }

  /** Resolves once everything recorded so far is on the bus. */
  caughtUp(): Promise<void> {
    return this.subscription?.caughtUp() ?? Promise.resolve();
  }

  /** Publishes what was recorded so far (within a bound), then stops; the rest goes from the checkpoint on the next start. */
  async stop(drainTimeoutMs = DRAIN_TIMEOUT_MS): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restart);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, drainTimeoutMs)));
    await Promise.race([this.caughtUp().catch(() => undefined), timeout]);
    clearTimeout(timer);
    await this.subscription?.stop();
  }
}

/**
 * What of a relay's first batch after taking over is not on the topic yet. The one before it
 * published this batch's messages in order, each partition a prefix of them, then died before its
 * checkpoint: a partition whose last message is one of the batch has everything up to it. A last
 * message that is not in the batch (older, or another log's) says nothing.
 */
export function notYetPublished(messages: OutgoingMessage[], tail: TopicTail): OutgoingMessage[] {
  const last = new Map([...tail.last].map(([partition, value]) => [partition, JSON.stringify(value)]));
  const publishedUpTo = new Map<number, number>();
  messages.forEach((message, index) => {
    const partition = tail.partitionOf(message.key);
    if (last.get(partition) === JSON.stringify(message.value)) publishedUpTo.set(partition, index);
  });
  return messages.filter((message, index) => index > (publishedUpTo.get(tail.partitionOf(message.key)) ?? -1));
}
