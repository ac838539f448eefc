import { METRIC_DATA_POINTS_TOPIC, metricDataPointMessageSchema, MetricDataPointMessage } from '@okr/contracts';
import { openSqlDatabase, SqlClient } from '@okr/event-store';
import { MetricIndexFeed, SqlMetricLedgerReader } from '@okr/metric-ledger';
import { InProcessBus, KafkaBus, MessageBus } from '@okr/message-bus';
import { describeWithDependency, KAFKA, POSTGRES } from '@okr/testing';
import { randomBytes } from 'node:crypto';
import { startIngestionService } from './ingestion-test-service';

const METRIC = 'sales.calls_made';

/**
 * A metric index fed from ingestion's topic by a consumer that loses a third of the messages
 * (a bus that drops, a consumer that crashed before it applied them): the feed reads them from
 * the ledger by position, and holds every fact, in the same numbers the ledger has.
 */
function lossyBusSpecification(name: string, open: () => Promise<{ sql: SqlClient; bus: MessageBus; env: Record<string, string>; close(): Promise<void> }>): void {
  it(`misses no fact whatever the bus loses, on ${name}`, async () => {
    const opened = await open();
    const system = `dialer${randomBytes(4).toString('hex')}`;
    // A source of this run's own, which the CRM's integration token is granted.
    const svc = await startIngestionService({ now: '2027-03-31T18:00:00.000Z', sql: opened.sql, bus: opened.bus, env: { ...opened.env, INTEGRATION_SOURCES: `integration:crm=${system}` } });
    const feed = new MetricIndexFeed({ ledger: new SqlMetricLedgerReader(opened.sql, opened.env.DATABASE_SCHEMA ?? 'ingestion'), repairAfterMs: 200, headCheckEveryMs: 500 });
    await feed.start();
    let seen = 0;
    const consumer = await opened.bus.consume({
      topic: METRIC_DATA_POINTS_TOPIC,
      group: `feed-${system}`,
      schema: metricDataPointMessageSchema,
      handleBatch: async (messages) => {
        // Other runs share a broker's topic: only this run's ledger is ours.
        const ours = messages.map((message) => message.value as MetricDataPointMessage).filter((message) => message.source.system === system);
        feed.apply(ours.filter(() => seen++ % 3 !== 1));
      },
    });
    try {
      await svc.http.put(`/metric-definitions/${METRIC}`).set('Authorization', `Bearer ${svc.admin}`).send({ name: 'Calls made', unit: 'calls' }).expect(200);
      for (let batch = 0; batch < 5; batch++) {
        const rows = Array.from({ length: 60 }, (_, i) => ({ metric: METRIC, subject: { type: 'person', id: `seller-${i % 4}` }, value: batch * 100 + i, occurredAt: '2027-03-31T17:00:00Z', source: { system, recordId: `call-${i}` } }));
        await svc.http.post('/datapoints').set('Authorization', `Bearer ${svc.integration}`).send(rows).expect(200);
      }
      await feed.caughtUp();

      const reader = new SqlMetricLedgerReader(opened.sql, opened.env.DATABASE_SCHEMA ?? 'ingestion');
      const head = await reader.head();
      expect(head).toBe(300);
      expect([feed.index.size, feed.index.watermark]).toEqual([head, head]);
      const everyone = ['seller-0', 'seller-1', 'seller-2', 'seller-3'].map((id) => ({ subject: { type: 'person' as const, id }, from: -Infinity, to: Infinity }));
      // Every record's latest version counts: the last batch's values, 400 + i for call-i.
      expect(feed.index.read({ metric: METRIC, scope: everyone, window: { from: -Infinity, to: Infinity }, aggregation: 'sum', asOf: Infinity, upToPosition: Infinity })).toEqual({
        value: Array.from({ length: 60 }, (_, i) => 400 + i).reduce((a, b) => a + b, 0),
        count: 60,
        people: 4,
      });
    } finally {
      await consumer.stop();
      await feed.stop();
      await svc.close();
      await opened.close();
    }
  });
}

describe('a metric index fed from metrics.datapoints.v1', () => {
  lossyBusSpecification('embedded PGlite and the in-process bus', async () => {
    const sql = await openSqlDatabase({ kind: 'embedded', dataDir: 'memory://' });
    return { sql, bus: new InProcessBus(), env: {}, close: () => sql.close() };
  });

  describeWithDependency('on PostgreSQL', POSTGRES, (url) => {
    describeWithDependency('and Kafka', KAFKA, (brokers) => {
      lossyBusSpecification('PostgreSQL and Kafka', async () => {
        const schema = `ingestion_${randomBytes(6).toString('hex')}`;
        const sql = await openSqlDatabase({ kind: 'postgres', url });
        const bus = new KafkaBus({ brokers: brokers.split(','), clientId: `feed-test-${schema}` });
        return {
          sql,
          bus,
          env: { STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema },
          async close() {
            await bus.close();
            await sql.query(`drop schema if exists ${schema} cascade`);
            await sql.close();
          },
        };
      });
    });
  });
});
