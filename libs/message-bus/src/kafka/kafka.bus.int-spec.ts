import { deadLetterTopic } from '@okr/message-bus';
import { describeWithDependency, KAFKA, messageBusContract } from '@okr/testing';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { KafkaBus } from './kafka.bus';

describeWithDependency('Kafka message bus', KAFKA, (brokers) => {
  messageBusContract('Kafka', async () => new KafkaBus({ brokers: brokers.split(','), clientId: 'contract-suite' }));
  messageBusContract('Kafka with a topic prefix', async () => new KafkaBus({ brokers: brokers.split(','), clientId: 'contract-suite', topicPrefix: `env-${randomUUID()}.` }));

  it("keeps an environment's messages, dead letters included, under its prefix", async () => {
    const prefix = `staging-${randomUUID()}.`;
    const staging = new KafkaBus({ brokers: brokers.split(','), clientId: 'prefix-test', topicPrefix: prefix });
    const plain = new KafkaBus({ brokers: brokers.split(','), clientId: 'prefix-test' });
    try {
      const seen: { topic: string; value: unknown }[] = [];
      const consumer = await staging.consume({ topic: 'orders.v1', group: `g-${randomUUID()}`, schema: z.object({ n: z.number() }), maxAttempts: 1, handle: async () => {} });
      const onCluster = await plain.consume({ topic: deadLetterTopic(`${prefix}orders.v1`), group: `g-${randomUUID()}`, schema: z.unknown(), handle: async (m) => void seen.push(m) });
      await staging.publish('orders.v1', [{ key: 'k', value: { n: 'not a number' } }]);
      const deadline = Date.now() + 30_000;
      while (!seen.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await consumer.stop();
      await onCluster.stop();
      expect(seen[0]?.value).toMatchObject({ topic: 'orders.v1', reason: expect.stringContaining('invalid message') });
    } finally {
      await staging.close();
      await plain.close();
    }
  });

  it('creates a topic with the partitions it was given', async () => {
    const topic = `partitioned-${randomUUID()}.v1`;
    const bus = new KafkaBus({ brokers: brokers.split(','), clientId: 'partitions-test', partitions: 4 });
    const admin = new Kafka({ clientId: 'partitions-test', brokers: brokers.split(',') }).admin();
    try {
      await bus.publish(topic, [{ key: 'k', value: { n: 1 } }]);
      await admin.connect();
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0].partitions).toHaveLength(4);
    } finally {
      await admin.disconnect();
      await bus.close();
    }
  });
});
