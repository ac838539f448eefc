/**
 * Scale-out on one broker and one database: the same data points end to end (HTTP batches into
 * metrics-ingestion until every reporting instance's dashboard shows them) with one instance of each
 * service, then with two of each, every service its own process as in production. The measure is
 * data points per CPU-second of the service processes (these machines have 2 cores: a wall-clock
 * speed-up cannot show), read from /proc, split by service, and what the services cost idle for
 * a while before each run (polling, heartbeats, garbage collection). Then, with two of each, one reporting instance is killed
 * with SIGKILL, a quarter as many points again are sent, and it is restarted: how long from its
 * restart until its consumer lag is gone and it shows everything.
 * `DATABASE_URL=postgres://... KAFKA_BROKERS=127.0.0.1:9092 npm run bench -- scale-out`
 * (SCALE_OUT_BENCH_POINTS, default 20,000).
 */
import { waitFor } from '@okr/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, dashboardTeamValue, METRIC, QUARTER_START, REPS, setUpFieldTeam } from '../../tests/multi-process/field-team';
import { MultiProcessRun, randomPort } from '../../tests/multi-process/multi-process-run';
import { ServiceProcess } from '../../tests/multi-process/service-process';
import { machine, rate } from '../machine';

const POINTS = Number(process.env.SCALE_OUT_BENCH_POINTS ?? 20_000);
const BATCH = 1_000;
/** Linux's clock ticks per second, in which /proc reports CPU time. */
const TICKS_PER_SECOND = 100;
/** Long enough for the slowest part of a run on a loaded machine. */
const VISIBILITY_DEADLINE_MS = 10 * 60_000;
const DASHBOARD_LOOK_EVERY_MS = 100;
/** How long the services are measured idle before a run. */
const IDLE_MS = 10_000;

function cpuSecondsOf(processes: ServiceProcess[]): number {
  return processes.reduce((sum, service) => sum + cpuSecondsOfOne(service), 0);
}

