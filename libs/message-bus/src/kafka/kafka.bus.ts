import { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage, logCreator, logLevel, Partitioners, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { busMetrics } from '../bus-metrics';
import { batchSizeOf, handleWithRetries, RawMessage } from '../handle-with-retries';
import { BusConsumer, ConsumeOptions, deadLetterTopic, MessageBus, OutgoingMessage, TopicTail } from '../message-bus.port';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /**
   * Put before every topic name on the cluster (e.g. 'staging.'), so several environments, or
   * test runs, share one cluster without seeing each other's messages. Services keep using the
   * logical names (goals.events.v1).
   */
  topicPrefix?: string;
  /** Partitions of each topic this bus creates (default 6); a topic that exists keeps its own. */
  partitions?: number;
}

/** A consumer's first join meets these while the broker settles; kafkajs retries them by itself. */
const TRANSIENT = /coordinator is not available|leadership election|not the correct controller/i;

const quietTransientErrors: logCreator = () => ({ namespace, log }) => {
  if (TRANSIENT.test(String(log.error ?? ''))) return;
  process.stderr.write(`${JSON.stringify({ level: 'error', logger: 'kafkajs', namespace, ...log })}\n`);
};

/**
 * The bus over Kafka (kafkajs). Offsets are committed only after a message was handled or
 * dead-lettered, so a crash redelivers rather than loses; keys pick the partition, which keeps
 * the order of one aggregate's or subject's messages.
 */
export class KafkaBus implements MessageBus {
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  private readonly knownTopics = new Map<string, Promise<void>>();
  private readonly consumers = new Set<Consumer>();
  private readonly topicPrefix: string;
  private readonly partitions: number;

