/**
 * Ingestion end to end on the embedded database (PGlite on disk) and the in-process bus:
 * data points/s from HTTP batches in to published on the bus, against raw batched inserts of the
 * same rows into the same database; then the peak RSS of importing a generated CSV file of
 * 1,000,000 rows through the streamed upload. `npm run bench -- ingestion`
 * (INGESTION_BENCH_CSV_ROWS=100000 for a shorter run).
 */
import { INestApplication } from '@nestjs/common';
import { openSqlDatabase, SqlClient } from '@okr/event-store';
import { BusConsumer, MessageBus, OutgoingMessage, TopicTail } from '@okr/message-bus';
import { signDevelopmentToken } from '@okr/service-kit';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { ingestionConfigSchema } from '../../apps/metrics-ingestion/src/config/ingestion.config';
import { DataPointsPublisher } from '../../apps/metrics-ingestion/src/publishing/data-points.publisher';
import { createIngestionApp } from '../../apps/metrics-ingestion/src/start-ingestion';
import { machine, rate, timed } from '../machine';

const E2E_POINTS = 50_000;
const BATCH = 1_000;
const CONCURRENT_REQUESTS = 2;
const CSV_ROWS = Number(process.env.INGESTION_BENCH_CSV_ROWS ?? 1_000_000);
const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const METRIC = 'sales.closed_won_amount';

/** Counts what the publisher hands over and keeps nothing, so memory measures ingestion alone. */
class CountingBus implements MessageBus {
  published = 0;
  async publish(_topic: string, messages: OutgoingMessage[]): Promise<void> {
    this.published += messages.length;
  }
  async consume(): Promise<BusConsumer> {
    return { stop: async () => undefined };
  }
  async lastMessages(): Promise<TopicTail> {
    return { partitionOf: () => 0, last: new Map() };
  }
  async check(): Promise<void> {}
  async close(): Promise<void> {}
}

const row = (run: string, i: number) => ({
  metric: METRIC,
  subject: { type: 'person', id: `seller-${i % 200}` },
  value: 1000 + (i % 977),
  occurredAt: new Date(Date.UTC(2027, 0, 1) + (i % 90) * 86_400_000).toISOString(),
  source: { system: 'bench', recordId: `${run}-${i}` },
});

async function post(base: string, path: string, token: string, body: string, contentType = 'application/json'): Promise<{ status: number; body: string }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType }, body });
  return { status: res.status, body: await res.text() };
}

const batchesOf = (run: string) => Array.from({ length: E2E_POINTS / BATCH }, (_, b) => JSON.stringify(Array.from({ length: BATCH }, (_, i) => row(run, b * BATCH + i))));

/** Wall time and this process's CPU time of fn. */
async function measured(fn: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const ms = await timed(fn);
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/** HTTP batches in, until the last data point is on the bus; `expectPublished` 0 for batches sent before. */
async function endToEnd(base: string, token: string, app: INestApplication, bus: CountingBus, batches: string[], expectPublished = E2E_POINTS) {
  const before = bus.published;
  return measured(async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENT_REQUESTS }, async () => {
        while (next < batches.length) {
          const answer = await post(base, '/datapoints', token, batches[next++]);
          if (answer.status !== 200) throw new Error(`batch refused: ${answer.status} ${answer.body.slice(0, 300)}`);
        }
      }),
    );
    await app.get(DataPointsPublisher).caughtUp();
    if (bus.published - before !== expectPublished) throw new Error(`published ${bus.published - before}, expected ${expectPublished}`);
  });
}

