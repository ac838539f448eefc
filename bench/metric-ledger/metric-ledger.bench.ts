/**
 * Where the metric ledger should live, measured: the same 20,000 facts (5,000 source records,
 * most with several versions) appended in batches of 500 through ingestion's ledger writer, and
 * as one stream per record in the goals event store (appendToStreams with expected versions), on
 * the same PostgreSQL; then read back in ledger order both ways. Then a catch-up: how fast a
 * metric index reads a ledger of METRIC_LEDGER_BENCH_FACTS facts (default 1,000,000), on
 * PostgreSQL and on embedded PGlite. `DATABASE_URL=postgres://... npm run bench -- metric-ledger`
 */
import { MetricDataPointMessage, NewEvent } from '@okr/contracts';
import { createEventStore, OpenedSqlEventStore, openSqlDatabase, SqlClient } from '@okr/event-store';
import { MetricFact } from '@okr/metric-index';
import { MetricIndexFeed, NewLedgerEntry, SqlMetricLedgerReader, SqlMetricLedgerWriter } from '@okr/metric-ledger';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContributionChange, sourceRecordKeyOf } from '../../apps/metrics-ingestion/src/application/contribution';
import { SqlDataPointLedger } from '../../apps/metrics-ingestion/src/infrastructure/sql-data-point-ledger';
import { SqlIngestionDatabase } from '../../apps/metrics-ingestion/src/infrastructure/sql-ingestion-database';
import { machine, rate, timed } from '../machine';

const FACTS = 20_000;
const RECORDS = 5_000;
const BATCH = 500;
const READ_PAGE = 5_000;
const CATCH_UP_FACTS = Number(process.env.METRIC_LEDGER_BENCH_FACTS ?? 1_000_000);
const METRIC = 'sales.closed_won_amount';
const ORIGIN = { actor: 'integration:crm', correlationId: 'bench', causationId: 'bench' };

/** Change n: the first 5,000 create each record once, the rest revise records spread over all 5,000. */
function change(n: number): ContributionChange {
  const record = n < RECORDS ? n : (n * 7_919) % RECORDS;
  return {
    metric: METRIC,
    subject: { type: 'person', id: `seller-${record % 250}` },
    operation: 'upsert',
    value: 1_000 + n,
    occurredAt: new Date(Date.UTC(2027, 0, 1) + (record % 90) * 86_400_000).toISOString(),
    source: { system: 'crm', recordId: `opp-${record}` },
  };
}

const changes = Array.from({ length: FACTS }, (_, n) => change(n));
const batches = Array.from({ length: FACTS / BATCH }, (_, b) => changes.slice(b * BATCH, (b + 1) * BATCH));

/** Through ingestion's writer, as the batch API does: heads read, decided, appended, one transaction a batch. */
async function appendToLedger(sql: SqlClient, schema: string): Promise<number> {
  const database = await SqlIngestionDatabase.open(sql, schema);
  const ledger = new SqlDataPointLedger(database, { now: () => new Date() });
  return timed(async () => {
    for (const batch of batches) await database.transaction((tx) => ledger.record(tx, batch, ORIGIN));
  });
}

/** The same versions as events, one stream per record; expected versions known (the cheapest case for the event store: no read). */
async function appendToEventStore(eventStore: OpenedSqlEventStore['eventStore']): Promise<number> {
  const versions = new Map<string, number>();
  return timed(async () => {
    for (const batch of batches) {
      const streams = new Map<string, NewEvent[]>();
      for (const item of batch) {
        const streamId = sourceRecordKeyOf(item);
        const version = (versions.get(streamId) ?? 0) + (streams.get(streamId)?.length ?? 0) + 1;
        const at = new Date().toISOString();
        const data: Omit<MetricDataPointMessage, 'position'> = {
          dataPointId: `${streamId}@${version}`,
          metric: item.metric,
          subject: item.subject,
          operation: item.operation,
          value: item.value,
          occurredAt: item.occurredAt,
          receivedAt: at,
          source: item.source,
          sourceRecordKey: streamId,
          recordVersion: version,
          actor: `integration:${item.source.system}`,
          correlationId: ORIGIN.correlationId,
        };
        const event: NewEvent = { type: 'MetricDataPointAccepted', data, metadata: { eventId: randomUUID(), actor: ORIGIN.actor, recordedAt: at, effectiveAt: item.occurredAt, correlationId: ORIGIN.correlationId, causationId: ORIGIN.causationId, schemaVersion: 1 } };
        streams.set(streamId, [...(streams.get(streamId) ?? []), event]);
      }
      await eventStore.appendToStreams([...streams].map(([streamId, events]) => ({ streamId, events, expectedVersion: versions.get(streamId) ?? 0 })));
      for (const [streamId, events] of streams) versions.set(streamId, (versions.get(streamId) ?? 0) + events.length);
    }
  });
}

