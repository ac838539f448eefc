import { GOAL_EVENTS_TOPIC, goalEventMessageSchema } from '@okr/contracts';
import { describeWithDependency, KAFKA, POSTGRES } from '@okr/testing';
import { MultiProcessRun } from './multi-process-run';

const UNITS = 25;

/**
 * A deploy stops the goals process with SIGTERM: it exits cleanly, having published everything it
 * recorded, so consumers are not left waiting for the next start.
 */
describeWithDependency('goals stops gracefully on SIGTERM', POSTGRES, (databaseUrl) => {
  describeWithDependency('with Kafka', KAFKA, (brokers) => {
    const run = new MultiProcessRun(databaseUrl, brokers);
    const goals = run.goals();

    afterAll(async () => {
      await goals.kill();
      await run.cleanUp();
    });

    it('exits with 0 right after its last command, with every recorded event on the bus', async () => {
      const seen = new Set<number>();
      const consumer = await run.bus('graceful-shutdown-test').consume({
        topic: GOAL_EVENTS_TOPIC,
        group: 'reporting',
        schema: goalEventMessageSchema,
        handle: async ({ value }) => void seen.add(value.streamVersion),
      });
      try {
        await goals.start();
        const token = await run.token('olivia', 'admin');
        const create = (body: object) =>
          fetch(`${goals.url}/org/units`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        expect((await create({ id: 'company', name: 'Acme', kind: 'company' })).status).toBe(201);
        for (let i = 1; i < UNITS; i++) expect((await create({ id: `team-${i}`, name: `Team ${i}`, kind: 'team', parentId: 'company' })).status).toBe(201);

        expect(await goals.stop()).toBe(0);

        const deadline = Date.now() + 30_000;
        while (seen.size < UNITS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(seen.size).toBe(UNITS);
        expect(goals.output).not.toMatch(/"level":(50|60)|error/i);
      } finally {
        await consumer.stop();
      }
    });
  });
});
