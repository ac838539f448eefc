import { describeWithDependency, KAFKA, POSTGRES } from '@okr/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiProcessRun } from './multi-process-run';
import { ServiceProcess } from './service-process';

const CHECK_INS = 30;

/**
 * goals and reporting as separate processes over real Kafka, goals on PostgreSQL: a command on
 * goals becomes visible in reporting; reporting killed with SIGKILL in the middle of a stream of
 * check-ins and restarted loses nothing and counts nothing twice.
 */
describeWithDependency('reporting as a separate process consuming goals over Kafka', POSTGRES, (databaseUrl) => {
  describeWithDependency('with Kafka', KAFKA, (brokers) => {
    const run = new MultiProcessRun(databaseUrl, brokers);
    const dataDir = mkdtempSync(join(tmpdir(), 'okr-reporting-'));
    const goals = run.goals();
    // No event store for reporting: the bus alone feeds it, so nothing but its journal and the committed offsets can save it.
    const reporting = new ServiceProcess('reporting', goals.port + 1, { ...run.sharedEnv, READ_STORE: 'embedded', DATA_DIR: dataDir });

    afterAll(async () => {
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
  });
});
