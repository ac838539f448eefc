import { RecordedEvent } from '@okr/contracts';
import type { EventSubscription, SubscribeOptions } from '@okr/event-store';
import { z } from 'zod';
import { InProcessBus } from '../in-process/in-process.bus';
import { deadLetterTopic } from '../message-bus.port';
import { notYetPublished, OutboxRelay } from './outbox-relay';

const event = (streamId: string, data: Record<string, unknown>, globalPosition: number) => ({ streamId, data, globalPosition }) as unknown as RecordedEvent;

/** A log whose subscription the test drives by hand. */
function handDrivenLog() {
  const opened: SubscribeOptions[] = [];
  const subscribe = (options: SubscribeOptions): EventSubscription => {
    opened.push(options);
    return { position: 0, caughtUp: async () => undefined, stop: async () => undefined };
  };
  return { opened, subscribe };
}

describe('the outbox relay', () => {
  const contract = z.object({ n: z.number() });

  it('publishes what was read together in one request, keyed, and dead-letters what breaks the contract with the reason', async () => {
    const bus = new InProcessBus();
    const log = handDrivenLog();
    const relay = new OutboxRelay({ bus, topic: 'orders.v1', subscriptionId: 'publisher:orders.v1', subscribe: log.subscribe, contract, toMessage: (e) => ({ key: e.streamId, value: e.data }) });
    relay.start();
    await log.opened[0].handleBatch!([event('a', { n: 1 }, 1), event('b', { n: 'two' }, 2), event('a', { n: 3 }, 3)]);
    expect(bus.messages('orders.v1')).toEqual([
      { key: 'a', value: { n: 1 } },
      { key: 'a', value: { n: 3 } },
    ]);
    expect(bus.messages(deadLetterTopic('orders.v1'))).toEqual([
      { key: 'b', value: expect.objectContaining({ topic: 'orders.v1', key: 'b', value: { n: 'two' }, attempts: 0, reason: expect.stringMatching(/breaks the orders.v1 contract.*n/s) }) },
    ]);
  });

  it('resumes from the checkpoint after the bus failed, and not once stopped', async () => {
    jest.useFakeTimers();
    try {
      const log = handDrivenLog();
      const relay = new OutboxRelay({ bus: new InProcessBus(), topic: 't', subscriptionId: 's', subscribe: log.subscribe, contract, toMessage: (e) => ({ key: e.streamId, value: e.data }), restartDelayMs: 500 });
      relay.start();
      log.opened[0].onError!(new Error('broker unreachable'));
      jest.advanceTimersByTime(500);
      expect(log.opened).toHaveLength(2);
      expect(log.opened[1].subscriptionId).toBe('s');
      await relay.stop();
      log.opened[1].onError!(new Error('broker unreachable'));
      jest.advanceTimersByTime(500);
      expect(log.opened).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('sends of its first batch after a takeover only what its predecessor had not put on each partition', () => {
    const message = (key: string, n: number) => ({ key, value: { key, n } });
    const batch = [message('a', 1), message('b', 2), message('a', 3), message('b', 4), message('a', 5), message('c', 6)];
    // a goes to partition 0, b to 1, c to 2; partition 0 got up to a3, 1 holds another log's message, 2 is empty.
    const tail = { partitionOf: (key: string) => ({ a: 0, b: 1, c: 2 })[key]!, last: new Map<number, unknown>([[0, { key: 'a', n: 3 }], [1, { key: 'b', n: 2, log: 'other' }]]) };
    expect(notYetPublished(batch, tail)).toEqual([message('b', 2), message('b', 4), message('a', 5), message('c', 6)]);
  });
});
