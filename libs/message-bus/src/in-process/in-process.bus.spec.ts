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
