import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RpcException } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { z } from 'zod';
import { BusBatchContext, BusContext, BusTransport, deadLetterTopic, InProcessBus, MessageBus } from '@okr/message-bus';
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

const batches: { values: unknown[]; keys: string[] }[] = [];
const BATCH_TOPIC = `contract.datapoint-batches-${randomUUID()}.v1`;

@Controller()
class DatapointBatchesHandler {
  @EventPattern(BATCH_TOPIC, { batch: { maxSize: 2 } })
  async onDatapoints(@Payload() values: z.infer<typeof datapoint>[], @Ctx() context: BusBatchContext) {
    if (values.some((value) => value.subject === 'poison')) throw new RpcException('cannot apply');
    batches.push({ values, keys: context.messages.map((m) => m.key) });
  }
}

@Module({ controllers: [DatapointsHandler] })
class ConsumerModule {}

@Module({ controllers: [DatapointBatchesHandler] })
class BatchConsumerModule {}

/** @EventPattern handlers consume from any bus adapter the same way: the transport's contract. */
export function busTransportContract(name: string, open: () => Promise<MessageBus>, deadLetters: (bus: MessageBus, topic: string) => Promise<{ reason: string }[]>): void {
describe(`@EventPattern handlers on the bus transport: ${name}`, () => {
  let bus: MessageBus;
  let app: INestMicroservice;
  let batchApp: INestMicroservice;

  beforeAll(async () => {
    recorded.length = 0;
    batches.length = 0;
    bus = await open();
    const moduleRef = await Test.createTestingModule({ imports: [ConsumerModule] }).compile();
    app = moduleRef.createNestMicroservice({
      strategy: new BusTransport(bus, { group: `goals-${randomUUID()}`, contracts: { [TOPIC]: datapoint }, maxAttempts: 2 }),
      logger: false,
    });
    await app.listen();
    // A group of its own: on Kafka, members of one group must subscribe to the same topics.
    const batchModuleRef = await Test.createTestingModule({ imports: [BatchConsumerModule] }).compile();
    batchApp = batchModuleRef.createNestMicroservice({
      strategy: new BusTransport(bus, { group: `goals-batches-${randomUUID()}`, contracts: { [BATCH_TOPIC]: datapoint }, maxAttempts: 2 }),
      logger: false,
    });
    await batchApp.listen();
  });
  afterAll(async () => {
    await batchApp.close();
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

  it('hands a batch handler arrays of at most its maxSize payloads, with their keys, and dead-letters only what fails', async () => {
    await bus.publish(BATCH_TOPIC, [
      { key: 'rita', value: { subject: 'rita', value: 1 } },
      { key: 'rita', value: { subject: 'rita', value: 2 } },
      { key: 'x', value: { subject: 'poison', value: 3 } },
      { key: 'sam', value: { subject: 'sam', value: 'four' } },
      { key: 'sam', value: { subject: 'sam', value: 5 } },
    ]);
    const deadline = Date.now() + 30_000;
    const handled = () => batches.flatMap((batch) => batch.values as z.infer<typeof datapoint>[]);
    while (handled().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    // Keys may sit on different partitions: order holds per key, not across keys.
    expect(handled().filter((value) => value.subject === 'rita')).toEqual([
      { subject: 'rita', value: 1 },
      { subject: 'rita', value: 2 },
    ]);
    expect(handled().filter((value) => value.subject !== 'rita')).toEqual([{ subject: 'sam', value: 5 }]);
    expect(batches.every((batch) => batch.values.length <= 2 && batch.keys.length === batch.values.length)).toBe(true);
    const reasons = (await deadLetters(bus, deadLetterTopic(BATCH_TOPIC))).map((m) => m.reason);
    expect(reasons).toHaveLength(2);
    expect(reasons).toEqual(expect.arrayContaining([expect.stringContaining('cannot apply'), expect.stringContaining('invalid message')]));
  });

  it('refuses to start a handler whose topic has no contract', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ConsumerModule] }).compile();
    const unconfigured = moduleRef.createNestMicroservice({ strategy: new BusTransport(new InProcessBus(), { group: 'g', contracts: {} }), logger: false });
    await expect(unconfigured.listen()).rejects.toThrow(`no message contract for topic ${TOPIC}`);
  });
});
}
