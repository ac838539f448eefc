import { createEventStore, OpenedEventStore, verifyChain } from '@okr/event-store';
import { describeWithDependency, eventStoreContract, newTestEvent, POSTGRES, uniqueStreamId } from '@okr/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

describeWithDependency('PostgreSQL event store', POSTGRES, (url) => {
  // Each run in a schema of its own, dropped afterwards.
  const schema = `okr_test_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  eventStoreContract('PostgreSQL', () => createEventStore({ kind: 'postgres', url, schema }));

  describe('with concurrent transactions', () => {
    let store: OpenedEventStore;
    let other: Client;
    beforeAll(async () => {
      store = await createEventStore({ kind: 'postgres', url, schema });
      other = new Client({ connectionString: url });
      await other.connect();
    });
    afterAll(async () => {
      await other.end();
      await store.close();
    });

    it('does not let a reader skip an event whose transaction commits after a later position', async () => {
      const from = (await store.eventStore.readAll({ limit: 1_000_000 })).at(-1)?.globalPosition ?? 0;
      // Transaction A takes a position and stays open.
      await other.query('begin');
      await other.query(
        `insert into ${schema}.events (stream_id, stream_version, event_id, type, data, metadata, recorded_at, effective_at, hash, prev_hash)
         values ($1, 1, gen_random_uuid(), 'Slow', '{}', '{}', now(), now(), 'x', null)`,
        [uniqueStreamId()],
      );
      // Transaction B takes a higher position and commits first.
      await store.eventStore.appendToStream(uniqueStreamId(), [newTestEvent('Fast')], { expectedVersion: 0 });

      expect((await store.eventStore.readAll({ fromPosition: from })).map((e) => e.type)).toEqual([]);

      await other.query('commit');
      expect((await store.eventStore.readAll({ fromPosition: from })).map((e) => e.type)).toEqual(['Slow', 'Fast']);
    });

    it('detects a row changed behind the store’s back, naming the version', async () => {
      const stream = uniqueStreamId();
      await store.eventStore.appendToStream(stream, [1, 2, 3].map((n) => newTestEvent('Paid', { amount: n })), { expectedVersion: 0 });
      await other.query(`update ${schema}.events set data = '{"amount": 1000}' where stream_id = $1 and stream_version = 2`, [stream]);
      const verification = verifyChain(await store.eventStore.readStream(stream));
      expect(verification).toMatchObject({ ok: false, verified: 1, brokenAt: { streamVersion: 2, reason: 'hash-mismatch' } });
    });
  });
});
