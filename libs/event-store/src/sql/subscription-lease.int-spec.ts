import { createEventStore, OpenedSqlEventStore } from '@okr/event-store';
import { newTestEvent, uniqueStreamId, waitFor } from '@okr/testing';

/**
 * The lease behind exclusive subscriptions, against the database row itself: another process's
 * holder is planted in it, as a process that died or took over would leave it.
 */
describe('exclusive subscription lease (embedded PGlite)', () => {
  let opened: OpenedSqlEventStore;
  beforeAll(async () => (opened = (await createEventStore({ kind: 'embedded', dataDir: 'memory://' })) as OpenedSqlEventStore));
  afterAll(() => opened.close());

  const plantHolder = (id: string, holder: string | null, forMs: number) =>
    opened.sql.query(
      `insert into goals.subscription_checkpoints (subscription_id, position, holder, lease_expires_at) values ($1, 0, $2, now() + $3 * interval '1 millisecond')
       on conflict (subscription_id) do update set holder = excluded.holder, lease_expires_at = excluded.lease_expires_at`,
      [id, holder, forMs],
    );
  const checkpointOf = async (id: string) => Number((await opened.sql.query<{ position: string }>('select position from goals.subscription_checkpoints where subscription_id = $1', [id]))[0].position);

  it('waits while a process that died still holds the lease, and takes over once it expires', async () => {
    const id = uniqueStreamId('subscription');
    const types = [`L-${id}`];
    await opened.eventStore.appendToStream(uniqueStreamId(), [newTestEvent(types[0], { n: 1 })], { expectedVersion: 0 });
    await plantHolder(id, 'host:4242:dead', 600);
    const seen: unknown[] = [];
    const started = Date.now();
    let handledAfter = 0;
    const subscription = opened.eventStore.subscribe({ subscriptionId: id, types, exclusive: true, leaseMs: 400, handle: async (e) => void (seen.push(e.data.n), (handledAfter = Date.now() - started)) });
    await sleep(300);
    expect(seen).toEqual([]);
    await waitFor(() => seen.length === 1);
    await subscription.stop();
    expect(handledAfter).toBeGreaterThanOrEqual(500);
    expect(handledAfter).toBeLessThan(3_000);
  });

  it('stops handling once another holder has taken the lease over, without moving its checkpoint, and goes on when it is free again', async () => {
    const id = uniqueStreamId('subscription');
    const types = [`T-${id}`];
    const stream = uniqueStreamId();
    await opened.eventStore.appendToStream(stream, [newTestEvent(types[0], { n: 1 })], { expectedVersion: 0 });
    const seen: unknown[] = [];
    const subscription = opened.eventStore.subscribe({ subscriptionId: id, types, exclusive: true, leaseMs: 300, handle: async (e) => void seen.push(e.data.n) });
    await subscription.caughtUp();
    const checkpoint = await checkpointOf(id);

    await plantHolder(id, 'host:4343:other', 60_000);
    await sleep(250); // past a renewal (every leaseMs / 3): the subscription learns it lost the lease
    await opened.eventStore.appendToStream(stream, [newTestEvent(types[0], { n: 2 })], { expectedVersion: 1 });
    await sleep(400);
    expect(seen).toEqual([1]);
    expect(await checkpointOf(id)).toBe(checkpoint);

    await plantHolder(id, null, 0);
    await waitFor(() => seen.length === 2);
    await subscription.stop();
    expect(seen).toEqual([1, 2]);
    expect(await checkpointOf(id)).toBeGreaterThan(checkpoint);
  });

  it('refuses an exclusive subscription without an id to hold the lease by', () => {
    expect(() => opened.eventStore.subscribe({ exclusive: true, handle: async () => undefined })).toThrow('an exclusive subscription needs a subscriptionId');
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
