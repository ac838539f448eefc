import { z } from 'zod';
import { busMetrics } from './bus-metrics';
import { ConsumeOptions, DeadLetter } from './message-bus.port';

export type Delivery = { ok: true } | { ok: false; deadLetter: DeadLetter };

const DEFAULT_ATTEMPTS = 5;
const DEFAULT_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

/**
 * One message through validation and its handler, the same way on every adapter: an invalid
 * message is dead-lettered at once; a failing handler is retried with doubling delays, then
 * dead-lettered. The caller acknowledges the message after this resolves, whatever it says.
 */
export async function handleWithRetries(options: ConsumeOptions, message: { topic: string; key: string; value: unknown }, isStopping: () => boolean): Promise<Delivery> {
  const labels = { topic: message.topic, group: options.group };
  const deadLetter = (reason: string, attempts: number): Delivery => {
    busMetrics.deadLetters.inc(labels);
    return { ok: false, deadLetter: { ...message, reason, attempts, deadLetteredAt: new Date().toISOString() } };
  };
  const parsed = options.schema.safeParse(message.value);
  if (!parsed.success) return deadLetter(`invalid message: ${z.prettifyError(parsed.error)}`, 0);
  const maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      await options.handle({ topic: message.topic, key: message.key, value: parsed.data, attempt });
      busMetrics.handled.inc(labels);
      return { ok: true };
    } catch (error) {
      busMetrics.failures.inc(labels);
      if (attempt >= maxAttempts) return deadLetter(`handler failed ${attempt} times: ${describe(error)}`, attempt);
      if (isStopping()) throw error; // leave it unacknowledged: it is delivered again after restart
      const delay = Math.min(MAX_DELAY_MS, (options.retryDelayMs ?? DEFAULT_DELAY_MS) * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Nest's RPC layer rethrows handler errors as plain { status, message } objects, not Errors. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' ? message : JSON.stringify(error);
}
