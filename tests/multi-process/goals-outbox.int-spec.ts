import { GOAL_EVENTS_TOPIC, goalEventMessageSchema } from '@okr/contracts';
import { describeWithDependency, KAFKA, POSTGRES } from '@okr/testing';
import { MultiProcessRun } from './multi-process-run';

const UNITS = 40;

/**
 * The goals service as its own process on PostgreSQL and Kafka, killed with SIGKILL while it
 * records and publishes: after a restart every recorded event is on goals.events.v1, and a
 * consumer that applies each (stream, version) once counts each exactly once.
 */
describeWithDependency('goals as a separate process on PostgreSQL and Kafka', POSTGRES, (databaseUrl) => {
  describeWithDependency('with Kafka', KAFKA, (brokers) => {
    const run = new MultiProcessRun(databaseUrl, brokers);
    const goals = run.goals();

    afterAll(async () => {
      await goals.kill();
      await run.cleanUp();
    });

    it('publishes every recorded event once after a SIGKILL mid-stream', async () => {
      const applied = new Map<number, string>(); // stream version -> unit id: what an idempotent read model keeps
      let deliveries = 0;
      const consumer = await run.bus('reporting-stand-in').consume({
        topic: GOAL_EVENTS_TOPIC,
        group: 'reporting',
        schema: goalEventMessageSchema,
        handle: async ({ value }) => {
          deliveries++;
          if (!applied.has(value.streamVersion)) applied.set(value.streamVersion, value.data.unitId as string);
        },
      });
      try {
        await goals.start();
        const token = await run.token('olivia', 'admin');
        const create = (body: object) =>
          fetch(`${goals.url}/org/units`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        expect((await create({ id: 'company', name: 'Acme', kind: 'company' })).status).toBe(201);
        for (let i = 1; i < UNITS; i++) expect((await create({ id: `dept-${i}`, name: `Department ${i}`, kind: 'department', parentId: 'company' })).status).toBe(201);

        await goals.kill(); // mid-stream: the publisher may not have sent the last events
        await goals.start();

        const deadline = Date.now() + 60_000;
        while (applied.size < UNITS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        expect([...applied.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: UNITS }, (_, i) => i + 1));
        expect(new Set(applied.values()).size).toBe(UNITS);
        // Once each on the topic: the restarted publisher finds what its predecessor sent after its last checkpoint.
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        expect(deliveries).toBe(UNITS);
      } finally {
        await consumer.stop();
      }
    });
  });
});
