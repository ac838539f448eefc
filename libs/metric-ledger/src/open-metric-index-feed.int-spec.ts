import { openSqlDatabase, SqlClient } from '@okr/event-store';
import { describeWithDependency, ledgerEntry, POSTGRES } from '@okr/testing';
import { randomBytes } from 'node:crypto';
import { MetricIndex } from '@okr/metric-index';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricLedgerSchema } from './metric-ledger-schema';
import { openMetricIndexFeed } from './open-metric-index-feed';
import { SqlMetricLedgerWriter } from './sql-metric-ledger.writer';

async function appendRecords(sql: SqlClient, schema: string, from: number, to: number): Promise<void> {
  const entries = Array.from({ length: to - from + 1 }, (_, i) => ledgerEntry(`o-${from + i}`, 1));
  await sql.transaction((tx) => new SqlMetricLedgerWriter(schema).append(tx, entries, new Map(), new Date('2027-03-01T00:00:00.000Z')));
}

describe('a service’s metric index feed, opened from its settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'okr-metric-index-'));
  let sql: SqlClient;
  beforeAll(async () => {
    sql = await openSqlDatabase({ kind: 'embedded', dataDir: 'memory://' });
    await sql.query(metricLedgerSchema('ingestion'));
  });
  afterAll(async () => {
    await sql?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches up from the shared database, keeps its snapshot in the directory, and restarts from it', async () => {
    await appendRecords(sql, 'ingestion', 1, 30);
    const first = await openMetricIndexFeed('goals', { LEDGER_SCHEMA: 'ingestion' }, { sql, fallbackDir: dir });
    expect(first.feed.index.watermark).toBe(30);
    await first.close();
    expect(MetricIndex.fromSnapshot(new Uint8Array(readFileSync(join(dir, 'goals.metric-index')))).watermark).toBe(30);

    await appendRecords(sql, 'ingestion', 31, 35);
    const second = await openMetricIndexFeed('goals', { LEDGER_SCHEMA: 'ingestion', METRIC_INDEX_DIR: dir }, { sql });
    expect([second.feed.index.size, second.feed.index.watermark]).toEqual([35, 35]);
    await second.close();
  });

  it('keeps no snapshot for an in-memory data directory, and without a ledger is fed by the bus alone', async () => {
    const opened = await openMetricIndexFeed('reporting', { LEDGER_SCHEMA: 'ingestion' }, { fallbackDir: 'memory://' });
    expect(opened.feed.index.size).toBe(0);
    await opened.close();
    expect(existsSync(join(dir, 'reporting.metric-index'))).toBe(false);
  });
});

describeWithDependency('a metric index feed reading the ledger on PostgreSQL', POSTGRES, (url) => {
  it('opens its own connection from LEDGER_DATABASE_URL, and closes it', async () => {
    const schema = `ledger_feed_${randomBytes(4).toString('hex')}`;
    const sql = await openSqlDatabase({ kind: 'postgres', url });
    try {
      await sql.query(metricLedgerSchema(schema));
      await appendRecords(sql, schema, 1, 12);
      const opened = await openMetricIndexFeed('goals', { LEDGER_DATABASE_URL: url, LEDGER_SCHEMA: schema });
      expect(opened.feed.index.watermark).toBe(12);
      await opened.close();
    } finally {
      await sql.query(`drop schema if exists ${schema} cascade`);
      await sql.close();
    }
  });
});
