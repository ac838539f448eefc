import { z } from 'zod';
import { busMetrics } from '../bus-metrics';
import { batchSizeOf, handleWithRetries } from '../handle-with-retries';
import { BusConsumer, ConsumeOptions, deadLetterTopic, MessageBus, OutgoingMessage, TopicTail } from '../message-bus.port';

interface StoredMessage {
  key: string;
  value: unknown;
}

/** A topic's log: the messages from offset `base` on (those every consumer has passed are dropped). */
interface TopicLog {
  base: number;
  messages: StoredMessage[];
}

/** Messages every consumer of a topic has passed are dropped once this many have piled up. */
const DROP_AFTER = 10_000;

/**
 * The bus of the all-in-one process: each topic is a log in memory, each consumer group keeps
 * an offset, so delivery, ordering, retries and dead letters behave as on Kafka (one partition).
 * A topic keeps only what one of its running consumers has still to read, as a retention limit
 * would: a million data points through the platform would otherwise all stay in memory. A topic
 * nobody consumes (a dead-letter topic) keeps everything.
 */
export class InProcessBus implements MessageBus {
  private readonly topics = new Map<string, TopicLog>();
  private readonly offsets = new Map<string, number>();
  private readonly consumers = new Set<InProcessConsumer>();

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    // Values travel as JSON, as they would over the wire, so no handler shares an object with a publisher.
    this.log(topic).messages.push(...messages.map(({ key, value }) => ({ key, value: JSON.parse(JSON.stringify(value)) })));
    for (const consumer of this.consumers) if (consumer.topic === topic) consumer.wake();
  }

  /** A topic here is one log in publishing order: one partition. */
  async lastMessages(topic: string): Promise<TopicTail> {
    const { messages } = this.log(topic);
    return { partitionOf: () => 0, last: new Map(messages.length ? [[0, messages[messages.length - 1].value]] : []) };
  }

  async consume<S extends z.ZodType>(options: ConsumeOptions<S>): Promise<BusConsumer> {
    const consumer = new InProcessConsumer(this, options as ConsumeOptions);
    this.consumers.add(consumer);
    consumer.start();
    return { stop: async () => { await consumer.stop(); this.consumers.delete(consumer); } };
  }

  async check(): Promise<void> {
    // In the same process: it answers whenever the process does.
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    this.consumers.clear();
  }

  /** What a topic still holds (dead-letter topics keep everything): for tests and the health of the all-in-one mode. */
  messages(topic: string): readonly StoredMessage[] {
    return this.log(topic).messages;
  }

  /** The offset after the topic's last message. */
  end(topic: string): number {
    const log = this.log(topic);
    return log.base + log.messages.length;
  }

  /** At most `limit` messages from `offset` on (a group behind the oldest kept reads from there). */
  read(topic: string, offset: number, limit: number): { offset: number; messages: StoredMessage[] } {
    const log = this.log(topic);
    const from = Math.max(offset, log.base);
    return { offset: from, messages: log.messages.slice(from - log.base, from - log.base + limit) };
  }

  /** The group's next offset; a group new to the topic starts at the oldest message kept. */
  offset(group: string, topic: string): number {
    return this.offsets.get(`${group}\u0000${topic}`) ?? this.log(topic).base;
  }

  /** Whether the group has consumed the topic before (a new group starts where its options say). */
  hasOffset(group: string, topic: string): boolean {
    return this.offsets.has(`${group}\u0000${topic}`);
  }

  commit(group: string, topic: string, offset: number): void {
    this.offsets.set(`${group}\u0000${topic}`, offset);
    this.dropPassed(topic);
  }

  private log(topic: string): TopicLog {
    let log = this.topics.get(topic);
    if (!log) this.topics.set(topic, (log = { base: 0, messages: [] }));
    return log;
  }

  /** Drops what every running consumer of the topic has passed, in chunks so the array is not spliced per batch. */
  private dropPassed(topic: string): void {
    const readers = [...this.consumers].filter((consumer) => consumer.topic === topic);
    if (!readers.length) return;
    const log = this.log(topic);
    const passed = Math.min(...readers.map((consumer) => this.offset(consumer.group, topic))) - log.base;
    if (passed < DROP_AFTER) return;
    log.messages.splice(0, passed);
    log.base += passed;
  }
}

class InProcessConsumer {
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;

  constructor(
    private readonly bus: InProcessBus,
    private readonly options: ConsumeOptions,
  ) {}

  get topic(): string {
    return this.options.topic;
  }

  get group(): string {
    return this.options.group;
  }

  start(): void {
    const { topic, group, startAt } = this.options;
    if (startAt === 'latest' && !this.bus.hasOffset(group, topic)) this.bus.commit(group, topic, this.bus.end(topic));
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { topic, group } = this.options;
    while (this.running) {
      const { offset, messages } = this.bus.read(topic, this.bus.offset(group, topic), batchSizeOf(this.options));
      if (!messages.length) {
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
        continue;
      }
      const deadLetters = await handleWithRetries(this.options, messages.map((message) => ({ topic, ...message })), () => !this.running);
      if (deadLetters.length) await this.bus.publish(deadLetterTopic(topic), deadLetters.map((letter) => ({ key: letter.key, value: letter })));
      const next = offset + messages.length;
      this.bus.commit(group, topic, next);
      busMetrics.lag.set({ topic, group, partition: '0' }, this.bus.end(topic) - next);
    }
  }
}