async function readLedger(reader: SqlMetricLedgerReader): Promise<{ ms: number; facts: number }> {
  let facts = 0;
  const ms = await timed(async () => {
    for (let after = 0; ; ) {
      const page = await reader.readAfter(after, READ_PAGE);
      if (page.length === 0) break;
      facts += page.length;
      after = page[page.length - 1].position;
    }
  });
  return { ms, facts };
}

async function readEventStore(eventStore: OpenedSqlEventStore['eventStore']): Promise<{ ms: number; facts: number }> {
  let facts = 0;
  const ms = await timed(async () => {
    for (let after = 0; ; ) {
      const page = await eventStore.readAll({ fromPosition: after, limit: READ_PAGE });
      if (page.length === 0) break;
      // The same facts a metric index takes, so both reads end where a consumer needs them.
      const read: MetricFact[] = page.map((event) => {
        const data = event.data as unknown as MetricDataPointMessage;
        return { position: event.globalPosition, metric: data.metric, subject: data.subject, sourceRecordKey: data.sourceRecordKey, source: data.source, recordVersion: data.recordVersion, operation: data.operation, value: data.value, occurredAt: Date.parse(data.occurredAt), recordedAt: Date.parse(data.receivedAt) };
      });
      facts += read.length;
      after = page[page.length - 1].globalPosition;
    }
  });
  return { ms, facts };
}

/** Fills a ledger with `count` facts through the writer (10,000 a transaction: a catch-up is about reading). */
async function fillLedger(sql: SqlClient, schema: string, count: number): Promise<void> {
  const database = await SqlIngestionDatabase.open(sql, schema);
  const writer = new SqlMetricLedgerWriter(database.schema);
  for (let start = 0; start < count; start += 10_000) {
    const entries: NewLedgerEntry[] = Array.from({ length: Math.min(10_000, count - start) }, (_, i) => {
      const n = start + i;
      return { sourceRecordKey: `crm:opp-${n}:${METRIC}`, recordVersion: 1, metric: METRIC, subject: { type: 'person', id: `seller-${n % 2_000}` }, operation: 'upsert', value: n % 10_000, occurredAt: new Date(Date.UTC(2027, 0, 1) + (n % 365) * 86_400_000).toISOString(), source: { system: 'crm', recordId: `opp-${n}` }, ...ORIGIN };
    });
    await database.transaction((tx) => writer.append(tx, entries, new Map(), new Date()));
  }
}

/** Baseline: the same columns as plain rows, in position order, as a client reads them with no JSON step. */
async function rawOrderedRead(sql: SqlClient, schema: string): Promise<number> {
  return timed(async () => {
    for (let after = 0; ; ) {
      const rows = await sql.query<{ position: number }>(
        `select position, metric, subject_type, subject_id, source_record_key, source_system, source_record_id, record_version, operation, value, occurred_at, recorded_at
         from ${schema}.data_points where position > $1 order by position limit $2`,
        [after, READ_PAGE],
      );
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1].position);
    }
  });
}

