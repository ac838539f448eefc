import { waitFor } from '../wait-for';
import { busMetrics, BusConsumer, deadLetterTopic, IncomingMessage, MessageBus } from '@okr/message-bus';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

const checkIn = z.strictObject({ goal: z.string(), value: z.number() });

/** Collects what a group receives until `count` messages arrived (or fails after a while). */
async function received(bus: MessageBus, topic: string, group: string, count: number, schema: z.ZodType = z.unknown()) {
  const messages: IncomingMessage[] = [];
  let done!: () => void;
  const enough = new Promise<void>((resolve) => (done = resolve));
  const consumer = await bus.consume({ topic, group, schema, handle: async (m) => void (messages.push(m), messages.length >= count && done()) });
  await Promise.race([enough, new Promise((_, reject) => setTimeout(() => reject(new Error(`received ${messages.length} of ${count} on ${topic}`)), 30_000))]);
  await consumer.stop();
  return messages;
}

/**
 * What every message-bus adapter must do: at-least-once delivery acknowledged after handling,
 * order per key, groups that each see everything, bounded retries, and dead letters.
 */
export function messageBusContract(name: string, open: () => Promise<MessageBus>): void {
  describe(`message bus contract: ${name}`, () => {
    let bus: MessageBus;
    const consumers: BusConsumer[] = [];
    const topic = () => `contract-${randomUUID()}`;
    const group = () => `group-${randomUUID()}`;

    beforeAll(async () => {
      bus = await open();
    });
    afterEach(async () => {
      await Promise.all(consumers.splice(0).map((c) => c.stop()));
    });
    afterAll(() => bus?.close());

    it('delivers what was published, in order for one key, with the values intact', async () => {
      const t = topic();
      await bus.publish(t, [1, 2, 3, 4, 5].map((value) => ({ key: 'kr-1', value: { goal: 'kr-1', value } })));
      const messages = await received(bus, t, group(), 5, checkIn);
      expect(messages.map((m) => m.value)).toEqual([1, 2, 3, 4, 5].map((value) => ({ goal: 'kr-1', value })));
      expect(messages.every((m) => m.key === 'kr-1' && m.topic === t && m.attempt === 1)).toBe(true);
    });

    it('tells the last message of the partition each key goes to, read from the topic', async () => {
      const t = topic();
      expect((await bus.lastMessages(t)).last.size).toBe(0);
      const keys = Array.from({ length: 12 }, (_, n) => `key-${n}`);
      await bus.publish(t, keys.map((key, n) => ({ key, value: { goal: key, value: n } })));
      const tail = await bus.lastMessages(t);
      // Per partition, the last of the keys that go to it, in publishing order.
      const expected = new Map(keys.map((key, n) => [tail.partitionOf(key), { goal: key, value: n }]));
      expect(tail.last).toEqual(expected);
    });

    it('gives every group every message', async () => {
      const t = topic();
      await bus.publish(t, [{ key: 'a', value: { goal: 'a', value: 1 } }, { key: 'b', value: { goal: 'b', value: 2 } }]);
      const [first, second] = await Promise.all([received(bus, t, group(), 2, checkIn), received(bus, t, group(), 2, checkIn)]);
      expect(first.map((m) => m.key).sort()).toEqual(['a', 'b']);
      expect(second.map((m) => m.key).sort()).toEqual(['a', 'b']);
    });

    it('resumes a group after the last message it acknowledged, without redelivering it', async () => {
      const t = topic();
      const g = group();
      await bus.publish(t, [{ key: 'k', value: { goal: 'k', value: 1 } }]);
      expect((await received(bus, t, g, 1, checkIn)).map((m) => m.value)).toEqual([{ goal: 'k', value: 1 }]);
      await bus.publish(t, [{ key: 'k', value: { goal: 'k', value: 2 } }]);
      expect((await received(bus, t, g, 1, checkIn)).map((m) => m.value)).toEqual([{ goal: 'k', value: 2 }]);
    });

    it("reports a group's lag per partition, down to zero once it has caught up", async () => {
      const t = topic();
      const g = group();
      await bus.publish(t, [1, 2, 3].map((value) => ({ key: 'kr-1', value: { goal: 'kr-1', value } })));
      await received(bus, t, g, 3, checkIn);
      const lag = (await busMetrics.lag.get()).values.filter((v) => v.labels.topic === t && v.labels.group === g);
      expect(lag.length).toBeGreaterThan(0);
      expect(lag.reduce((sum, v) => sum + v.value, 0)).toBe(0);
    });

    it('finishes the message in hand when stopped (graceful shutdown) and acknowledges it, so the group goes on after it', async () => {
      const t = topic();
      const g = group();
      await bus.publish(t, [1, 2].map((value) => ({ key: 'k', value: { goal: 'k', value } })));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const inHand = new Promise<void>((resolve) => (started = resolve));
      const handled: number[] = [];
      const consumer = await bus.consume({
        topic: t,
        group: g,
        schema: checkIn,
        handle: async (m) => {
          if (m.value.value === 1) {
            started();
            await gate;
          }
          handled.push(m.value.value);
        },
      });
      await inHand;
      const stopped = consumer.stop();
      release();
      await stopped;
      expect(handled).toEqual([1]);
      expect((await received(bus, t, g, 1, checkIn)).map((m) => m.value)).toEqual([{ goal: 'k', value: 2 }]);
    });

    it('retries a failing handler and acknowledges once it succeeds', async () => {
      const t = topic();
      await bus.publish(t, [{ key: 'k', value: { goal: 'k', value: 1 } }]);
      const attempts: number[] = [];
      let done!: () => void;
      const handled = new Promise<void>((resolve) => (done = resolve));
      consumers.push(
        await bus.consume({
          topic: t,
          group: group(),
          schema: checkIn,
          retryDelayMs: 10,
          handle: async (m) => {
            attempts.push(m.attempt);
            if (m.attempt < 3) throw new Error('store unavailable');
            done();
          },
        }),
      );
      await handled;
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('dead-letters a message whose handler keeps failing, with the error, the handler and the reason, and handles the next one', async () => {
      const t = topic();
      const failingGroup = group();
      await bus.publish(t, [
        { key: 'k', value: { goal: 'poison', value: 1 } },
        { key: 'k', value: { goal: 'fine', value: 2 } },
      ]);
      const handled: string[] = [];
      consumers.push(
        await bus.consume({
          topic: t,
          group: failingGroup,
          schema: checkIn,
          maxAttempts: 3,
          retryDelayMs: 10,
          handle: async (m) => {
            if (m.value.goal === 'poison') throw new RangeError('cannot apply');
            handled.push(m.value.goal);
          },
        }),
      );
      const [dead] = await received(bus, deadLetterTopic(t), group(), 1);
      expect(dead.value).toMatchObject({
        topic: t,
        key: 'k',
        value: { goal: 'poison', value: 1 },
        attempts: 3,
        handler: failingGroup,
        error: { class: 'RangeError', message: 'cannot apply' },
        reason: `the handler of ${failingGroup} failed 3 times: RangeError: cannot apply`,
      });
      await waitFor(() => handled.length === 1, 30_000);
      expect(handled).toEqual(['fine']);
    });

    it('dead-letters a message that breaks its contract, naming the field, without calling the handler', async () => {
      const t = topic();
      await bus.publish(t, [
        { key: 'k', value: { goal: 'k', value: 'not a number' } },
        { key: 'k', value: { goal: 'k', value: 7 } },
      ]);
      const handled: unknown[] = [];
      consumers.push(await bus.consume({ topic: t, group: group(), schema: checkIn, handle: async (m) => void handled.push(m.value.value) }));
      const [dead] = await received(bus, deadLetterTopic(t), group(), 1);
      expect(dead.value).toMatchObject({ attempts: 0, reason: expect.stringMatching(/invalid message.*value/s) });
      await waitFor(() => handled.length === 1, 30_000);
      expect(handled).toEqual([7]);
    });

    describe('in batches', () => {
      const batchCollector = () => {
        const batches: IncomingMessage<z.infer<typeof checkIn>>[][] = [];
        const values = () => batches.flat().map((m) => m.value.value);
        return { batches, values };
      };

      it('hands messages in batches of at most maxBatchSize, in order for one key, each acknowledged after its batch', async () => {
        const t = topic();
        const g = group();
        await bus.publish(t, Array.from({ length: 25 }, (_, i) => ({ key: 'kr-1', value: { goal: 'kr-1', value: i } })));
        const { batches, values } = batchCollector();
        const consumer = await bus.consume({ topic: t, group: g, schema: checkIn, maxBatchSize: 10, handleBatch: async (messages) => void batches.push(messages) });
        await waitFor(() => values().length === 25, 30_000);
        await consumer.stop();
        expect(values()).toEqual(Array.from({ length: 25 }, (_, i) => i));
        expect(batches.every((batch) => batch.length >= 1 && batch.length <= 10)).toBe(true);
        expect(batches.some((batch) => batch.length > 1)).toBe(true);
        await bus.publish(t, [{ key: 'kr-1', value: { goal: 'kr-1', value: 25 } }]);
        expect((await received(bus, t, g, 1, checkIn)).map((m) => m.value)).toEqual([{ goal: 'kr-1', value: 25 }]);
      });

      it('retries a failing batch whole and acknowledges it once it succeeds', async () => {
        const t = topic();
        await bus.publish(t, [1, 2, 3].map((value) => ({ key: 'k', value: { goal: 'k', value } })));
        const calls: { attempt: number; values: number[] }[] = [];
        consumers.push(
          await bus.consume({
            topic: t,
            group: group(),
            schema: checkIn,
            retryDelayMs: 10,
            maxBatchSize: 3,
            handleBatch: async (messages) => {
              calls.push({ attempt: messages[0].attempt, values: messages.map((m) => m.value.value) });
              if (messages[0].attempt < 3) throw new Error('store unavailable');
            },
          }),
        );
        await waitFor(() => calls.length === 3, 30_000);
        expect(calls).toEqual([1, 2, 3].map((attempt) => ({ attempt, values: [1, 2, 3] })));
      });

      it('splits a batch that keeps failing so only the poison message and the invalid one are dead-lettered, the others handled in order', async () => {
        const t = topic();
        await bus.publish(t, [
          ...[1, 2, 3].map((value) => ({ key: 'k', value: { goal: 'fine', value } })),
          { key: 'k', value: { goal: 'poison', value: 4 } },
          { key: 'k', value: { goal: 'fine', value: 'five' } },
          ...[6, 7, 8].map((value) => ({ key: 'k', value: { goal: 'fine', value } })),
        ]);
        const handled: number[] = [];
        consumers.push(
          await bus.consume({
            topic: t,
            group: group(),
            schema: checkIn,
            maxAttempts: 2,
            retryDelayMs: 5,
            maxBatchSize: 8,
            handleBatch: async (messages) => {
              if (messages.some((m) => m.value.goal === 'poison')) throw new Error('cannot apply');
              handled.push(...messages.map((m) => m.value.value));
            },
          }),
        );
        const dead = await received(bus, deadLetterTopic(t), group(), 2);
        expect(dead.map((m) => m.value)).toEqual([
          expect.objectContaining({ key: 'k', value: { goal: 'poison', value: 4 }, attempts: 2, reason: expect.stringContaining('cannot apply') }),
          expect.objectContaining({ key: 'k', attempts: 0, reason: expect.stringMatching(/invalid message.*value/s) }),
        ]);
        await waitFor(() => handled.length === 6, 30_000);
        expect(handled).toEqual([1, 2, 3, 6, 7, 8]);
      });

      it('finishes the batch in hand when stopped and acknowledges it, so the group goes on after it', async () => {
        const t = topic();
        const g = group();
        await bus.publish(t, [1, 2, 3].map((value) => ({ key: 'k', value: { goal: 'k', value } })));
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let started!: () => void;
        const inHand = new Promise<void>((resolve) => (started = resolve));
        const handled: number[][] = [];
        const consumer = await bus.consume({
          topic: t,
          group: g,
          schema: checkIn,
          maxBatchSize: 2,
          handleBatch: async (messages) => {
            started();
            await gate;
            handled.push(messages.map((m) => m.value.value));
          },
        });
        await inHand;
        const stopped = consumer.stop();
        release();
        await stopped;
        expect(handled).toEqual([[1, 2]]);
        expect((await received(bus, t, g, 1, checkIn)).map((m) => m.value)).toEqual([{ goal: 'k', value: 3 }]);
      });
    });
  });
}

/** The first `count` dead letters of a topic, read by a fresh consumer group. */
export async function deadLetterMessages(bus: MessageBus, topic: string, count: number): Promise<{ reason: string }[]> {
  return (await received(bus, topic, `dead-letters-${randomUUID()}`, count)).map((m) => m.value as { reason: string });
}
