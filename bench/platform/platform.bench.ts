/**
 * The platform end to end, as `npm start` runs it (one process, PGlite on disk, in-process bus):
 * data points/s from HTTP batches into metrics-ingestion until reporting's dashboard shows them,
 * through goals' bound quotas, for 50 people in 5 teams with bound quotas and team key results;
 * freshness (a batch's acceptance by HTTP to its visibility on the dashboard) and peak RSS.
 * Baselines in the same run: metrics-ingestion alone accepting the same batches; and the storage
 * floor, the rows the platform must write and read back for these points (an ingestion log entry
 * and head per point, the two goal events each point causes) written raw through the event-store
 * port on embedded PGlite, which no pipeline on PGlite can beat. With KAFKA_BROKERS set, the
 * platform again over Kafka (topics and consumer groups of its own), against raw kafkajs producing
 * and consuming as many messages on the same broker. The dashboard is polled every
 * 200 ms (freshness is known to that resolution): polling it faster loads the process it measures.
 * `npm run bench -- platform` (PLATFORM_BENCH_POINTS=2000 for a shorter run; default 20,000).
 */
import { INestApplication } from '@nestjs/common';
import { NewEvent } from '@okr/contracts';
import { createEventStore } from '@okr/event-store';
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
import { rawKafkaProduceAndConsume } from '../raw-kafka';

const POINTS = Number(process.env.PLATFORM_BENCH_POINTS ?? 20_000);
const BATCH = Math.min(1_000, POINTS);
const BATCHES = Math.ceil(POINTS / BATCH);
const VISIBILITY_DEADLINE_MS = Number(process.env.PLATFORM_BENCH_DEADLINE_MS ?? 15 * 60_000);
const CYCLE = { id: 'fy26-q3', fiscalYear: 2026, quarter: 3 };
const POLL_EVERY_MS = 200;
const TEAMS: SalesTeam[] = Array.from({ length: 5 }, (_, t) => ({ id: `team-${t}`, lead: `lead-${t}`, reps: Array.from({ length: 10 }, (_, r) => `rep-${t}-${r}`) }));
const PEOPLE = TEAMS.flatMap((team) => team.reps);

