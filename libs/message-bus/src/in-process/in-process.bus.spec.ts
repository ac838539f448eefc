import { messageBusContract } from '@okr/testing';
import { InProcessBus } from './in-process.bus';

messageBusContract('in-process', async () => new InProcessBus());

describe('bus metrics', () => {
  it('count handled messages and dead letters per topic and group', async () => {
    const { register } = await import('prom-client');
    const { z } = await import('zod');
    const bus = new InProcessBus();
    const consumer = await bus.consume({ topic: 'metered', group: 'g', schema: z.object({ n: z.number() }), handle: async () => undefined });
    await bus.publish('metered', [{ key: 'k', value: { n: 1 } }, { key: 'k', value: { n: 'x' } }]);
    const deadline = Date.now() + 5000;
    while (bus.messages('metered.dead-letter').length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await consumer.stop();
    const metrics = await register.metrics();
    expect(metrics).toMatch(/bus_messages_handled_total\{topic="metered",group="g"\} 1/);
    expect(metrics).toMatch(/bus_dead_letters_total\{topic="metered",group="g"\} 1/);
  });
});

describe('retention of the in-process bus', () => {
  const until = async (done: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  };

  it('drops what every running consumer has passed, and keeps what one of them still has to read', async () => {
    const { z } = await import('zod');
    const bus = new InProcessBus();
    const seen = { fast: 0, slow: 0 };
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
    const schema = z.object({ n: z.number() });
    const fast = await bus.consume({ topic: 't', group: 'fast', schema, handle: async () => void seen.fast++ });
    const slow = await bus.consume({ topic: 't', group: 'slow', schema, handle: async () => { await slowGate; seen.slow++; } });
    const total = 25_000;
    await bus.publish('t', Array.from({ length: total }, (_, n) => ({ key: 'k', value: { n } })));
    await until(() => seen.fast === total);
    expect(bus.messages('t')).toHaveLength(total); // the slow group has read nothing yet
    releaseSlow();
    await until(() => seen.slow === total);
    await bus.publish('t', [{ key: 'k', value: { n: total } }]);
    await until(() => seen.fast === total + 1 && seen.slow === total + 1);
    expect(bus.messages('t').length).toBeLessThan(total);
    expect(bus.end('t')).toBe(total + 1);
    await Promise.all([fast.stop(), slow.stop()]);
  });

  it('keeps every message of a topic nobody consumes, as dead letters must be', async () => {
    const bus = new InProcessBus();
    await bus.publish('unread', Array.from({ length: 12_000 }, (_, n) => ({ key: 'k', value: { n } })));
    expect(bus.messages('unread')).toHaveLength(12_000);
  });
});
