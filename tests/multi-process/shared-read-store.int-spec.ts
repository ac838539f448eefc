import { MongoReadStore } from '@okr/read-store';
import { describeWithDependency, KAFKA, MONGODB, POSTGRES } from '@okr/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { call } from './field-team';
import { MultiProcessRun, randomPort } from './multi-process-run';

const KPIS = ['calls', 'tickets', 'nps', 'csat', 'churn', 'uptime', 'backlog', 'latency'];
const ROUNDS = 20;
const CYCLE = 'fy26-q4';

type History = { changes: { version: number }[] };
type Dashboard = { kpis?: { id: string; value?: number | null }[] };

/**
 * Two reporting instances on one MongoDB read store over Kafka: they share one consumer group of
 * goal events (each gets some partitions) and one store, and both answer the same dashboard. One is
 * killed with SIGKILL in the middle of a stream of check-ins: the other takes its partitions over
 * and applies everything, each goal event stored once; restarted, the killed one answers the same.
 */
describeWithDependency('reporting instances sharing one MongoDB read store', POSTGRES, (databaseUrl) => {
  describeWithDependency('with MongoDB', MONGODB, (mongoUrl) => {
    describeWithDependency('over Kafka', KAFKA, (brokers) => {
      const run = new MultiProcessRun(databaseUrl, brokers);
      const mongodbUrl = mongoUrl.replace(/\/[^/?]*(\?|$)/, `/okr_shared_${randomBytes(4).toString('hex')}$1`);
      const base = randomPort();
      const goals = run.goals(base, { INSTANCE_ID: 'goals-1' });
      const reporting = [run.sharedReporting(base + 1, mongodbUrl, 'reporting-1'), run.sharedReporting(base + 2, mongodbUrl, 'reporting-2')];
      let store: MongoReadStore | undefined;

      afterAll(async () => {
        for (const process of [...reporting, goals]) await process.kill();
        await store?.dropDatabase();
        await store?.close();
        await run.cleanUp();
      });

      it('answers the same everywhere, each goal event stored once, a killed instance’s partitions taken over', async () => {
        const admin = await run.token('olivia', 'admin');
        const post = async (path: string, body: object) => {
          const res = await call(`${goals.url}${path}`, 'POST', body, admin);
          if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        };
        const json = async <T>(url: string): Promise<T | undefined> => {
          const res = await call(url, 'GET', undefined, admin);
          return res.ok ? ((await res.json()) as T) : undefined;
        };
        const versionsOf = async (url: string, kpi: string) => ((await json<History>(`${url}/kpis/${kpi}/history`))?.changes ?? []).map((change) => change.version);
        const everyHistory = async (url: string) => Object.fromEntries(await Promise.all(KPIS.map(async (kpi) => [kpi, await versionsOf(url, kpi)])));
        const kpiValues = async (url: string) =>
          Object.fromEntries(((await json<Dashboard>(`${url}/units/support/cycles/${CYCLE}/dashboard`))?.kpis ?? []).map((kpi) => [kpi.id, kpi.value]).sort(([a], [b]) => String(a).localeCompare(String(b))));
        const settle = async <T>(read: () => Promise<T>, expected: T, ms = 90_000): Promise<T> => {
          const deadline = Date.now() + ms;
          let seen = await read();
          while (JSON.stringify(seen) !== JSON.stringify(expected) && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 300));
            seen = await read();
          }
          return seen;
        };

        await goals.start();
        for (const instance of reporting) await instance.start();
        await post('/org/units', { id: 'acme', name: 'Acme', kind: 'company' });
        await post('/org/units', { id: 'support', name: 'Support', kind: 'team', parentId: 'acme' });
        await post('/cycles', { id: CYCLE, kind: 'quarter', fiscalYear: 2026, quarter: 4 });
        for (const kpi of KPIS) await post('/kpis', { id: kpi, unitId: 'support', name: kpi, unit: 'points', direction: 'stay-above', target: 40 });

        // One group for both: each instance has some of the partitions.
        const kafka = new Kafka({ clientId: 'group-check', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
        const kafkaAdmin = kafka.admin();
        await kafkaAdmin.connect();
        const groupMembers = async () => (await kafkaAdmin.describeGroups([`mp-${run.id}.reporting`])).groups[0].members.length;
        expect(await settle(groupMembers, 2, 30_000)).toBe(2);
        await kafkaAdmin.disconnect();

        const defined = Object.fromEntries(KPIS.map((kpi) => [kpi, [1]]));
        expect(await settle(() => everyHistory(reporting[0].url), defined)).toEqual(defined);
        expect(await settle(() => everyHistory(reporting[1].url), defined)).toEqual(defined);

        for (let round = 1; round <= ROUNDS; round++) {
          for (const kpi of KPIS) await post(`/kpis/${kpi}/check-ins`, { value: round, confidence: 'on-track' });
          if (round === ROUNDS / 2) await reporting[0].kill(); // no shutdown hooks, no flush: a crash
        }

        // The survivor alone now consumes every partition: it holds every check-in, once.
        const complete = Object.fromEntries(KPIS.map((kpi) => [kpi, Array.from({ length: ROUNDS + 1 }, (_, i) => i + 1)]));
        expect(await settle(() => everyHistory(reporting[1].url), complete)).toEqual(complete);
        store = await MongoReadStore.connect(mongodbUrl);
        expect(await store.collection('goal_events').count({ streamId: { $regex: '^kpi-' } })).toBe(KPIS.length * (ROUNDS + 1));

        // Restarted, the killed instance answers the same, from the shared store.
        await reporting[0].start();
        const lastValues = Object.fromEntries(KPIS.map((kpi) => [kpi, ROUNDS]).sort(([a], [b]) => String(a).localeCompare(String(b))));
        expect(await settle(() => kpiValues(reporting[1].url), lastValues)).toEqual(lastValues);
        expect(await settle(() => kpiValues(reporting[0].url), lastValues)).toEqual(lastValues);
        expect(await settle(() => everyHistory(reporting[0].url), complete)).toEqual(complete);

        // And what either instance consumes next, both show.
        for (const kpi of KPIS) await post(`/kpis/${kpi}/check-ins`, { value: 99, confidence: 'at-risk' });
        const after = Object.fromEntries(KPIS.map((kpi) => [kpi, 99]).sort(([a], [b]) => String(a).localeCompare(String(b))));
        expect([await settle(() => kpiValues(reporting[0].url), after), await settle(() => kpiValues(reporting[1].url), after)]).toEqual([after, after]);
        expect(await store.collection('goal_events').count({ streamId: { $regex: '^kpi-' } })).toBe(KPIS.length * (ROUNDS + 2));
      }, 240_000);
    });
  });
});
