import { z } from 'zod';
import { handleWithRetries } from './handle-with-retries';

describe('handling with retries', () => {
  it('keeps the consumer alive between tries, and dead-letters only the message at fault of a failing batch', async () => {
    let keptAlive = 0;
    const handled: number[] = [];
    const messages = [1, 2, 3, 4].map((n) => ({ topic: 't', key: `k${n}`, value: { n } }));
    const deadLetters = await handleWithRetries(
      {
        topic: 't',
        group: 'g',
        schema: z.object({ n: z.number() }),
        maxAttempts: 2,
        retryDelayMs: 1,
        handleBatch: async (batch) => {
          if (batch.some((message) => (message.value as { n: number }).n === 3)) throw new TypeError('3 cannot be applied');
          handled.push(...batch.map((message) => (message.value as { n: number }).n));
        },
      },
      messages,
      () => false,
      async () => void keptAlive++,
    );
    expect(handled).toEqual([1, 2, 4]);
    expect(deadLetters).toMatchObject([{ key: 'k3', attempts: 2, handler: 'g', error: { class: 'TypeError', message: '3 cannot be applied' } }]);
    // One pause in each of the three tries that failed twice: the batch, its half with 3, and 3 alone.
    expect(keptAlive).toBe(3);
  });
});
