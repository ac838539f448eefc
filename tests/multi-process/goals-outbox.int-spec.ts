import { GOAL_EVENTS_TOPIC, goalEventMessageSchema } from '@okr/contracts';
import { KafkaBus } from '@okr/message-bus';
import { signDevelopmentToken } from '@okr/service-kit';
import { describeWithDependency, KAFKA, POSTGRES } from '@okr/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ServiceProcess } from './service-process';

const SECRET = 'multi-process-secret-multi-process-secret';
const UNITS = 40;

/**
 * The goals service as its own process on PostgreSQL and Kafka, killed with SIGKILL while it
 * records and publishes: after a restart every recorded event is on goals.events.v1, and a
 * consumer that applies each (stream, version) once counts each exactly once.
 */
describeWithDependency('goals as a separate process on PostgreSQL and Kafka', POSTGRES, (databaseUrl) => {
  describeWithDependency('with Kafka', KAFKA, (brokers) => {
    const schema = `okr_mp_${randomBytes(4).toString('hex')}`;
    const goals = new ServiceProcess('goals', 20_000 + Math.floor(Math.random() * 10_000), {
      EVENT_STORE: 'postgres',
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      BUS: 'kafka',
      KAFKA_BROKERS: brokers,
      JWT_SECRET: SECRET,
    });
    const bus = new KafkaBus({ brokers: brokers.split(','), clientId: 'multi-process-test' });

    afterAll(async () => {
      await goals.stop();
      await bus.close();
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    });

    it('publishes every recorded event after a SIGKILL, and an idempotent consumer counts each once', async () => {
      const run = schema.replace(/_/g, '-');
      const applied = new Map<number, string>(); // stream version -> unit id: what an idempotent read model keeps
      let deliveries = 0;
      const consumer = await bus.consume({
        topic: GOAL_EVENTS_TOPIC,
        group: `reporting-${run}`,
        schema: goalEventMessageSchema,
        handle: async ({ value }) => {
          const unitId = value.data.unitId as string | undefined;
          if (!unitId?.startsWith(run)) return;
          deliveries++;
          if (!applied.has(value.streamVersion)) applied.set(value.streamVersion, unitId);
        },
      });
      try {
        await goals.start();
        const token = await signDevelopmentToken({ secret: SECRET, subject: 'olivia', role: 'admin' });
        const create = (body: object) =>
          fetch(`${goals.url}/org/units`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        expect((await create({ id: `${run}-company`, name: 'Acme', kind: 'company' })).status).toBe(201);
        for (let i = 1; i < UNITS; i++) expect((await create({ id: `${run}-dept-${i}`, name: `Department ${i}`, kind: 'department', parentId: `${run}-company` })).status).toBe(201);

        await goals.kill(); // mid-stream: the publisher may not have sent the last events
        await goals.start();

        const deadline = Date.now() + 60_000;
        while (applied.size < UNITS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        expect([...applied.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: UNITS }, (_, i) => i + 1));
        expect(new Set(applied.values()).size).toBe(UNITS);
        expect(deliveries).toBeGreaterThanOrEqual(UNITS); // redeliveries are allowed; the consumer absorbs them
      } finally {
        await consumer.stop();
      }
    });
  });
});
