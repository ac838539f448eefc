import { createEventStore, OpenedEventStore } from '@okr/event-store';
import { newTestEvent, uniqueStreamId, waitFor } from '@okr/testing';
import { z } from 'zod';
import { InProcessBus } from '../in-process/in-process.bus';
import { OutboxRelay } from './outbox-relay';

/** Two instances of a service, each with its relay, on one event store (embedded PGlite) and one bus. */
describe('outbox relays of two instances on one log', () => {
  let opened: OpenedEventStore;
  beforeAll(async () => (opened = await createEventStore({ kind: 'embedded', dataDir: 'memory://' })));
  afterAll(() => opened.close());

  it('publish each event once, and the standby goes on where the stopped one left off', async () => {
    const bus = new InProcessBus();
    const topic = 'orders.v1';
    const relay = () =>
      new OutboxRelay({
        bus,
        topic,
        subscriptionId: `publisher:${topic}`,
        subscribe: (options) => opened.eventStore.subscribe(options),
        contract: z.object({ n: z.number() }),
        toMessage: (event) => ({ key: event.streamId, value: event.data }),
      });
    const instances = [relay(), relay()];
    instances.forEach((instance) => instance.start());
    const append = async (from: number, to: number) => {
      for (let n = from; n < to; n += 10) {
        await opened.eventStore.appendToStream(uniqueStreamId(), Array.from({ length: 10 }, (_, i) => newTestEvent('OrderPlaced', { n: n + i })), { expectedVersion: 0 });
      }
    };
    const published = () => bus.messages(topic).map((message) => (message.value as { n: number }).n);

    await append(0, 200);
    await waitFor(() => published().length >= 200);
    // Both relays run: a stop of either hands the log over, the one that published or the standby.
    await instances[0].stop();
    await append(200, 400);
    await waitFor(() => published().length >= 400);
    await instances[1].stop();

    expect(published().sort((a, b) => a - b)).toEqual(Array.from({ length: 400 }, (_, n) => n));
    await bus.close();
  });
});
