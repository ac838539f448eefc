/**
 * Produce-and-consume throughput on a real broker: raw kafkajs against the platform's bus port
 * (validation, acknowledgement after handling), same volume, same broker, same run.
 * `KAFKA_BROKERS=127.0.0.1:9092 npm run bench -- message-bus`
 */
import { KafkaBus } from '@okr/message-bus';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { machine, rate, timed } from '../machine';
import { benchMessageValue as value, rawKafkaProduceAndConsume } from '../raw-kafka';

const MESSAGES = 20_000;
const BATCH = 500;
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

const schema = z.object({ metricKey: z.string(), subject: z.string(), value: z.number(), occurredAt: z.string() });

async function throughBus(): Promise<number> {
  const bus = new KafkaBus({ brokers, clientId: 'bench-bus' });
  const topic = `bench-bus-${randomUUID()}`;
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const consumer = await bus.consume({ topic, group: `bench-bus-${randomUUID()}`, schema, handle: async () => void (++seen === MESSAGES && done()) });
  const ms = await timed(async () => {
    for (let start = 0; start < MESSAGES; start += BATCH) {
      await bus.publish(topic, Array.from({ length: BATCH }, (_, i) => ({ key: `person-${(start + i) % 50}`, value: value(start + i) })));
    }
    await all;
  });
  await consumer.stop();
  await bus.close();
  return ms;
}

async function main() {
  if (!brokers.length) {
    console.log('message-bus benchmark skipped: set KAFKA_BROKERS (tools/kafka/kafka.sh start)');
    return;
  }
  const rawMs = await rawKafkaProduceAndConsume(brokers, MESSAGES);
  const busMs = await throughBus();
  console.log(
    [
      `Kafka produce and consume, ${MESSAGES.toLocaleString('en')} messages in batches of ${BATCH}, on ${machine()}`,
      '',
      '| path | messages/s | ratio to raw |',
      '| --- | ---: | ---: |',
      `| raw kafkajs (auto-commit) | ${rate(MESSAGES, rawMs).toLocaleString('en')} | 100 % |`,
      `| platform bus (validated, committed after handling) | ${rate(MESSAGES, busMs).toLocaleString('en')} | ${Math.round((rawMs / busMs) * 100)} % |`,
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
