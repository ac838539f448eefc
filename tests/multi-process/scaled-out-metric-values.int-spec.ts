import { GOAL_EVENTS_TOPIC, goalEventMessageSchema } from '@okr/contracts';
import { describeWithDependency, KAFKA, POSTGRES, waitFor } from '@okr/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, CYCLE_ID, METRIC, QUARTER_START, REPS, setUpFieldTeam } from './field-team';
import { MultiProcessRun, randomPort } from './multi-process-run';
import { ServiceProcess } from './service-process';

const RECORDS = 16_000;
const CORRECTIONS = 4_000;
const BATCH = 500;
/** Check-ins without If-Match on one objective's key results, sent together beside each batch of data points (40 batches). */
const CHECK_INS_PER_BATCH = 12;
/** Then one after another, so that each key result's last value is known: 500 commands in all. */
const FINAL_CHECK_INS = 20;
const KEY_RESULTS = ['calls', 'meetings', 'demos'];

/** 20,000 data points: 16,000 deals, then 4,000 corrections of their amounts, in batches of 500. */
function dataPoints() {
  const rows = [];
  for (let n = 0; n < RECORDS + CORRECTIONS; n++) {
    const record = n % RECORDS;
    const value = n < RECORDS ? 100 + (record % 97) : 1_000 + (record % 89);
    const day = 1 + (record % 90);
    rows.push({
      metric: METRIC,
      subject: { type: 'person', id: REPS[record % REPS.length] },
      value,
      occurredAt: new Date(Date.parse(QUARTER_START) + day * 86_400_000 - 3_600_000).toISOString(),
      source: { system: 'crm', recordId: `opp-${record}` },
    });
  }
  return rows;
}

/** Each rep's sum of their records' latest amounts: what every target, key result and dashboard must end at. */
function expectedTotals(rows: ReturnType<typeof dataPoints>) {
  const latest = new Map<string, { person: string; value: number }>();
  for (const row of rows) latest.set(row.source.recordId, { person: row.subject.id, value: row.value });
  const totals = Object.fromEntries(REPS.map((rep) => [rep, 0]));
  for (const { person, value } of latest.values()) totals[person] += value;
  return totals;
}

/**
 * Two instances of each service on PostgreSQL and Kafka: targets bound on one goals instance, the
 * team's key result on the other, 20,000 data points sent to both ingestion instances in turn while
 * each kind of process is killed with SIGKILL and restarted, and 500 check-ins without If-Match on
 * one objective's key results, a dozen at a time, sent to either goals instance (the other when one
 * is down, as a load balancer would). In the end every target and key result on both goals
 * instances, and every dashboard on both reporting instances, equals what was sent; every check-in
 * was accepted and recorded once;
 * nothing was dead-lettered (each instance's metric index catches up and repairs from the ledger);
 * and each goal event is on the topic once, though both goals instances follow the event store.
 */
