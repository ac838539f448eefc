import { MetricDataPointMessage, RecordedEvent } from '@okr/contracts';
import { openSqlDatabase, SqlClient, verifyChain } from '@okr/event-store';
import { eventOfRow, factOf, messageOfRow, SqlMetricLedgerReader } from '@okr/metric-ledger';
import { describeWithDependency, POSTGRES } from '@okr/testing';
import { randomBytes } from 'node:crypto';
import { IngestionTestService, startIngestionService } from './ingestion-test-service';

const METRIC = 'sales.calls_made';
const T0 = Date.parse('2027-03-31T18:00:00.000Z');

/** What ingestion writes to the metric ledger and publishes, on each database it runs on. */
function ledgerPositionsSpecification(name: string, open: () => Promise<{ sql: SqlClient; env: Record<string, string>; close(): Promise<void> }>): void {
  describe(`the metric ledger ingestion writes, on ${name}`, () => {
    let opened: Awaited<ReturnType<typeof open>>;
    let svc: IngestionTestService;
    let reader: SqlMetricLedgerReader;
    beforeAll(async () => {
      opened = await open();
      // The CRM's integration token also writes the dialer's records.
      svc = await startIngestionService({ now: new Date(T0).toISOString(), sql: opened.sql, env: { ...opened.env, INTEGRATION_SOURCES: 'integration:crm=dialer' } });
      reader = new SqlMetricLedgerReader(opened.sql, opened.env.DATABASE_SCHEMA ?? 'ingestion');
      await svc.http.put(`/metric-definitions/${METRIC}`).set('Authorization', `Bearer ${svc.admin}`).send({ name: 'Calls made', unit: 'calls' }).expect(200);
    });
    afterAll(async () => {
      await svc?.close();
      await opened?.close();
    });

    it('gives concurrent batches over the same records dense positions in commit order, and publishes each data point with its position', async () => {
      const writers = 4;
      const rounds = 3;
      const records = Array.from({ length: 30 }, (_, i) => `call-${i}`);
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let round = 0; round < rounds; round++) {
            // Each writer's batch changes every record (another value than any other writer's), so
            // on PostgreSQL writers decide on the same heads and the losers are retried. The clock wanders.
            svc.clock.set(new Date(T0 + ((writer * 7 + round * 3) % 5) * 1_000).toISOString());
            const rows = records.map((recordId, i) => ({ metric: METRIC, subject: { type: 'person', id: `seller-${(i + writer) % 3}` }, value: writer * 1_000 + round * 100 + i, occurredAt: '2027-03-31T17:00:00Z', source: { system: 'dialer', recordId } }));
            const answer = await svc.http.post('/datapoints').set('Authorization', `Bearer ${svc.integration}`).send(rows).expect(200);
            expect(answer.body.summary.rejected).toBe(0);
          }
        }),
      );

      const head = await reader.head();
      const facts = await reader.readAfter(0, 100_000);
      expect(facts.map((fact) => fact.position)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      for (let i = 1; i < facts.length; i++) expect(facts[i].recordedAt).toBeGreaterThanOrEqual(facts[i - 1].recordedAt);
      const chains = new Map<string, RecordedEvent<string, MetricDataPointMessage>[]>();
      for (const event of (await reader.readRowsAfter(0, 100_000)).map(eventOfRow)) chains.set(event.streamId, [...(chains.get(event.streamId) ?? []), event]);
      expect(chains.size).toBe(records.length);
      for (const chain of chains.values()) {
        expect(chain.map((event) => event.streamVersion)).toEqual(chain.map((_, i) => i + 1));
        expect(verifyChain(chain)).toEqual({ ok: true, verified: chain.length });
      }

      // Published: every ledger row exactly once in effect, as the row reads, with its position.
      const published = new Map((await svc.published()).map((message) => [message.position, message]));
      const rows = await reader.readRowsAfter(0, 100_000);
      expect([...published.values()].sort((a, b) => a.position - b.position)).toEqual(rows.map(messageOfRow));
      expect([...published.values()].sort((a, b) => a.position - b.position).map(factOf)).toEqual(facts);
    });

    it('never lets receivedAt go back, even when the clock does', async () => {
      const post = (recordId: string) =>
        svc.http.post('/datapoints').set('Authorization', `Bearer ${svc.integration}`).send([{ metric: METRIC, subject: { type: 'unit', id: 'emea' }, value: 1, occurredAt: '2027-03-31T17:00:00Z', source: { system: 'dialer', recordId } }]).expect(200);
      svc.clock.set('2027-04-02T08:00:00.000Z');
      await post('late-1');
      svc.clock.set('2027-04-01T08:00:00.000Z'); // an instance whose clock is a day behind
      await post('late-2');
      const published = await svc.published();
      const receivedAt = (recordId: string) => published.find((message) => message.source.recordId === recordId)!.receivedAt;
      expect([receivedAt('late-1'), receivedAt('late-2')]).toEqual(['2027-04-02T08:00:00.000Z', '2027-04-02T08:00:00.000Z']);
    });
  });
}

ledgerPositionsSpecification('embedded PGlite', async () => {
  const sql = await openSqlDatabase({ kind: 'embedded', dataDir: 'memory://' });
  return { sql, env: {}, close: () => sql.close() };
});

describeWithDependency('ingestion on PostgreSQL', POSTGRES, (url) => {
  ledgerPositionsSpecification('PostgreSQL', async () => {
    const schema = `ingestion_${randomBytes(6).toString('hex')}`;
    const sql = await openSqlDatabase({ kind: 'postgres', url });
    return {
      sql,
      env: { STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema },
      async close() {
        await sql.query(`drop schema if exists ${schema} cascade`);
        await sql.close();
      },
    };
  });
});
