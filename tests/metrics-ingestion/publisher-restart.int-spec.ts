import { METRIC_DATA_POINTS_TOPIC, metricDataPointMessageSchema, MetricDataPointMessage } from '@okr/contracts';
import { openSqlDatabase, SqlClient } from '@okr/event-store';
import { KafkaBus, MessageBus, OutgoingMessage } from '@okr/message-bus';
import { describeWithDependency, KAFKA, POSTGRES } from '@okr/testing';
import { randomUUID } from 'node:crypto';
import { DataPointsPublisher } from '../../apps/metrics-ingestion/src/publishing/data-points.publisher';
import { IngestionTestService, startIngestionService } from './ingestion-test-service';

/**
 * Kafka that takes the first few messages, then is unreachable, part-way through a batch if need
 * be: the process dies before it published the rest.
 */
class BusThatFailsAfter implements MessageBus {
  failures = 0;
  constructor(
    private readonly bus: MessageBus,
    private remaining: number,
  ) {}

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const accepted = messages.slice(0, Math.max(0, this.remaining));
    this.remaining -= accepted.length;
    if (accepted.length) await this.bus.publish(topic, accepted);
    if (accepted.length < messages.length) {
      this.failures += 1;
      throw new Error('broker unreachable');
    }
  }

  consume: MessageBus['consume'] = (options) => this.bus.consume(options);
  lastMessages = (topic: string) => this.bus.lastMessages(topic);
  check = () => this.bus.check();
  close = () => this.bus.close();
}

describeWithDependency('ingestion publisher restart on PostgreSQL', POSTGRES, (databaseUrl) => {
  describeWithDependency('and Kafka', KAFKA, (brokers) => {
    it('publishes, after a restart, every data point committed before the crash once, none lost', async () => {
      const schema = `ingestion_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const system = `crm${randomUUID().replace(/-/g, '').slice(0, 8)}`;
      // The CRM's integration token is granted this run's own source.
      const env = { STORE: 'postgres', DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema, INTEGRATION_SOURCES: `integration:crm=${system}` };
      const kafka = new KafkaBus({ brokers: brokers.split(','), clientId: 'ingestion-restart-test' });
      const consumerBus = new KafkaBus({ brokers: brokers.split(','), clientId: 'goals-restart-test' });
      const received: MetricDataPointMessage[] = [];
      const consumer = await consumerBus.consume({
        topic: METRIC_DATA_POINTS_TOPIC,
        group: `goals-${randomUUID()}`,
        schema: metricDataPointMessageSchema,
        handle: async (message) => void (message.value.source.system === system && received.push(message.value)),
      });
      const sql: SqlClient = await openSqlDatabase({ kind: 'postgres', url: databaseUrl });
      let first: IngestionTestService | undefined;
      let second: IngestionTestService | undefined;
      try {
        const flaky = new BusThatFailsAfter(kafka, 3);
        first = await startIngestionService({ now: '2027-03-31T18:00:00.000Z', bus: flaky, env, sql });
        await first.http.put('/metric-definitions/sales.calls_made').set('Authorization', `Bearer ${first.admin}`).send({ name: 'Calls made', unit: 'calls' }).expect(200);
        const rows = Array.from({ length: 10 }, (_, i) => ({
          metric: 'sales.calls_made',
          subject: { type: 'person', id: `seller-${i % 3}` },
          value: i + 1,
          occurredAt: '2027-03-31T17:00:00Z',
          source: { system, recordId: `call-${i}` },
        }));
        const answer = await first.http.post('/datapoints').set('Authorization', `Bearer ${first.integration}`).send(rows).expect(200);
        expect(answer.body.summary.accepted).toBe(10);
        const deadline = Date.now() + 20_000;
        while (flaky.failures === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(flaky.failures).toBeGreaterThan(0);
        await first.close();
        first = undefined;

        second = await startIngestionService({ now: '2027-03-31T18:05:00.000Z', bus: kafka, env, sql });
        await second.app.get(DataPointsPublisher).caughtUp();
        const expected = rows.map((row) => `${system}:${row.source.recordId}:sales.calls_made@1`);
        const until = Date.now() + 30_000;
        while (new Set(received.map((m) => m.dataPointId)).size < expected.length && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
        expect([...new Set(received.map((m) => m.dataPointId))].sort()).toEqual([...expected].sort());
        // Exactly once: the new publisher finds on the topic what its predecessor sent of the batch in flight at the crash.
        expect(received.length).toBe(expected.length);
      } finally {
        await first?.close();
        await second?.close();
        await consumer.stop();
        await sql.query(`drop schema if exists ${schema} cascade`);
        await sql.close();
        await kafka.close();
        await consumerBus.close();
      }
    });
  });
});