describeWithDependency('metric values with every service scaled out and killed on the way', POSTGRES, (databaseUrl) => {
  describeWithDependency('over Kafka', KAFKA, (brokers) => {
    const run = new MultiProcessRun(databaseUrl, brokers);
    const base = randomPort();
    const dataDirs = [mkdtempSync(join(tmpdir(), 'okr-reporting-1-')), mkdtempSync(join(tmpdir(), 'okr-reporting-2-'))];
    const goals = [run.goals(base, { INSTANCE_ID: 'goals-1' }), run.goals(base + 1, { INSTANCE_ID: 'goals-2' })];
    const reporting = [run.reporting(base + 2, dataDirs[0], 'reporting-1'), run.reporting(base + 3, dataDirs[1], 'reporting-2')];
    const ingestion = [run.ingestion(base + 4), run.ingestion(base + 5)];
    const all: ServiceProcess[] = [...ingestion, ...goals, ...reporting];

    afterAll(async () => {
      for (const process of all) await process.kill();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
      await run.cleanUp();
    });

    it('ends with every value equal to what was sent, on every instance', async () => {
      const admin = await run.token('olivia', 'admin');
      const crm = await run.token('integration:crm', 'integration');
      const send = (url: string, method: string, body: unknown, token = admin) => call(url, method, body, token);

      for (const instance of [...ingestion, ...goals, ...reporting]) await instance.start();

      // The team and its quarter, set up today as they were from the quarter's first day.
      await setUpFieldTeam({ targetsOn: goals[0].url, keyResultOn: goals[1].url, ingestion: ingestion[1].url, admin });
      const since = { effectiveAt: QUARTER_START };
      expect((await send(`${goals[0].url}/objectives`, 'POST', { id: 'pipeline', cycleId: CYCLE_ID, title: 'Fill the pipeline', owner: { type: 'team', id: 'field' }, commitment: 'aspirational', ...since })).status).toBe(201);
      for (const id of KEY_RESULTS) {
        const keyResult = { id, title: id, kind: 'metric', start: 0, target: 100_000, unit: 'count', direction: 'increase', ...since };
        expect((await send(`${goals[0].url}/objectives/pipeline/key-results`, 'POST', keyResult)).status).toBe(201);
      }

      // A check-in goes to one goals instance, or to the other while that one is down (refused: it never arrived).
      let commandsSent = 0;
      const checkIn = async (keyResultId: string, value: number, effectiveAt: string): Promise<number> => {
        const body = { value, confidence: 'on-track', note: `check-in ${commandsSent}`, effectiveAt };
        for (let attempt = commandsSent++; ; attempt++) {
          try {
            return (await send(`${goals[attempt % 2].url}/objectives/pipeline/key-results/${keyResultId}/check-ins`, 'POST', body)).status;
          } catch (error) {
            if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') throw error;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      };
      const checkInStatuses: number[] = [];
      const inAugust = (n: number) => new Date(Date.parse('2026-08-01T00:00:00Z') + n * 60_000).toISOString();

      const rows = dataPoints();
      const restarts: Promise<void>[] = [];
      const crashAndRestart = async (process: ServiceProcess) => {
        await process.kill();
        restarts.push(process.start());
      };
      for (let batch = 0; batch * BATCH < rows.length; batch++) {
        const body = rows.slice(batch * BATCH, (batch + 1) * BATCH);
        const to = ingestion[batch % 2];
        if (batch === 8) await crashAndRestart(goals[1]);
        if (batch === 16) await crashAndRestart(reporting[0]);
        if (batch === 32) await crashAndRestart(goals[0]);
        if (batch === 24) {
          // Killed while a batch is in flight: the client sends it again, which changes nothing that was committed.
          const inFlight = send(`${to.url}/datapoints`, 'POST', body, crm).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 20));
          await to.kill();
          await inFlight;
          await to.start();
        }
        const checkIns = Array.from({ length: CHECK_INS_PER_BATCH }, (_, i) => checkIn(KEY_RESULTS[i % KEY_RESULTS.length], batch * 100 + i, inAugust(batch * CHECK_INS_PER_BATCH + i)));
        const answer = await send(`${to.url}/datapoints`, 'POST', body, crm);
        checkInStatuses.push(...(await Promise.all(checkIns)));
        expect(answer.status).toBe(200);
        expect(((await answer.json()) as { summary: { rejected: number } }).summary.rejected).toBe(0);
      }
      await Promise.all(restarts);
      const finalValues: Record<string, number> = {};
      for (let i = 0; i < FINAL_CHECK_INS; i++) {
        const keyResultId = KEY_RESULTS[i % KEY_RESULTS.length];
        finalValues[keyResultId] = 10_000 + i;
        checkInStatuses.push(await checkIn(keyResultId, finalValues[keyResultId], new Date(Date.parse('2026-09-01T00:00:00Z') + i * 60_000).toISOString()));
      }
      // Without If-Match a check-in is retried on fresh state: none may answer 409.
      expect({ sent: checkInStatuses.length, accepted: checkInStatuses.filter((status) => status === 201).length }).toEqual({ sent: 500, accepted: 500 });

      const totals = expectedTotals(rows);
      const team = Object.values(totals).reduce((sum, value) => sum + value, 0);
      const json = async <T>(url: string) => (await (await send(url, 'GET', undefined)).json()) as T;
      type Goal = { state?: { currentValue?: number; keyResults: Record<string, { currentValue?: number }> } };
      type Dashboard = { targets?: { rows: { personId: string; value: number }[] }; objectives?: { id: string; keyResults: { id: string; value: number }[] }[] };
      // Sorted by id: the values are compared as JSON while waiting for them.
      const pipelineOf = (keyResults: { id: string; value?: number }[] = []) => Object.fromEntries(keyResults.map((kr) => [kr.id, kr.value]).sort(([a], [b]) => String(a).localeCompare(String(b))));
      const everyValue = async () => ({
        goals: await Promise.all(
          goals.map(async (instance) => ({
            targets: Object.fromEntries(await Promise.all(REPS.map(async (rep) => [rep, (await json<Goal>(`${instance.url}/targets/q-${rep}`)).state?.currentValue]))),
            team: (await json<Goal>(`${instance.url}/objectives/win`)).state?.keyResults['closed-won'].currentValue,
            pipeline: pipelineOf(Object.entries((await json<Goal>(`${instance.url}/objectives/pipeline`)).state?.keyResults ?? {}).map(([id, kr]) => ({ id, value: kr.currentValue }))),
          })),
        ),
        reporting: await Promise.all(
          reporting.map(async (instance) => {
            const dashboard = await json<Dashboard>(`${instance.url}/units/field/cycles/fy26-q3/dashboard`);
            return {
              targets: Object.fromEntries((dashboard.targets?.rows ?? []).map((row) => [row.personId, row.value])),
              team: dashboard.objectives?.find((objective) => objective.id === 'win')?.keyResults[0].value,
              pipeline: pipelineOf(dashboard.objectives?.find((objective) => objective.id === 'pipeline')?.keyResults),
            };
          }),
        ),
      });
      const expected = { targets: totals, team, pipeline: pipelineOf(Object.entries(finalValues).map(([id, value]) => ({ id, value }))) };
      const deadline = Date.now() + 120_000;
      let seen = await everyValue();
      while (JSON.stringify(seen) !== JSON.stringify({ goals: [expected, expected], reporting: [expected, expected] }) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        seen = await everyValue();
      }
      expect(seen).toEqual({ goals: [expected, expected], reporting: [expected, expected] });

      // Each goal event on the topic once: one goals instance at a time publishes the event store.
      const db = new Client({ connectionString: databaseUrl });
      await db.connect();
      const recorded = Number((await db.query(`select count(*) as n from ${run.schema}.events`)).rows[0].n);
      const checkInsRecorded = Number(
        (await db.query(`select count(*) as n from ${run.schema}.events where stream_id = 'objective-pipeline' and type = 'KeyResultCheckInRecorded'`)).rows[0].n,
      );
      await db.end();
      expect(checkInsRecorded).toBe(500);
      const onTopic = new Map<number, number>();
      const counter = await run.bus('goal-events-counter').consume({
        topic: GOAL_EVENTS_TOPIC,
        group: `counter-${randomUUID()}`,
        schema: goalEventMessageSchema,
        handle: async ({ value }) => void onTopic.set(value.globalPosition, (onTopic.get(value.globalPosition) ?? 0) + 1),
      });
      await waitFor(() => onTopic.size >= recorded, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // time for a second copy to arrive, were there one
      await counter.stop();
      expect({ events: onTopic.size, published: [...onTopic.values()].reduce((sum, n) => sum + n, 0) }).toEqual({ events: recorded, published: recorded });

      // Nothing went to a dead-letter topic on the way.
      const kafka = new Kafka({ clientId: 'dead-letter-check', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
      const kafkaAdmin = kafka.admin();
      await kafkaAdmin.connect();
      try {
        const topics = (await kafkaAdmin.listTopics()).filter((topic) => topic.startsWith(`mp-${run.id}.`) && topic.endsWith('.dead-letter'));
        for (const topic of topics) {
          const offsets = await kafkaAdmin.fetchTopicOffsets(topic);
          expect({ topic, messages: offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0) }).toEqual({ topic, messages: 0 });
        }
      } finally {
        await kafkaAdmin.disconnect();
      }
    }, 240_000);
  });
});