/** The same rows written as plainly as the database allows: multi-row inserts of BATCH, one transaction each. */
async function rawInserts(sql: SqlClient, run: string) {
  await sql.query('create table if not exists bench_raw_data_points (position bigint generated always as identity primary key, source_record_key text not null, record_version integer not null, data jsonb not null, unique (source_record_key, record_version))');
  return measured(async () => {
    for (let start = 0; start < E2E_POINTS; start += BATCH) {
      const params: unknown[] = [];
      const values = Array.from({ length: BATCH }, (_, i) => {
        const r = row(run, start + i);
        params.push(`${r.source.system}:${r.source.recordId}:${r.metric}`, 1, JSON.stringify(r));
        return `($${params.length - 2}, $${params.length - 1}, $${params.length}::jsonb)`;
      });
      await sql.transaction((tx) => tx.query(`insert into bench_raw_data_points (source_record_key, record_version, data) values ${values.join(', ')}`, params));
    }
  });
}

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('metric,subject_type,subject_id,value,occurred_at,record_id,operation\n');
  for (let i = 0; i < rows; i++) {
    const r = row('csv', i);
    if (!out.write(`${r.metric},person,${r.subject.id},${r.value},${r.occurredAt},${r.source.recordId},upsert\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Streams the file as the upload body, then follows the job to its end. */
async function importCsv(port: number, token: string, path: string): Promise<{ job: Record<string, unknown>; ms: number }> {
  let job: Record<string, unknown> = {};
  const ms = await timed(async () => {
    const location = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/imports?fileName=bench.csv', method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', 'Content-Length': statSync(path).size } }, (res) => {
        res.resume();
        if (res.statusCode !== 202) reject(new Error(`upload answered ${res.statusCode}`));
        else resolve(res.headers.location!);
      });
      req.on('error', reject);
      createReadStream(path).pipe(req);
    });
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${port}${location}`, { headers: { Authorization: `Bearer ${token}` } });
      job = (await res.json()) as Record<string, unknown>;
      if (job.state !== 'running') break;
      if (process.env.INGESTION_BENCH_TRACE) console.error(new Date().toISOString(), `rows ${job.rowsRead}, ${job.rowsPerSecond}/s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  if (job.state !== 'completed') throw new Error(`import ${job.state}: ${job.failure}`);
  return { job, ms };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'okr-ingestion-bench-'));
  const sql = await openSqlDatabase({ kind: 'embedded', dataDir: join(dir, 'ingestion') });
  const bus = new CountingBus();
  const config = ingestionConfigSchema.parse({ STORE: 'embedded', DATA_DIR: dir, JWT_SECRET: SECRET });
  const app = await createIngestionApp(config, { sql, bus, logLevel: 'silent' });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const admin = await signDevelopmentToken({ secret: SECRET, subject: 'bench', role: 'admin' });
  const integration = await signDevelopmentToken({ secret: SECRET, subject: 'integration:bench', role: 'integration' });
  try {
    const defined = await fetch(`${base}/metric-definitions/${METRIC}`, { method: 'PUT', headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Closed-won amount', unit: 'EUR' }) });
    if (defined.status !== 200) throw new Error(`metric refused: ${defined.status}`);

    await endToEnd(base, integration, app, bus, batchesOf(`warm-${randomUUID()}`)); // warm-up: JIT, PGlite caches
    const batches = batchesOf(randomUUID());
    const e2e = await endToEnd(base, integration, app, bus, batches);
    // The same batches again: every row is answered unchanged and nothing is published.
    const resent = await endToEnd(base, integration, app, bus, batches, 0);
    const raw = await rawInserts(sql, randomUUID());

    const csvPath = join(dir, 'bench.csv');
    await writeCsv(csvPath, CSV_ROWS);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
    const { job, ms: csvMs } = await importCsv(port, integration, csvPath);
    await app.get(DataPointsPublisher).caughtUp();
    clearInterval(sampler);

    const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MB`;
    const e2eRate = rate(E2E_POINTS, e2e.ms);
    const rawRate = rate(E2E_POINTS, raw.ms);
    const [load] = loadavg();
    console.log(
      [
        `Metrics ingestion, embedded PGlite on disk and the in-process bus, on ${machine()} (load average ${load.toFixed(1)} at the end)`,
        '',
        '| measure | wall clock | per CPU second of this process |',
        '| --- | ---: | ---: |',
        `| HTTP batches (${BATCH.toLocaleString('en')} rows, ${CONCURRENT_REQUESTS} at a time) in to published on the bus, ${E2E_POINTS.toLocaleString('en')} new data points | ${e2eRate.toLocaleString('en')} data points/s | ${rate(E2E_POINTS, e2e.cpuMs).toLocaleString('en')} |`,
        `| baseline: raw multi-row inserts of the same rows into the same database | ${rawRate.toLocaleString('en')} rows/s | ${rate(E2E_POINTS, raw.cpuMs).toLocaleString('en')} |`,
        `| end to end / raw inserts | ${Math.round((e2eRate / rawRate) * 100)} % | ${Math.round((raw.cpuMs / e2e.cpuMs) * 100)} % |`,
        `| the same batches resent (every row unchanged, nothing published) | ${rate(E2E_POINTS, resent.ms).toLocaleString('en')} rows/s | ${rate(E2E_POINTS, resent.cpuMs).toLocaleString('en')} |`,
        `| CSV import of ${CSV_ROWS.toLocaleString('en')} rows (${mb(statSync(csvPath).size)}), streamed upload to committed | ${rate(CSV_ROWS, csvMs).toLocaleString('en')} rows/s (${(csvMs / 1000).toFixed(0)} s, ${Number(job.accepted).toLocaleString('en')} accepted) | |`,
        `| RSS before the import / peak during it | ${mb(rssBefore)} / ${mb(rssPeak)} | |`,
      ].join('\n'),
    );
  } finally {
    await app.close();
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
