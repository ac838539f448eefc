import { GOAL_EVENTS_TOPIC, goalEventMessageSchema } from '@okr/contracts';
import { describeWithDependency, KAFKA, POSTGRES, waitFor } from '@okr/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, METRIC, QUARTER_START, REPS, setUpFieldTeam } from './field-team';
import { MultiProcessRun, randomPort } from './multi-process-run';
import { ServiceProcess } from './service-process';

const RECORDS = 16_000;
const CORRECTIONS = 4_000;
const BATCH = 500;

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
 * each kind of process is killed with SIGKILL and restarted. In the end every target and key result
 * on both goals instances, and every dashboard on both reporting instances, equals what was sent;
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
        const answer = await send(`${to.url}/datapoints`, 'POST', body, crm);
        expect(answer.status).toBe(200);
        expect(((await answer.json()) as { summary: { rejected: number } }).summary.rejected).toBe(0);
      }
      await Promise.all(restarts);

      const totals = expectedTotals(rows);
      const team = Object.values(totals).reduce((sum, value) => sum + value, 0);
      const json = async <T>(url: string) => (await (await send(url, 'GET', undefined)).json()) as T;
      type Goal = { state?: { currentValue?: number; keyResults: Record<string, { currentValue?: number }> } };
      type Dashboard = { targets?: { rows: { personId: string; value: number }[] }; objectives?: { keyResults: { value: number }[] }[] };
      const everyValue = async () => ({
        goals: await Promise.all(
          goals.map(async (instance) => ({
            targets: Object.fromEntries(await Promise.all(REPS.map(async (rep) => [rep, (await json<Goal>(`${instance.url}/targets/q-${rep}`)).state?.currentValue]))),
            team: (await json<Goal>(`${instance.url}/objectives/win`)).state?.keyResults['closed-won'].currentValue,
          })),
        ),
        reporting: await Promise.all(
          reporting.map(async (instance) => {
            const dashboard = await json<Dashboard>(`${instance.url}/units/field/cycles/fy26-q3/dashboard`);
            return {
              targets: Object.fromEntries((dashboard.targets?.rows ?? []).map((row) => [row.personId, row.value])),
              team: dashboard.objectives?.[0]?.keyResults[0].value,
            };
          }),
        ),
      });
      const expected = { targets: totals, team };
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
      await db.end();
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
    });
  });
});