  constructor(options: KafkaBusOptions) {
    this.topicPrefix = options.topicPrefix ?? '';
    this.partitions = options.partitions ?? 6;
    this.kafka = new Kafka({ clientId: options.clientId, brokers: options.brokers, logLevel: logLevel.ERROR, logCreator: quietTransientErrors });
  }

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (!messages.length) return;
    const clusterTopic = this.topicPrefix + topic;
    await this.ensureTopic(clusterTopic);
    const producer = await this.connectedProducer();
    await producer.send({ topic: clusterTopic, acks: -1, messages: messages.map(({ key, value }) => ({ key, value: JSON.stringify(value) })) });
  }

  /**
   * The last message of every partition, read by a consumer of its own seeking to each one; the
   * partition a key goes to is the producer's (kafkajs's default partitioner: murmur2 of the key, as
   * Java clients do). Takes a group join (seconds): a publisher asks only when it takes over.
   */
  async lastMessages(topic: string): Promise<TopicTail> {
    const clusterTopic = this.topicPrefix + topic;
    await this.ensureTopic(clusterTopic);
    const partitions = await this.topicOffsets(clusterTopic);
    const lastOffsets = new Map(partitions.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, (BigInt(p.high) - 1n).toString()]));
    const last = new Map<number, unknown>();
    if (lastOffsets.size) {
      const consumer = this.kafka.consumer({ groupId: `${this.topicPrefix}publisher-check.${randomUUID()}` });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic: clusterTopic });
        let found!: () => void;
        const allFound = new Promise<void>((resolve) => (found = resolve));
        await consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (lastOffsets.get(partition) !== message.offset) return;
            last.set(partition, this.decode(topic, message).value);
            if (last.size === lastOffsets.size) found();
          },
        });
        for (const [partition, offset] of lastOffsets) consumer.seek({ topic: clusterTopic, partition, offset });
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`could not read the last messages of ${clusterTopic} within 30 s`)), 30_000)));
        await Promise.race([allFound, timeout]).finally(() => clearTimeout(timer));
      } finally {
        await consumer.disconnect();
      }
    }
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = partitions.map((p) => ({ partitionId: p.partition, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] })).sort((a, b) => a.partitionId - b.partitionId);
    return { partitionOf: (key) => partitioner({ topic: clusterTopic, partitionMetadata, message: { key, value: null } }), last };
  }

  /** The topic's offsets; a new topic's partitions may still be electing their leader, which kafkajs reports as retriable. */
  private async topicOffsets(clusterTopic: string) {
    const giveUpAt = Date.now() + 15_000;
    for (;;) {
      try {
        return await (await this.connectedAdmin()).fetchTopicOffsets(clusterTopic);
      } catch (error) {
        if (!(error as { retriable?: boolean }).retriable || Date.now() > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  async consume<S extends z.ZodType>(options: ConsumeOptions<S>): Promise<BusConsumer> {
    const clusterTopic = this.topicPrefix + options.topic;
    await this.ensureTopic(clusterTopic);
    const consumer = this.kafka.consumer({ groupId: options.group, allowAutoTopicCreation: true });
    let stopping = false;
    let inFlight: Promise<void> = Promise.resolve();
    await consumer.connect();
    this.consumers.add(consumer);
    await consumer.subscribe({ topic: clusterTopic, fromBeginning: options.startAt !== 'latest' });
    // A batch at a time, committing once after it: per-message commits cost 15x the throughput.
    // A crash mid-batch redelivers the messages handled since the last commit (at least once).
    const handleBatch = async ({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) => {
      let next: string | undefined;
      const size = batchSizeOf(options as ConsumeOptions);
      for (let from = 0; from < batch.messages.length; from += size) {
        if (!isRunning() || isStale() || stopping) break;
        const slice = batch.messages.slice(from, from + size);
        const deadLetters = await handleWithRetries(options as ConsumeOptions, slice.map((message) => this.decode(options.topic, message)), () => stopping, heartbeat);
        if (deadLetters.length) await this.publish(deadLetterTopic(options.topic), deadLetters.map((letter) => ({ key: letter.key, value: letter })));
        const last = slice[slice.length - 1].offset;
        resolveOffset(last);
        next = (BigInt(last) + 1n).toString();
        await heartbeat();
      }
      if (next) {
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
        busMetrics.lag.set({ topic: options.topic, group: options.group, partition: String(batch.partition) }, Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next))));
      }
    };
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => (inFlight = handleBatch(payload)) });
    return {
      stop: async () => {
        // Let the message (or batch) in hand finish and the batch's offset be committed before leaving the group.
        stopping = true;
        await inFlight.catch(() => undefined);
        await consumer.disconnect();
        this.consumers.delete(consumer);
      },
    };
  }

  async check(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    if (this.producer) await (await this.producer).disconnect();
    if (this.admin) await (await this.admin).disconnect();
  }

  private decode(topic: string, message: KafkaMessage): RawMessage {
    const key = message.key?.toString() ?? '';
    try {
      return { topic, key, value: JSON.parse(message.value?.toString() ?? 'null') };
    } catch {
      return { topic, key, value: message.value?.toString() }; // not JSON: the schema check dead-letters it with the reason
    }
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }

  /** Creates the topic before first use: subscribing to one that is still being auto-created fails. */
  private ensureTopic(topic: string): Promise<void> {
    let ready = this.knownTopics.get(topic);
    if (!ready) {
      ready = this.connectedAdmin().then(async (admin) => {
        if ((await admin.listTopics()).includes(topic)) return;
        try {
          await admin.createTopics({ topics: [{ topic, numPartitions: this.partitions }], waitForLeaders: true });
        } catch (error) {
          // Another client created it a moment earlier: that is what we wanted.
          const alreadyExists = (error as { errors?: { type?: string }[] }).errors?.every((e) => e.type === 'TOPIC_ALREADY_EXISTS');
          if (!alreadyExists) throw error;
        }
      });
      ready.catch(() => this.knownTopics.delete(topic));
      this.knownTopics.set(topic, ready);
    }
    return ready;
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({ allowAutoTopicCreation: true, idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      return producer;
    })();
    return this.producer;
  }
}
