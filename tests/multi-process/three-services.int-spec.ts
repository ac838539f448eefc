import { describeWithDependency, KAFKA, POSTGRES } from '@okr/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiProcessRun } from './multi-process-run';
import { ServiceProcess } from './service-process';

const CHECK_INS = 30;

/**
 * The three services as separate processes over real Kafka, goals and ingestion on PostgreSQL: a
 * command on goals becomes visible in reporting; reporting killed with SIGKILL in the middle of a
 * stream of check-ins and restarted loses nothing and counts nothing twice; a data point sent to
 * metrics-ingestion moves a quota that reporting shows.
 */
describeWithDependency('the three services as separate processes over Kafka', POSTGRES, (databaseUrl) => {
  describeWithDependency('with Kafka', KAFKA, (brokers) => {
    const run = new MultiProcessRun(databaseUrl, brokers);
    const dataDir = mkdtempSync(join(tmpdir(), 'okr-reporting-'));
    const goals = run.goals();
    // No event store for reporting: the bus alone feeds it, so nothing but its journal and the committed offsets can save it.
    const reporting = new ServiceProcess('reporting', goals.port + 1, { ...run.sharedEnv, READ_STORE: 'embedded', DATA_DIR: dataDir, INSTANCE_ID: 'reporting-1' });

    const ingestion = run.ingestion(goals.port + 2);

    afterAll(async () => {
      await ingestion.kill();
      await reporting.kill();
      await goals.kill();
      rmSync(dataDir, { recursive: true, force: true });
      await run.cleanUp();
    });

    it('shows every check-in exactly once after the consumer was killed mid-stream', async () => {
      const admin = await run.token('olivia', 'admin');
      const headers = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
      const post = async (path: string, body: object) => {
        const res = await fetch(`${goals.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
        expect(res.status).toBe(201);
      };
      const kpiHistory = async () => {
        const res = await fetch(`${reporting.url}/kpis/nps/history`, { headers });
        return res.ok ? ((await res.json()) as { changes: { version: number; type: string }[] }).changes : [];
      };
      const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const value = await read();
          if (done(value) || Date.now() > deadline) return value;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      };

      await goals.start();
      await reporting.start();
      await post('/org/units', { id: 'acme', name: 'Acme', kind: 'company' });
      await post('/org/units', { id: 'support', name: 'Support', kind: 'team', parentId: 'acme' });
      await post('/kpis', { id: 'nps', unitId: 'support', name: 'NPS', unit: 'points', direction: 'stay-above', target: 40 });
      expect((await waitFor(kpiHistory, (changes) => changes.length === 1)).map((c) => c.type)).toEqual(['KpiDefined']);

      for (let value = 1; value <= CHECK_INS; value++) {
        await post('/kpis/nps/check-ins', { value, confidence: 'on-track' });
        if (value === CHECK_INS / 2) await reporting.kill(); // no shutdown hooks, no flush: a crash
      }
      await reporting.start();

      const changes = await waitFor(kpiHistory, (c) => c.length >= CHECK_INS + 1);
      expect(changes.map((c) => c.version)).toEqual(Array.from({ length: CHECK_INS + 1 }, (_, i) => i + 1));
      expect(changes.filter((c) => c.type === 'KpiCheckInRecorded')).toHaveLength(CHECK_INS);

      const series = (await (await fetch(`${reporting.url}/series/kpis/nps?points=2`, { headers })).json()) as { points: { value: number; health: string }[] };
      expect(series.points.at(-1)).toMatchObject({ value: CHECK_INS, health: 'unhealthy' });
    });

    it('moves a quota from a data point sent to metrics-ingestion, each service its own process', async () => {
      const admin = await run.token('olivia', 'admin');
      const headers = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
      const send = async (url: string, method: string, body: unknown, status: number) => {
        const res = await fetch(url, { method, headers, body: JSON.stringify(body) });
        expect(res.status).toBe(status);
      };
      await ingestion.start();
      await send(`${ingestion.url}/metric-definitions/sales.closed_won_amount`, 'PUT', { name: 'Closed-won amount', unit: 'EUR' }, 200);
      await send(`${goals.url}/org/people`, 'POST', { id: 'rita', name: 'Rita', email: 'rita@acme.test' }, 201);
      await send(`${goals.url}/org/units/support/members`, 'POST', { personId: 'rita' }, 201);
      await send(`${goals.url}/cycles`, 'POST', { id: 'fy26-q4', kind: 'quarter', fiscalYear: 2026, quarter: 4 }, 201);
      await send(`${goals.url}/targets`, 'POST', { id: 'rita-q4', personId: 'rita', unitId: 'support', cycleId: 'fy26-q4', metric: 'sales.closed_won_amount', targetValue: 100000, unit: 'EUR' }, 201);
      await send(`${goals.url}/targets/rita-q4/metric-binding`, 'POST', { aggregation: 'sum' }, 201);
      const point = (recordId: string, value: number) => ({
        metric: 'sales.closed_won_amount',
        subject: { type: 'person', id: 'rita' },
        value,
        occurredAt: '2026-11-02T10:00:00Z',
        source: { system: 'crm', recordId },
        operation: 'upsert',
      });
      await send(`${ingestion.url}/datapoints`, 'POST', [point('opp-1', 25_000), point('opp-2', 15_000)], 200);
      await send(`${ingestion.url}/datapoints`, 'POST', [point('opp-1', 25_000)], 200); // delivered again: changes nothing

      const deadline = Date.now() + 60_000;
      let row: { value?: number } | undefined;
      while (Date.now() < deadline) {
        const res = await fetch(`${reporting.url}/units/support/cycles/fy26-q4/dashboard`, { headers });
        if (res.ok) row = ((await res.json()) as { targets: { rows: { targetId: string; value: number }[] } }).targets.rows.find((r) => r.targetId === 'rita-q4');
        if (row?.value === 40_000) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(row).toMatchObject({ value: 40_000, source: 'ingested' });
    });
  });
});
