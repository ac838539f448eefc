/**
 * The platform end to end, as `npm start` runs it (one process, PGlite on disk, in-process bus):
 * data points/s from HTTP batches into metrics-ingestion until reporting's dashboard shows them,
 * for 50 people in 5 teams with bound quotas and team key results; freshness (a batch's
 * acceptance by HTTP to its visibility on the dashboard) and peak RSS. PLATFORM_BENCH_IN_FLIGHT
 * (default 1) batches are sent at a time. The baseline in the same run: metrics-ingestion alone
 * accepting the same batches (its ledger is the only write a data point causes).
 * Then the cost of one data point against the facts already held and the goals bound to it: the
 * same increment of points measured with 10,000 and with PLATFORM_BENCH_HELD (default 1,000,000)
 * facts held, with the quotas alone bound (1 level) and with quotas, team, department and company
 * key results bound (4 levels).
 * With KAFKA_BROKERS set, the platform again over Kafka (topics and consumer groups of its own),
 * the services sharing a fresh PostgreSQL database (DATABASE_URL) as in production, against raw
 * kafkajs producing and consuming as many messages on the same broker.
 * The dashboard is polled every 200 ms (freshness is known to that resolution): polling it faster
 * loads the process it measures.
 * `npm run bench -- platform` (PLATFORM_BENCH_POINTS=2000 PLATFORM_BENCH_HELD=50000 for a shorter
 * run; PLATFORM_BENCH_PARTS=cost for one part).
 */
import { INestApplication } from '@nestjs/common';
import { createEventStore, OpenedSqlEventStore } from '@okr/event-store';
import { InProcessBus, KafkaBus, MessageBus } from '@okr/message-bus';
import { signDevelopmentToken } from '@okr/service-kit';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ingestionConfigSchema } from '../../apps/metrics-ingestion/src/config/ingestion.config';
import { createIngestionApp } from '../../apps/metrics-ingestion/src/start-ingestion';
import { CLOSED_WON, defineMetric, SalesTeam, setUpBoundSalesTeams, startPlatformForTest } from '../../tests/platform/platform-test-service';
import { machine, rate } from '../machine';
import { freshPostgresDatabase } from '../postgres';
import { rawKafkaProduceAndConsume } from '../raw-kafka';

const POINTS = Number(process.env.PLATFORM_BENCH_POINTS ?? 20_000);
/** Which parts run: throughput (in process, and paced), kafka, cost (per point with facts held). */
const PARTS = new Set((process.env.PLATFORM_BENCH_PARTS ?? 'throughput,kafka,cost').split(','));
const HELD = Number(process.env.PLATFORM_BENCH_HELD ?? 1_000_000);
const FEW_HELD = 10_000;
const INCREMENT = 10_000;
const PRELOAD_BATCH = 10_000;
const BATCH = Math.min(1_000, POINTS);
const BATCHES = Math.ceil(POINTS / BATCH);
/** HTTP batches in flight at once: one by default, as a feed that waits for each answer sends them. */
const IN_FLIGHT = Number(process.env.PLATFORM_BENCH_IN_FLIGHT ?? 1);
const VISIBILITY_DEADLINE_MS = Number(process.env.PLATFORM_BENCH_DEADLINE_MS ?? 15 * 60_000);
const CYCLE = { id: 'fy26-q3', fiscalYear: 2026, quarter: 3 };
const QUARTER_START = '2026-07-01T00:00:00Z';
const POLL_EVERY_MS = 200;
const TEAMS: SalesTeam[] = Array.from({ length: 5 }, (_, t) => ({ id: `team-${t}`, lead: `lead-${t}`, reps: Array.from({ length: 10 }, (_, r) => `rep-${t}-${r}`) }));
const PEOPLE = TEAMS.flatMap((team) => team.reps);

