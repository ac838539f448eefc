import { GOAL_EVENTS_TOPIC, goalEventMessageSchema } from '@okr/contracts';
import { createEventStore } from '@okr/event-store';
import { InProcessBus } from '@okr/message-bus';
import { newTestEvent } from '@okr/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoalEventsPublisher } from '../../apps/goals/src/publishing/goal-events.publisher';
import { startGoalsService } from './goals-test-service';

/** The store is the outbox: whatever was appended reaches goals.events.v1, once per checkpoint, even across a crash. */
describe('publishing goal events', () => {
  const root = mkdtempSync(join(tmpdir(), 'okr-publish-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('publishes every recorded event, keyed by its stream, in order, matching the v1 contract', async () => {
    const bus = new InProcessBus();
    const svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus });
    const admin = await svc.token('olivia', 'admin');
    // Set up after the fact: the message carries both times, for reporting's time travel.
    await svc.http.post('/org/units').set('Authorization', `Bearer ${admin}`).send({ id: 'acme', name: 'Acme', kind: 'company', effectiveAt: '2026-10-01T00:00:00.000Z' }).expect(201);
    await svc.http.post('/org/units/acme/rename').set('Authorization', `Bearer ${admin}`).send({ name: 'Acme Inc.' }).expect(201);
    await svc.app.get(GoalEventsPublisher).caughtUp();

    const published = bus.messages(GOAL_EVENTS_TOPIC);
    expect(published.map((m) => [m.key, (m.value as { type: string }).type])).toEqual([
      ['organization', 'UnitCreated'],
      ['organization', 'UnitRenamed'],
    ]);
    for (const message of published) expect(goalEventMessageSchema.safeParse(message.value).success).toBe(true);
    expect(published[0].value).toMatchObject({ streamVersion: 1, metadata: { effectiveAt: '2026-10-01T00:00:00.000Z', recordedAt: '2027-01-04T09:00:00.000Z' } });
    expect(published[1].value).toMatchObject({ streamVersion: 2, metadata: { actor: 'olivia', recordedAt: '2027-01-04T09:00:00.000Z', effectiveAt: '2027-01-04T09:00:00.000Z' } });
    await svc.close();
  });

  it('publishes after a restart what was appended but not yet published, and nothing twice', async () => {
    const dataDir = join(root, 'outbox');
    // A process appended and died before publishing.
    const store = await createEventStore({ kind: 'embedded', dataDir: join(dataDir, 'goals-events') });
    await store.eventStore.appendToStream('kpi-nps', [newTestEvent('KpiDefined', { kpiId: 'nps' }), newTestEvent('KpiArchived', { kpiId: 'nps' })], { expectedVersion: 0 });
    await store.close();

    const bus = new InProcessBus();
    const first = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', dataDir, bus });
    await first.app.get(GoalEventsPublisher).caughtUp();
    expect(bus.messages(GOAL_EVENTS_TOPIC).map((m) => (m.value as { type: string }).type)).toEqual(['KpiDefined', 'KpiArchived']);
    await first.close();

    const second = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', dataDir, bus });
    await second.app.get(GoalEventsPublisher).caughtUp();
    expect(bus.messages(GOAL_EVENTS_TOPIC)).toHaveLength(2);
    await second.close();
  });
});