/** A metric index started with no snapshot: the ledger read to its head, every fact added to the index. */
async function catchUp(sql: SqlClient, schema: string): Promise<{ raw: number; read: number; feed: number }> {
  const reader = new SqlMetricLedgerReader(sql, schema);
  const raw = await rawOrderedRead(sql, schema);
  const { ms: read, facts } = await readLedger(reader);
  if (facts !== CATCH_UP_FACTS) throw new Error(`read ${facts} facts, expected ${CATCH_UP_FACTS}`);
  const feed = new MetricIndexFeed({ ledger: reader });
  const ms = await timed(() => feed.start());
  if (feed.index.watermark !== CATCH_UP_FACTS) throw new Error(`caught up to ${feed.index.watermark}, expected ${CATCH_UP_FACTS}`);
  await feed.stop();
  return { raw, read, feed: ms };
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('the metric-ledger benchmark compares on PostgreSQL: set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/okr');
    process.exit(2);
  }
  const suffix = randomBytes(4).toString('hex');
  const [ledgerSchema, storeSchema, catchUpSchema] = [`bench_ledger_${suffix}`, `bench_streams_${suffix}`, `bench_catchup_${suffix}`];
  const sql = await openSqlDatabase({ kind: 'postgres', url });
  const store = await createEventStore({ kind: 'postgres', url, schema: storeSchema });
  const dir = mkdtempSync(join(tmpdir(), 'okr-ledger-bench-'));
  try {
    // Warm-up: JIT and connections, in schemas of their own.
    await appendToLedger(sql, `${ledgerSchema}_warm`);
    const warm = await createEventStore({ kind: 'postgres', url, schema: `${storeSchema}_warm` });
    await appendToEventStore(warm.eventStore);
    await warm.close();

    const ledgerAppend = await appendToLedger(sql, ledgerSchema);
    const storeAppend = await appendToEventStore(store.eventStore);
    const ledgerRead = await readLedger(new SqlMetricLedgerReader(sql, ledgerSchema));
    const storeRead = await readEventStore(store.eventStore);
    if (ledgerRead.facts !== FACTS || storeRead.facts !== FACTS) throw new Error(`read ${ledgerRead.facts} and ${storeRead.facts} facts, expected ${FACTS}`);

    await fillLedger(sql, catchUpSchema, CATCH_UP_FACTS);
    const onPostgres = await catchUp(sql, catchUpSchema);
    const embedded = await openSqlDatabase({ kind: 'embedded', dataDir: join(dir, 'ledger') });
    let onPglite: Awaited<ReturnType<typeof catchUp>>;
    try {
      await fillLedger(embedded, 'ingestion', CATCH_UP_FACTS);
      onPglite = await catchUp(embedded, 'ingestion');
    } finally {
      await embedded.close();
    }

    const n = (value: number) => value.toLocaleString('en');
    const [load] = loadavg();
    console.log(
      [
        `Metric ledger: ingestion's ledger tables vs one stream per record in the event store, PostgreSQL (${url.replace(/\/\/[^@]*@/, '//')}), on ${machine()} (load average ${load.toFixed(1)} at the end)`,
        '',
        `| ${n(FACTS)} facts of ${n(RECORDS)} records, batches of ${BATCH} | ledger (ingestion's writer) | event store streams (appendToStreams) | ledger / event store |`,
        '| --- | ---: | ---: | ---: |',
        `| append | ${n(rate(FACTS, ledgerAppend))} facts/s | ${n(rate(FACTS, storeAppend))} facts/s | ${(storeAppend / ledgerAppend).toFixed(2)} × |`,
        `| read in ledger order, pages of ${n(READ_PAGE)} | ${n(rate(FACTS, ledgerRead.ms))} facts/s | ${n(rate(FACTS, storeRead.ms))} facts/s | ${(storeRead.ms / ledgerRead.ms).toFixed(2)} × |`,
        '',
        `| catch-up of ${n(CATCH_UP_FACTS)} facts, pages of ${n(READ_PAGE)} | baseline: plain ordered select of the same columns | readAfter (facts) | readAfter / baseline | into a MetricIndex (feed start, pages of 10,000) |`,
        '| --- | ---: | ---: | ---: | ---: |',
        ...([['PostgreSQL', onPostgres], ['embedded PGlite (on disk)', onPglite]] as const).map(
          ([where, m]) => `| ${where} | ${n(rate(CATCH_UP_FACTS, m.raw))} rows/s | ${n(rate(CATCH_UP_FACTS, m.read))} facts/s (${(m.read / 1000).toFixed(1)} s) | ${Math.round((m.raw / m.read) * 100)} % | ${n(rate(CATCH_UP_FACTS, m.feed))} facts/s (${(m.feed / 1000).toFixed(1)} s) |`,
        ),
      ].join('\n'),
    );
  } finally {
    await store.close();
    for (const schema of [ledgerSchema, `${ledgerSchema}_warm`, storeSchema, `${storeSchema}_warm`, catchUpSchema]) await sql.query(`drop schema if exists ${schema} cascade`);
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