/** Batch b of the run: closed deals of the 50 reps inside the quarter, whole euros so sums are exact. */
function batchesOf(run: string, points = POINTS, size = BATCH, first = 0): { body: string; total: number }[] {
  return Array.from({ length: Math.ceil(points / size) }, (_, b) => {
    const rows = Array.from({ length: Math.min(size, points - b * size) }, (_, i) => {
      const n = first + b * size + i;
      return {
        metric: CLOSED_WON,
        subject: { type: 'person', id: PEOPLE[n % PEOPLE.length] },
        value: 100 + (n % 977),
        occurredAt: new Date(Date.UTC(2026, 6, 1) + (n % 90) * 86_400_000).toISOString(),
        source: { system: 'bench', recordId: `${run}-${n}` },
      };
    });
    return { body: JSON.stringify(rows), total: rows.reduce((sum, row) => sum + row.value, 0) };
  });
}

/**
 * fetch, sent again when the server reset the connection: under load the event loop can stall past
 * the server's keep-alive timeout, and it closes the idle socket just as the next request reuses it.
 * Both requests made here may be repeated: a batch sent again changes nothing.
 */
async function fetchAgainOnReset(url: string, init: RequestInit, attempts = 3): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = ((error as { cause?: { code?: string } }).cause ?? {}).code;
    if (attempts <= 1 || code !== 'ECONNRESET') throw error;
    return fetchAgainOnReset(url, init, attempts - 1);
  }
}

async function postBatch(baseUrl: string, token: string, body: string): Promise<number> {
  const res = await fetchAgainOnReset(`${baseUrl}/datapoints`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body });
  const answer = await res.text();
  if (res.status !== 200) throw new Error(`batch refused: ${res.status} ${answer.slice(0, 300)}`);
  const summary = JSON.parse(answer).summary as { accepted: number; rejected: number };
  if (summary.rejected > 0) throw new Error(`rows rejected: ${answer.slice(0, 300)}`);
  return performance.now();
}

/** The highest RSS seen while fn runs, sampled every 50 ms. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMiB: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const result = await fn();
    return { result, peakRssMiB: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20) };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Sends every batch, IN_FLIGHT at a time, none before its due time (ms from `start`, if any); returns
 * when each batch was accepted, by batch index.
 */
