import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { timed } from './machine';

const SEND_BATCH = 500;

/** A data point's worth of JSON, keyed by person as the platform keys its messages. */
export const benchMessageValue = (n: number) => ({ metricKey: 'sales.closed_won_amount', subject: `person-${n % 50}`, value: n, occurredAt: new Date(Date.UTC(2027, 0, 1, 0, 0, n % 60)).toISOString() });

/**
 * The baseline of every Kafka benchmark: raw kafkajs producing `messages` in sends of 500 to a new
 * topic of 3 partitions and consuming them (JSON parsed) on the same broker. Milliseconds.
 */
export async function rawKafkaProduceAndConsume(brokers: string[], messages: number): Promise<number> {
  const kafka = new Kafka({ brokers, clientId: 'bench-raw', logLevel: logLevel.NOTHING });
  const topic = `bench-raw-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({ eachMessage: async ({ message }) => void (JSON.parse(message.value!.toString()), ++seen === messages && done()) });
  const ms = await timed(async () => {
    for (let start = 0; start < messages; start += SEND_BATCH) {
      const batch = Array.from({ length: Math.min(SEND_BATCH, messages - start) }, (_, i) => ({ key: `person-${(start + i) % 50}`, value: JSON.stringify(benchMessageValue(start + i)) }));
      await producer.send({ topic, acks: -1, messages: batch });
    }
    await all;
  });
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  return ms;
}