/** Batch b of the run: closed deals of the 50 reps inside the quarter, whole euros so sums are exact. */
function batchesOf(run: string): { body: string; total: number }[] {
  return Array.from({ length: BATCHES }, (_, b) => {
    const rows = Array.from({ length: Math.min(BATCH, POINTS - b * BATCH) }, (_, i) => {
      const n = b * BATCH + i;
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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Baseline: metrics-ingestion alone on its own PGlite, publishing to an in-process bus nobody reads. */
async function ingestionAlone(run: string) {
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
    const batches = batchesOf(run);
    const { result: ms, peakRssMiB } = await withPeakRss(async () => {
      const start = performance.now();
      for (const batch of batches) await postBatch(baseUrl, token, batch.body);
      return performance.now() - start;
    });
    return { acceptedPerSecond: rate(POINTS, ms), peakRssMiB };
  } finally {
    await app?.close();
    await bus.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The storage floor: per HTTP batch, one write of an entry to each data point's record stream (as
 * ingestion logs it and moves its head) and one write of the two events each point causes to its
 * 55 goal streams (as goals records them), then both read back in order (as the two outboxes do).
 */
async function storageAlone(run: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-bench-storage-'));
  const opened = await createEventStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
  const { eventStore } = opened;
  const event = (type: string, data: Record<string, unknown>, causationId: string): NewEvent => ({
    type,
    data,
    metadata: { eventId: randomUUID(), actor: 'integration:bench', recordedAt: new Date().toISOString(), effectiveAt: String(data.occurredAt), correlationId: run, causationId, schemaVersion: 1 },
  });
  try {
    const versions = new Map<string, number>();
    const start = performance.now();
    let position = 0;
    for (const batch of batchesOf(run)) {
      const points = (JSON.parse(batch.body) as { source: { recordId: string } }[]).map((row) => ({ ...row, dataPointId: `bench:${row.source.recordId}@1` }));
      await eventStore.appendToStreams(points.map((point) => ({ streamId: point.dataPointId, events: [event('MetricDataPointAccepted', point, point.dataPointId)], expectedVersion: 0 })));
      const perGoal = new Map<string, NewEvent[]>();
      for (const point of points as unknown as { subject: { id: string }; dataPointId: string; occurredAt: string }[]) {
        const team = TEAMS.find((t) => t.reps.includes(point.subject.id))!;
        for (const goal of [`target-${point.subject.id}`, `objective-win-${team.id}`]) {
          if (!perGoal.has(goal)) perGoal.set(goal, []);
          perGoal.get(goal)!.push(event('MetricContributionRecorded', point, point.dataPointId));
        }
      }
      const appends = [...perGoal].map(([streamId, events]) => ({ streamId: `${run}-${streamId}`, events, expectedVersion: versions.get(streamId) ?? 0 }));
      const results = await eventStore.appendToStreams(appends);
      appends.forEach(({ streamId }, i) => versions.set(streamId.slice(run.length + 1), results[i].nextExpectedVersion));
      for (let read = await eventStore.readAll({ fromPosition: position }); read.length; read = await eventStore.readAll({ fromPosition: position })) position = read[read.length - 1].globalPosition;
    }
    return { ms: performance.now() - start };
  } finally {
    await opened.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The whole platform: batches in as fast as ingestion accepts them, the department total polled on reporting's dashboard. */
/**
 * `pacePerSecond` sends batches no faster than that rate: freshness at a load the platform keeps up
 * with. Without it, batches go as fast as ingestion accepts them and a queue builds behind it.
 */
async function platform(run: string, bus?: MessageBus, env: Record<string, string> = {}, pacePerSecond?: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-bench-'));
  const svc = await startPlatformForTest({ dataDir, bus, env });
  try {
    await setUpBoundSalesTeams(svc, { cycle: CYCLE, teams: TEAMS, quota: 1_000_000 });
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
      const sending = (async () => {
        for (const [b, batch] of batches.entries()) {
          const due = pacePerSecond ? start + (b * BATCH * 1000) / pacePerSecond : 0;
          if (performance.now() < due) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
          acceptedAt.push(await postBatch(baseUrl, integration, batch.body));
        }
      })();
      // A batch is visible once the dashboard's total reaches the running sum through it (values are positive).
      const visibleAt: number[] = [];
      let cumulative = batches[0].total;
      let inGoalsMs: number | undefined;
      while (visibleAt.length < batches.length) {
        if (performance.now() - start > VISIBILITY_DEADLINE_MS) throw new Error(`only ${visibleAt.length} of ${batches.length} batches visible after ${VISIBILITY_DEADLINE_MS} ms`);
        if (inGoalsMs === undefined && (await keyResultsTotal()) === expectedTotal) inGoalsMs = performance.now() - start;
        const shown = await departmentTotal();
        const now = performance.now();
        while (visibleAt.length < batches.length && shown >= cumulative && acceptedAt.length > visibleAt.length) {
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

function report(name: string, r: Awaited<ReturnType<typeof platform>>) {
  const f = r.freshness;
  console.log(
    `${name}: ${rate(POINTS, r.ms)} data points/s in until visible in reporting (${(r.ms / 1000).toFixed(1)} s; HTTP accepted all in ${(r.acceptedMs / 1000).toFixed(1)} s, ${rate(POINTS, r.acceptedMs)}/s; all in goals' key results after ${(r.inGoalsMs / 1000).toFixed(1)} s); ` +
      `freshness p50 ${Math.round(percentile(f, 50))} ms, p95 ${Math.round(percentile(f, 95))} ms, p99 ${Math.round(percentile(f, 99))} ms (per batch of ${BATCH}); peak RSS ${r.peakRssMiB} MiB`,
  );
}

(async () => {
  console.log(`platform: ${machine()}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${POINTS} data points in ${BATCHES} HTTP batches of ${BATCH}, 50 people in 5 teams, quotas and team key results bound`);
  const run = randomUUID().slice(0, 8);

  const alone = await ingestionAlone(`alone-${run}`);
  console.log(`baseline, metrics-ingestion alone: ${alone.acceptedPerSecond} data points/s accepted by HTTP; peak RSS ${alone.peakRssMiB} MiB`);
  const floor = await storageAlone(`floor-${run}`);
  console.log(`baseline, the storage floor (the same points' rows written and read back raw on PGlite): ${rate(POINTS, floor.ms)} data points/s (${(floor.ms / 1000).toFixed(1)} s)`);

  const inProcess = await platform(`inprocess-${run}`);
  report('platform, in-process bus', inProcess);
  // Half the sustained rate: the freshness a steady stream of data points sees.
  const pace = Math.round(rate(POINTS, inProcess.ms) / 2);
  report(`platform, in-process bus, paced at ${pace} data points/s`, await platform(`paced-${run}`, undefined, {}, pace));

  const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean);
  if (brokers?.length) {
    const bus = new KafkaBus({ brokers, clientId: `platform-bench-${run}`, topicPrefix: `platform-bench-${run}.` });
    try {
      const rawMs = await rawKafkaProduceAndConsume(brokers, POINTS);
      console.log(`baseline, raw kafkajs producing and consuming ${POINTS} messages on the same broker: ${rate(POINTS, rawMs)} messages/s`);
      const overKafka = await platform(`kafka-${run}`, bus, { METRICS_CONSUMER_GROUP: `platform-bench-${run}-goals`, REPORTING_CONSUMER_GROUP: `platform-bench-${run}-reporting` });
      report('platform, Kafka bus', overKafka);
      console.log(`platform over Kafka against raw kafkajs: ${((rawMs / overKafka.ms) * 100).toFixed(1)} %`);
    } finally {
      await bus.close();
    }
  } else {
    console.log('platform, Kafka bus: skipped (set KAFKA_BROKERS)');
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