async function sendBatches(count: number, post: (b: number) => Promise<number>, dueAt: (b: number) => number = () => 0): Promise<number[]> {
  const acceptedAt: number[] = [];
  let next = 0;
  const worker = async () => {
    for (let b = next++; b < count; b = next++) {
      const wait = dueAt(b) - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      acceptedAt[b] = await post(b);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, worker));
  return acceptedAt;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Metrics-ingestion alone on its own PGlite, publishing to an in-process bus nobody reads. */
async function withIngestionAlone<T>(use: (post: (body: string) => Promise<number>) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-bench-ingestion-'));
  const secret = 'platform-bench-secret-platform-bench-secret-01';
  const bus = new InProcessBus();
  let app: INestApplication | undefined;
  try {
    app = await createIngestionApp(ingestionConfigSchema.parse({ STORE: 'embedded', DATA_DIR: dataDir, JWT_SECRET: secret }), { bus, logLevel: 'silent' });
    await app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await defineMetric(request(baseUrl), await signDevelopmentToken({ secret, subject: 'olivia', role: 'admin' }), CLOSED_WON, { name: 'Closed-won amount', unit: 'EUR' });
    const token = await signDevelopmentToken({ secret, subject: 'integration:bench', role: 'integration' });
    return await use((body) => postBatch(baseUrl, token, body));
  } finally {
    await app?.close();
    await bus.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Baseline: metrics-ingestion alone accepting the platform's batches. */
async function ingestionAlone(run: string) {
  return withIngestionAlone(async (post) => {
    const { result: ms, peakRssMiB } = await withPeakRss(async () => {
      const start = performance.now();
      const batches = batchesOf(run);
      await sendBatches(batches.length, (b) => post(batches[b].body));
      return performance.now() - start;
    });
    return { acceptedPerSecond: rate(POINTS, ms), peakRssMiB };
  });
}

/**
 * Shows what `send` costs per point for INCREMENT points with FEW_HELD and with HELD points held
 * before: `send(points, size, first)` sends the points numbered from `first` on and returns the ms they took.
 */
async function perPointWithFewAndMany(send: (points: number, size: number, first: number) => Promise<number>) {
  let sent = 0;
  const next = async (points: number, size: number) => {
    const ms = await send(points, size, sent);
    sent += points;
    return ms;
  };
  await next(FEW_HELD, PRELOAD_BATCH);
  const few = ((await next(INCREMENT, BATCH)) * 1000) / INCREMENT;
  await next(HELD - sent, PRELOAD_BATCH);
  const many = ((await next(INCREMENT, BATCH)) * 1000) / INCREMENT;
  return { few, many, rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20) };
}

/** Baseline for the cost per point: metrics-ingestion alone's, with as many facts held (its ledger grows as the platform's does). */
async function ingestionCostPerPoint(run: string) {
  return withIngestionAlone((post) =>
    perPointWithFewAndMany(async (points, size, first) => {
      const start = performance.now();
      const batches = batchesOf(run, points, size, first);
      await sendBatches(batches.length, (b) => post(batches[b].body));
      return performance.now() - start;
    }),
  );
}

/** The whole platform: batches in as fast as ingestion accepts them, the department total polled on reporting's dashboard. */
/**
 * `pacePerSecond` sends batches no faster than that rate: freshness at a load the platform keeps up
 * with. Without it, batches go as fast as ingestion accepts them and a queue builds behind it.
 */
async function platform(run: string, options: { bus?: MessageBus; store?: OpenedSqlEventStore; env?: Record<string, string>; pacePerSecond?: number } = {}) {
  const { pacePerSecond } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-bench-'));
  const svc = await startPlatformForTest({ dataDir, bus: options.bus, store: options.store, env: options.env });
  try {
    // Last quarter, set up today as it was: members count for the team from the quarter's start.
    await setUpBoundSalesTeams(svc, { cycle: CYCLE, teams: TEAMS, quota: 1_000_000, effectiveAt: QUARTER_START });
    const baseUrl = `http://127.0.0.1:${svc.platform.ports.ingestion}`;
    const dashboardUrl = `http://127.0.0.1:${svc.platform.ports.reporting}/units/sales/cycles/${CYCLE.id}/dashboard`;
    const integration = await svc.token('integration:bench', 'integration');
    const admin = await svc.token('olivia', 'admin');
    const batches = batchesOf(run);
    const expectedTotal = batches.reduce((sum, batch) => sum + batch.total, 0);
    const departmentTotal = async () => {
      const res = await fetchAgainOnReset(dashboardUrl, { headers: { Authorization: `Bearer ${admin}` } });
      if (res.status !== 200) throw new Error(`dashboard: ${res.status} ${(await res.text()).slice(0, 300)}`);
      return ((await res.json()) as { targets: { aggregates: { totalAttained?: number }[] } }).targets.aggregates[0]?.totalAttained ?? 0;
    };
    /** The teams' key results summed, as goals answers: tells goals' share of the delay from reporting's. */
    const keyResultsTotal = async () => {
      let sum = 0;
      for (const team of TEAMS) {
        const res = await fetchAgainOnReset(`http://127.0.0.1:${svc.platform.ports.goals}/objectives/win-${team.id}`, { headers: { Authorization: `Bearer ${admin}` } });
        sum += ((await res.json()) as { state: { keyResults: Record<string, { currentValue: number }> } }).state.keyResults['closed-won'].currentValue;
      }
      return sum;
    };

    const { result, peakRssMiB } = await withPeakRss(async () => {
      const start = performance.now();
      const acceptedAt: number[] = [];
      const due = (b: number) => (pacePerSecond ? start + (b * BATCH * 1000) / pacePerSecond : 0);
      const sending = sendBatches(batches.length, async (b) => (acceptedAt[b] = await postBatch(baseUrl, integration, batches[b].body)), due);
      // A batch is visible once the dashboard's total reaches the running sum through it (values are positive).
      const visibleAt: number[] = [];
      let cumulative = batches[0].total;
      let inGoalsMs: number | undefined;
      while (visibleAt.length < batches.length) {
        if (performance.now() - start > VISIBILITY_DEADLINE_MS) throw new Error(`only ${visibleAt.length} of ${batches.length} batches visible after ${VISIBILITY_DEADLINE_MS} ms`);
        if (inGoalsMs === undefined && (await keyResultsTotal()) === expectedTotal) inGoalsMs = performance.now() - start;
        const shown = await departmentTotal();
        const now = performance.now();
        while (visibleAt.length < batches.length && shown >= cumulative && acceptedAt[visibleAt.length] !== undefined) {
          visibleAt.push(now);
          cumulative += batches[visibleAt.length]?.total ?? 0;
        }
        if (visibleAt.length < batches.length) await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
      }
      await sending;
      const ms = visibleAt[visibleAt.length - 1] - start;
      return { ms, inGoalsMs: inGoalsMs ?? ms, acceptedMs: acceptedAt[acceptedAt.length - 1] - start, freshness: visibleAt.map((at, b) => at - acceptedAt[b]).sort((a, b) => a - b) };
    });

    // Exactness: reporting and each team's key result in goals hold every point once.
    const shown = await departmentTotal();
    if (shown !== expectedTotal) throw new Error(`dashboard shows ${shown}, expected ${expectedTotal}`);
    const keyResults = await keyResultsTotal();
    if (keyResults !== expectedTotal) throw new Error(`team key results sum to ${keyResults}, expected ${expectedTotal}`);
    return { ...result, peakRssMiB };
  } finally {
    await svc.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The time a data point takes from HTTP until the department's dashboard shows it, per point over
 * an increment of INCREMENT points, with FEW_HELD and then HELD facts already in the ledger and
 * both indexes. `levels`: 1, the quotas alone bound; 4, quotas and the team, department and company
 * key results bound to the same metric (each point moves four goals; no goal event is written for it).
 */
async function costPerPoint(run: string, levels: 1 | 4) {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-bench-held-'));
  const svc = await startPlatformForTest({ dataDir });
  try {
    await setUpBoundSalesTeams(svc, { cycle: CYCLE, teams: TEAMS, quota: 1_000_000, effectiveAt: QUARTER_START, teamKeyResults: levels === 4 });
    const admin = await svc.token('olivia', 'admin');
    if (levels === 4) {
      for (const [id, owner] of [['win-sales', { type: 'department', id: 'sales' }], ['win-acme', { type: 'company', id: 'acme' }]] as const) {
        const post = (path: string, body: object) => svc.goals.post(path).set('Authorization', `Bearer ${admin}`).send({ ...body, effectiveAt: QUARTER_START }).expect(201);
        await post('/objectives', { id, cycleId: CYCLE.id, title: `Win (${owner.id})`, owner, commitment: 'committed' });
        await post(`/objectives/${id}/key-results`, { id: 'closed-won', title: 'Closed-won revenue', kind: 'metric', start: 0, target: 1e9, unit: 'EUR', direction: 'increase' });
        await post(`/objectives/${id}/key-results/closed-won/metric-binding`, { metric: CLOSED_WON, aggregation: 'sum', scope: { type: 'unit', unitId: owner.id, includeSubUnits: true } });
      }
    }
    const baseUrl = `http://127.0.0.1:${svc.platform.ports.ingestion}`;
    const integration = await svc.token('integration:bench', 'integration');
    const shown = async () => {
      const res = await fetchAgainOnReset(`http://127.0.0.1:${svc.platform.ports.reporting}/units/sales/cycles/${CYCLE.id}/dashboard`, { headers: { Authorization: `Bearer ${admin}` } });
      return ((await res.json()) as { targets: { aggregates: { totalAttained?: number }[] } }).targets.aggregates[0]?.totalAttained ?? 0;
    };
    let total = 0;
    // Until the dashboard shows the points sent.
    return await perPointWithFewAndMany(async (points, size, first) => {
      const batches = batchesOf(run, points, size, first);
      total += batches.reduce((sum, batch) => sum + batch.total, 0);
      const start = performance.now();
      await sendBatches(batches.length, (b) => postBatch(baseUrl, integration, batches[b].body));
      while ((await shown()) < total) await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
      return performance.now() - start;
    });
  } finally {
    await svc.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(name: string, r: Awaited<ReturnType<typeof platform>>) {
  const f = r.freshness;
  console.log(
    `${name}: ${rate(POINTS, r.ms)} data points/s in until visible in reporting (${(r.ms / 1000).toFixed(1)} s; HTTP accepted all in ${(r.acceptedMs / 1000).toFixed(1)} s, ${rate(POINTS, r.acceptedMs)}/s; all in goals' key results after ${(r.inGoalsMs / 1000).toFixed(1)} s); ` +
      `freshness p50 ${Math.round(percentile(f, 50))} ms, p95 ${Math.round(percentile(f, 95))} ms, p99 ${Math.round(percentile(f, 99))} ms (per batch of ${BATCH}); peak RSS ${r.peakRssMiB} MiB`,
  );
}

(async () => {
  console.log(`platform: ${machine()}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${POINTS} data points in ${BATCHES} HTTP batches of ${BATCH} (${IN_FLIGHT} in flight), 50 people in 5 teams, quotas and team key results bound`);
  const run = randomUUID().slice(0, 8).replace(/-/g, '');

  if (PARTS.has('throughput')) {
    const alone = await ingestionAlone(`alone-${run}`);
    console.log(`baseline, metrics-ingestion alone: ${alone.acceptedPerSecond} data points/s accepted by HTTP; peak RSS ${alone.peakRssMiB} MiB`);
    const inProcess = await platform(`inprocess-${run}`);
    report('platform, in-process bus', inProcess);
    console.log(`platform in process against metrics-ingestion alone: ${((rate(POINTS, inProcess.ms) / alone.acceptedPerSecond) * 100).toFixed(1)} %`);
    // Half the sustained rate: the freshness a steady stream of data points sees.
    const pace = Math.round(rate(POINTS, inProcess.ms) / 2);
    report(`platform, in-process bus, paced at ${pace} data points/s`, await platform(`paced-${run}`, { pacePerSecond: pace }));
  }

  if (PARTS.has('kafka')) {
    const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean);
    const url = process.env.DATABASE_URL;
    if (brokers?.length && url) {
      const bus = new KafkaBus({ brokers, clientId: `platform-bench-${run}`, topicPrefix: `platform-bench-${run}.` });
      const database = await freshPostgresDatabase(url, `platform_bench_${run}`);
      const store = await createEventStore({ kind: 'postgres', url: database.url });
      try {
        const rawMs = await rawKafkaProduceAndConsume(brokers, POINTS);
        console.log(`baseline, raw kafkajs producing and consuming ${POINTS} messages on the same broker: ${rate(POINTS, rawMs)} messages/s`);
        const overKafka = await platform(`kafka-${run}`, { bus, store, env: { REPORTING_CONSUMER_GROUP: `platform-bench-${run}-reporting` } });
        report('platform, Kafka bus, PostgreSQL', overKafka);
        console.log(`platform over Kafka and PostgreSQL against raw kafkajs: ${((rawMs / overKafka.ms) * 100).toFixed(1)} %`);
      } finally {
        await bus.close();
        await store.close();
        await database.drop();
      }
    } else {
      console.log('platform, Kafka bus and PostgreSQL: skipped (set KAFKA_BROKERS and DATABASE_URL)');
    }
  }

  if (!PARTS.has('cost')) return;
  const perPoint = (name: string, cost: Awaited<ReturnType<typeof perPointWithFewAndMany>>, target = '') =>
    console.log(`${name}: ${cost.few.toFixed(1)} µs with ${FEW_HELD} facts held, ${cost.many.toFixed(1)} µs with ${HELD} held: ${(cost.many / cost.few).toFixed(2)}${target}; RSS ${cost.rssMiB} MiB`);
  perPoint('baseline, cost of a data point in metrics-ingestion alone', await ingestionCostPerPoint(`held-alone-${run}`));
  for (const levels of [1, 4] as const) {
    perPoint(`cost of a data point, ${levels} level${levels > 1 ? 's' : ''} of bound goals`, await costPerPoint(`held-${levels}-${run}`, levels), ' (target <= 1.5)');
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
