import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RpcException } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { z } from 'zod';
import { BusContext, BusTransport, deadLetterTopic, InProcessBus, MessageBus } from '@okr/message-bus';
import { randomUUID } from 'node:crypto';

const recorded: { value: unknown; key: string }[] = [];
// Unique per run: a broker kept between runs still holds the messages of the last one.
const TOPIC = `contract.datapoints-${randomUUID()}.v1`;
const datapoint = z.strictObject({ subject: z.string(), value: z.number() });

@Controller()
class DatapointsHandler {
  @EventPattern(TOPIC)
  async onDatapoint(@Payload() value: z.infer<typeof datapoint>, @Ctx() context: BusContext) {
    if (value.subject === 'poison') throw new RpcException('cannot apply');
    recorded.push({ value, key: context.message.key });
  }
}

@Module({ controllers: [DatapointsHandler] })
class ConsumerModule {}

/** @EventPattern handlers consume from any bus adapter the same way: the transport's contract. */
export function busTransportContract(name: string, open: () => Promise<MessageBus>, deadLetters: (bus: MessageBus, topic: string) => Promise<{ reason: string }[]>): void {
describe(`@EventPattern handlers on the bus transport: ${name}`, () => {
  let bus: MessageBus;
  let app: INestMicroservice;

  beforeAll(async () => {
    recorded.length = 0;
    bus = await open();
    const moduleRef = await Test.createTestingModule({ imports: [ConsumerModule] }).compile();
    app = moduleRef.createNestMicroservice({
      strategy: new BusTransport(bus, { group: `goals-${randomUUID()}`, contracts: { [TOPIC]: datapoint }, maxAttempts: 2 }),
      logger: false,
    });
    await app.listen();
  });
  afterAll(async () => {
    await app.close();
    await bus.close();
  });

  it('hands each valid message to the handler with its key, and dead-letters what fails', async () => {
    await bus.publish(TOPIC, [
      { key: 'rita', value: { subject: 'rita', value: 1 } },
      { key: 'x', value: { subject: 'poison', value: 2 } },
      { key: 'sam', value: { subject: 'sam', value: 'three' } },
      { key: 'sam', value: { subject: 'sam', value: 4 } },
    ]);
    const deadline = Date.now() + 30_000;
    while (recorded.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(recorded).toEqual([
      { key: 'rita', value: { subject: 'rita', value: 1 } },
      { key: 'sam', value: { subject: 'sam', value: 4 } },
    ]);
    expect((await deadLetters(bus, deadLetterTopic(TOPIC))).map((m) => m.reason)).toEqual([
      expect.stringContaining('cannot apply'),
      expect.stringContaining('invalid message'),
    ]);
  });

  it('refuses to start a handler whose topic has no contract', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ConsumerModule] }).compile();
    const unconfigured = moduleRef.createNestMicroservice({ strategy: new BusTransport(new InProcessBus(), { group: 'g', contracts: {} }), logger: false });
    await expect(unconfigured.listen()).rejects.toThrow(`no message contract for topic ${TOPIC}`);
  });
});
}
