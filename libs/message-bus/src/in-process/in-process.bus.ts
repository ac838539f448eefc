import { z } from 'zod';
import { busMetrics } from '../bus-metrics';
import { batchSizeOf, handleWithRetries } from '../handle-with-retries';
import { BusConsumer, ConsumeOptions, deadLetterTopic, MessageBus, OutgoingMessage } from '../message-bus.port';

interface StoredMessage {
  key: string;
  value: unknown;
}

/**
 * The bus of the all-in-one process: each topic is a log in memory, each consumer group keeps
 * an offset, so delivery, ordering, retries and dead letters behave as on Kafka (one partition).
 */
export class InProcessBus implements MessageBus {
  private readonly topics = new Map<string, StoredMessage[]>();
  private readonly offsets = new Map<string, number>();
  private readonly consumers = new Set<InProcessConsumer>();

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    // Values travel as JSON, as they would over the wire, so no handler shares an object with a publisher.
    this.log(topic).push(...messages.map(({ key, value }) => ({ key, value: JSON.parse(JSON.stringify(value)) })));
    for (const consumer of this.consumers) if (consumer.topic === topic) consumer.wake();
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

  /** What a topic holds (dead-letter topics included): for tests and the health of the all-in-one mode. */
  messages(topic: string): readonly StoredMessage[] {
    return this.log(topic);
  }

  log(topic: string): StoredMessage[] {
    let log = this.topics.get(topic);
    if (!log) this.topics.set(topic, (log = []));
    return log;
  }

  offset(group: string, topic: string): number {
    return this.offsets.get(`${group}\u0000${topic}`) ?? 0;
  }

  /** Whether the group has consumed the topic before (a new group starts where its options say). */
  hasOffset(group: string, topic: string): boolean {
    return this.offsets.has(`${group}\u0000${topic}`);
  }

  commit(group: string, topic: string, offset: number): void {
    this.offsets.set(`${group}\u0000${topic}`, offset);
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

  start(): void {
    const { topic, group, startAt } = this.options;
    if (startAt === 'latest' && !this.bus.hasOffset(group, topic)) this.bus.commit(group, topic, this.bus.log(topic).length);
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
      const offset = this.bus.offset(group, topic);
      const messages = this.bus.log(topic).slice(offset, offset + batchSizeOf(this.options));
      if (!messages.length) {
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
        continue;
      }
      const deadLetters = await handleWithRetries(this.options, messages.map((message) => ({ topic, ...message })), () => !this.running);
      if (deadLetters.length) await this.bus.publish(deadLetterTopic(topic), deadLetters.map((letter) => ({ key: letter.key, value: letter })));
      const next = offset + messages.length;
      this.bus.commit(group, topic, next);
      busMetrics.lag.set({ topic, group, partition: '0' }, this.bus.log(topic).length - next);
    }
  }
}