function cpuSecondsOfOne(service: ServiceProcess): number {
  if (!service.pid) return 0;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${service.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds by service, summed over its instances: where the extra CPU of more instances goes. */
function cpuByService(processes: ServiceProcess[]): Record<string, number> {
  const by: Record<string, number> = {};
  for (const service of processes) by[service.service] = (by[service.service] ?? 0) + cpuSecondsOfOne(service);
  return by;
}

/** `points` deals numbered from `first`, in batches. */
function batches(points = POINTS, first = 0): { body: object[]; total: number }[] {
  return Array.from({ length: Math.ceil(points / BATCH) }, (_, b) => {
    const body = Array.from({ length: Math.min(BATCH, points - b * BATCH) }, (_, i) => {
      const n = first + b * BATCH + i;
      return {
        metric: METRIC,
        subject: { type: 'person', id: REPS[n % REPS.length] },
        value: 100 + (n % 97),
        occurredAt: new Date(Date.parse(QUARTER_START) + (1 + (n % 90)) * 86_400_000 - 3_600_000).toISOString(),
        source: { system: 'crm', recordId: `deal-${n}` },
      };
    });
    return { body, total: body.reduce((sum, row) => sum + row.value, 0) };
  });
}

interface Outcome {
  pointsPerSecond: number;
  pointsPerCpuSecond: number;
  cpuSeconds: number;
  /** The same CPU seconds by service. */
  byService: Record<string, number>;
  /** CPU seconds of the services while idle for IDLE_MS before the run: polling loops and lease renewals. */
  idleCpuSeconds: number;
  seconds: number;
  /** From the restart of a reporting instance killed while `missedPoints` arrived, until it shows them (two instances only). */
  recoveryMs?: number;
  missedPoints?: number;
}

async function send(ingestion: string, body: object[], token: string, b: number): Promise<void> {
  const answer = await call(`${ingestion}/datapoints`, 'POST', body, token);
  if (answer.status !== 200) throw new Error(`batch ${b}: ${answer.status} ${(await answer.text()).slice(0, 300)}`);
}

async function runWith(instances: 1 | 2, databaseUrl: string, brokers: string): Promise<Outcome> {
  const run = new MultiProcessRun(databaseUrl, brokers);
  const base = randomPort();
  const dataDirs = Array.from({ length: instances }, (_, i) => mkdtempSync(join(tmpdir(), `okr-scale-out-${i}-`)));
  const goals = Array.from({ length: instances }, (_, i) => run.goals(base + i, { INSTANCE_ID: `goals-${i + 1}` }));
  const reporting = dataDirs.map((dir, i) => run.reporting(base + 10 + i, dir, `reporting-${i + 1}`));
  const ingestion = Array.from({ length: instances }, (_, i) => run.ingestion(base + 20 + i));
  const all = [...ingestion, ...goals, ...reporting];
  try {
    for (const service of all) await service.start();
    const admin = await run.token('olivia', 'admin');
    const crm = await run.token('integration:crm', 'integration');
    await setUpFieldTeam({ targetsOn: goals[0].url, keyResultOn: goals[goals.length - 1].url, ingestion: ingestion[0].url, admin });
    const sent = batches();
    const expected = sent.reduce((sum, batch) => sum + batch.total, 0);
    const dashboards = () => Promise.all(reporting.map((r) => dashboardTeamValue(r.url, admin)));
    await waitFor(async () => (await dashboards()).every((value) => value !== undefined), VISIBILITY_DEADLINE_MS, 'the objective in every reporting instance');

    const idleBefore = cpuSecondsOf(all);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idleCpuSeconds = cpuSecondsOf(all) - idleBefore;

    const cpuBefore = cpuSecondsOf(all);
    const byServiceBefore = cpuByService(all);
    const start = performance.now();
    for (const [b, batch] of sent.entries()) {
      // Each ingestion instance takes every other batch, as behind a load balancer.
      await send(ingestion[b % instances].url, batch.body, crm, b);
    }
    // Every 100 ms, not 20: each look computes a dashboard on every reporting instance, CPU the measure would count.
    const showsAll = (total: number) => waitFor(async () => (await dashboards()).every((value) => value === total), VISIBILITY_DEADLINE_MS, 'every point on every dashboard', DASHBOARD_LOOK_EVERY_MS);
    await showsAll(expected);
    const seconds = (performance.now() - start) / 1000;
    const cpuSeconds = cpuSecondsOf(all) - cpuBefore;
    const byService = Object.fromEntries(Object.entries(cpuByService(all)).map(([service, cpu]) => [service, cpu - byServiceBefore[service]]));
    const outcome: Outcome = { pointsPerSecond: rate(POINTS, seconds * 1000), pointsPerCpuSecond: Math.round(POINTS / cpuSeconds), cpuSeconds, byService, idleCpuSeconds, seconds };
    if (instances === 1) return outcome;

    // A reporting instance killed; a quarter as many points again while it is down; then restarted.
    await reporting[1].kill();
    const more = batches(POINTS / 4, POINTS);
    for (const [b, batch] of more.entries()) await send(ingestion[b % instances].url, batch.body, crm, b);
    await reporting[1].start();
    const restartedAt = performance.now();
    await showsAll(expected + more.reduce((sum, batch) => sum + batch.total, 0));
    return { ...outcome, recoveryMs: performance.now() - restartedAt, missedPoints: POINTS / 4 };
  } finally {
    for (const service of all) await service.kill();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await run.cleanUp();
  }
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  const brokers = process.env.KAFKA_BROKERS;
  if (!databaseUrl || !brokers) throw new Error('the scale-out benchmark needs DATABASE_URL (PostgreSQL) and KAFKA_BROKERS');
  const one = await runWith(1, databaseUrl, brokers);
  const two = await runWith(2, databaseUrl, brokers);
  const row = (label: string, o: Outcome) =>
    `| ${label} | ${o.pointsPerSecond.toLocaleString('en')} | ${o.pointsPerCpuSecond.toLocaleString('en')} (${o.cpuSeconds.toFixed(1)} CPU s in ${o.seconds.toFixed(1)} s) | ${Object.entries(o.byService)
      .map(([service, cpu]) => `${service} ${cpu.toFixed(1)}`)
      .join(', ')} | ${o.idleCpuSeconds.toFixed(2)} |`;
  console.log(
    [
      `Scale-out, ${POINTS.toLocaleString('en')} data points in HTTP batches of ${BATCH}, every service its own process on PostgreSQL and Kafka, on ${machine()} (load average ${loadavg()[0].toFixed(1)} at the end)`,
      '',
      `| instances of each service | data points/s until every dashboard shows them | per CPU-second of the services | CPU s by service | CPU s of all services idle for ${IDLE_MS / 1000} s |`,
      '| --- | ---: | ---: | --- | ---: |',
      row('1', one),
      row('2', two),
      '',
      `per CPU-second, 2 instances / 1 (target >= 90 %): ${Math.round((100 * two.pointsPerCpuSecond) / one.pointsPerCpuSecond)} %`,
      `a reporting instance SIGKILLed, ${(two.missedPoints ?? 0).toLocaleString('en')} points sent while it was down, restarted: it showed them all ${((two.recoveryMs ?? NaN) / 1000).toFixed(1)} s after it was ready`,
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
