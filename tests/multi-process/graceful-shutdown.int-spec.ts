import { GOAL_EVENTS_TOPIC, goalEventMessageSchema } from '@okr/contracts';
import { KafkaBus } from '@okr/message-bus';
import { signDevelopmentToken } from '@okr/service-kit';
import { describeWithDependency, KAFKA, POSTGRES } from '@okr/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ServiceProcess } from './service-process';

const SECRET = 'graceful-shutdown-secret-graceful-shutdown';
const UNITS = 25;

/**
 * A deploy stops the goals process with SIGTERM: it exits cleanly, having published everything it
 * recorded, so consumers are not left waiting for the next start.
 */
describeWithDependency('goals stops gracefully on SIGTERM', POSTGRES, (databaseUrl) => {
  describeWithDependency('with Kafka', KAFKA, (brokers) => {
    const schema = `okr_gs_${randomBytes(4).toString('hex')}`;
    const goals = new ServiceProcess('goals', 30_000 + Math.floor(Math.random() * 10_000), {
      EVENT_STORE: 'postgres',
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      BUS: 'kafka',
      KAFKA_BROKERS: brokers,
      JWT_SECRET: SECRET,
    });
    const bus = new KafkaBus({ brokers: brokers.split(','), clientId: 'graceful-shutdown-test' });

    afterAll(async () => {
      await goals.kill();
      await bus.close();
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    });

    it('exits with 0 right after its last command, with every recorded event on the bus', async () => {
      const run = schema.replace(/_/g, '-');
      const seen = new Set<number>();
      const consumer = await bus.consume({
        topic: GOAL_EVENTS_TOPIC,
        group: `graceful-${run}`,
        schema: goalEventMessageSchema,
        handle: async ({ value }) => {
          if ((value.data.unitId as string | undefined)?.startsWith(run)) seen.add(value.streamVersion);
        },
      });
      try {
        await goals.start();
        const token = await signDevelopmentToken({ secret: SECRET, subject: 'olivia', role: 'admin' });
        const create = (body: object) =>
          fetch(`${goals.url}/org/units`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        expect((await create({ id: `${run}-company`, name: 'Acme', kind: 'company' })).status).toBe(201);
        for (let i = 1; i < UNITS; i++) expect((await create({ id: `${run}-team-${i}`, name: `Team ${i}`, kind: 'team', parentId: `${run}-company` })).status).toBe(201);

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
