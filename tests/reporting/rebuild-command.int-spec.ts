import { createEventStore } from '@okr/event-store';
import { EmbeddedReadStore } from '@okr/read-store';
import { describeWithDependency, newTestEvent, POSTGRES } from '@okr/testing';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GOAL_EVENTS_COLLECTION } from '../../apps/reporting/src/history/stored-goal-event';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

/** The rebuild command as an operator runs it: its own process, the goals events in PostgreSQL, progress on stderr. */
describeWithDependency('reporting rebuild command', POSTGRES, (url) => {
  const schema = `reporting_rebuild_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'okr-rebuild-command-'));
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const opened = await createEventStore({ kind: 'postgres', url, schema });
    await opened.sql.query(`drop schema ${schema} cascade`);
    await opened.close();
  });

  it('rebuilds the read model from the goals event store, then resumes nothing when run again', async () => {
    const opened = await createEventStore({ kind: 'postgres', url, schema });
    await opened.eventStore.appendToStream('kpi-nps', [newTestEvent('KpiDefined', { kpiId: 'nps', unitId: 't', name: 'NPS', unit: 'pt', goal: { direction: 'increase', target: 1 } })], { expectedVersion: 0 });
    await opened.eventStore.appendToStream('kpi-nps', Array.from({ length: 2_400 }, (_, i) => newTestEvent('KpiCheckInRecorded', { value: i, confidence: 'on-track' })), { expectedVersion: 1 });
    await opened.close();

    const env = { ...process.env, EVENT_STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema, DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' };
    const command = ['-r', join(root, 'tools', 'register.cjs'), join(root, 'apps', 'reporting', 'src', 'rebuild.ts')];
    const first = await run(process.execPath, command, { env, cwd: root });
    expect(first.stderr).toMatch(/\[#{30}\] 100 % 2,401\/2,401 events · [\d,]+ events\/s · ETA 0s/);
    expect(first.stderr).toMatch(/rebuilt: 2401 events read, up to position 2401/);

    const store = new EmbeddedReadStore(join(dataDir, 'reporting', 'read-models.ndjson'));
    expect(await store.collection(GOAL_EVENTS_COLLECTION).count()).toBe(2_401);
    await store.close();

    // A finished rebuild is not resumed: the next run starts afresh, with the same result.
    const second = await run(process.execPath, command, { env, cwd: root });
    expect(second.stderr).toMatch(/rebuilt: 2401 events read/);
  }, 120_000);

  it('names what is missing instead of starting', async () => {
    const { EVENT_STORE: _unset, ...inherited } = process.env;
    const env = { ...inherited, DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(32) };
    await expect(run(process.execPath, ['-r', join(root, 'tools', 'register.cjs'), join(root, 'apps', 'reporting', 'src', 'rebuild.ts')], { env, cwd: root })).rejects.toMatchObject({
      stderr: expect.stringContaining('EVENT_STORE: required for a rebuild'),
    });
  }, 60_000);
});
