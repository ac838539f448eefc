import { z } from 'zod';

export const MESSAGE_BUS = Symbol('MESSAGE_BUS');

export interface OutgoingMessage {
  /** Messages with the same key keep their order (one aggregate, one subject). */
  key: string;
  value: unknown;
}

export interface IncomingMessage<T = unknown> {
  topic: string;
  key: string;
  value: T;
  /** Which delivery this is: 1, then 2... when the handler failed before. */
  attempt: number;
}

interface ConsumeSettings<S extends z.ZodType> {
  topic: string;
  /** Consumers of one group share the work; each group sees every message. */
  group: string;
  /** Messages that do not match go to the dead-letter topic with the reason, and the consumer moves on. */
  schema: S;
  /** Deliveries before a failing message is dead-lettered (default 5). */
  maxAttempts?: number;
  /** First retry delay, doubled each time (default 100 ms). */
  retryDelayMs?: number;
  /**
   * Where a group without committed offsets starts: the whole retained topic (default), or only
   * what is published from now on (a consumer that catches up from the source of truth itself).
   */
  startAt?: 'earliest' | 'latest';
}

/** One message at a time. */
export interface ConsumeOneByOne<S extends z.ZodType = z.ZodType> extends ConsumeSettings<S> {
  handle(message: IncomingMessage<z.infer<S>>): Promise<void>;
  handleBatch?: never;
}

/**
 * Messages in batches (in their order, so one key's order holds), for handlers whose cost is per
 * call rather than per message. The batch is acknowledged after the handler resolved. A batch that
 * keeps failing is split until the message(s) at fault are dead-lettered alone and the others handled.
 */
export interface ConsumeInBatches<S extends z.ZodType = z.ZodType> extends ConsumeSettings<S> {
  handleBatch(messages: IncomingMessage<z.infer<S>>[]): Promise<void>;
  /** At most this many messages a call (default 500); fewer when fewer are waiting. */
  maxBatchSize?: number;
  handle?: never;
}

export type ConsumeOptions<S extends z.ZodType = z.ZodType> = ConsumeOneByOne<S> | ConsumeInBatches<S>;

export interface BusConsumer {
  stop(): Promise<void>;
}

/** What a dead-letter topic holds: the original message and why it could not be handled. */
export interface DeadLetter {
  topic: string;
  key: string;
  value: unknown;
  reason: string;
  attempts: number;
  deadLetteredAt: string;
  /** Who gave up on it: the consumer group whose handler failed, or the publisher. */
  handler?: string;
  /** The handler's last error, as thrown; absent for a message that broke its contract. */
  error?: { class: string; message: string };
}

export const deadLetterTopic = (topic: string) => `${topic}.dead-letter`;

/** The last message of each partition of a topic: see MessageBus.lastMessages. */
export interface TopicTail {
  /** The partition a message with this key goes to. */
  partitionOf(key: string): number;
  /** By partition, the value of its last message (partitions without one are absent). */
  last: ReadonlyMap<number, unknown>;
}

/**
 * Messages between services, at least once: a message is acknowledged only after its handler
 * succeeded; a handler that keeps failing is retried with backoff, then dead-lettered so it never
 * blocks the messages behind it. Handlers must therefore be idempotent.
 * Adapters: in-process (all-in-one mode) and Kafka; each passes the contract suite in libs/testing.
 */
export interface MessageBus {
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  /**
   * Read from the topic itself: the last message of each partition. A publisher that takes over a
   * log looks for them in what it is about to send, so the batch its predecessor sent before dying,
   * after its last checkpoint, does not go out twice.
   */
  lastMessages(topic: string): Promise<TopicTail>;
  consume<S extends z.ZodType>(options: ConsumeOptions<S>): Promise<BusConsumer>;
  /** Resolves when the bus answers (readiness); rejects with the reason otherwise. */
  check(): Promise<void>;
  close(): Promise<void>;
}
