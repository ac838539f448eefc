import { z } from 'zod';
import { busMetrics } from './bus-metrics';
import { ConsumeOptions, DeadLetter, IncomingMessage } from './message-bus.port';

/** A message as it came off the log, before its contract was checked. */
export interface RawMessage {
  topic: string;
  key: string;
  value: unknown;
}

const DEFAULT_ATTEMPTS = 5;
const DEFAULT_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;
const DEFAULT_BATCH_SIZE = 500;

/** How many messages an adapter hands to `handleWithRetries` at once: 1 unless the consumer takes batches. */
export function batchSizeOf(options: ConsumeOptions): number {
  return options.handleBatch ? Math.max(1, options.maxBatchSize ?? DEFAULT_BATCH_SIZE) : 1;
}

/**
 * Messages through validation and their handler, the same way on every adapter: an invalid message
 * is dead-lettered at once; a failing handler (or batch) is retried with doubling delays; a batch
 * that still fails is split in halves, each retried the same way, so in the end only the messages
 * at fault are dead-lettered and the others handled, in their order. `keepAlive` runs between
 * tries (Kafka's heartbeat, so a long retry does not get the consumer evicted). Resolves with the
 * dead letters (in log order); the caller publishes them, then acknowledges every message. Rejects
 * only when the consumer stops during a retry: nothing is acknowledged, so the messages come again
 * after restart.
 */
export async function handleWithRetries(options: ConsumeOptions, messages: RawMessage[], isStopping: () => boolean, keepAlive: () => Promise<void> = async () => undefined): Promise<DeadLetter[]> {
  const labels = { topic: options.topic, group: options.group };
  const deadLetters: { position: number; letter: DeadLetter }[] = [];
  const deadLetter = (position: number, reason: string, attempts: number, error?: DeadLetter['error']) => {
    busMetrics.deadLetters.inc(labels);
    deadLetters.push({ position, letter: { ...messages[position], reason, attempts, deadLetteredAt: new Date().toISOString(), handler: options.group, ...(error ? { error } : {}) } });
  };
  const valid: { position: number; message: Omit<IncomingMessage, 'attempt'> }[] = [];
  messages.forEach(({ topic, key, value }, position) => {
    const parsed = options.schema.safeParse(value);
    if (parsed.success) valid.push({ position, message: { topic, key, value: parsed.data } });
    else deadLetter(position, `invalid message: ${z.prettifyError(parsed.error)}`, 0);
  });

  const handleInHalves = async (part: typeof valid): Promise<void> => {
    const outcome = await retried(options, labels, isStopping, keepAlive, (attempt) => {
      const delivered = part.map(({ message }) => ({ ...message, attempt }));
      return options.handleBatch ? options.handleBatch(delivered) : options.handle(delivered[0]);
    });
    if (outcome.ok) return void busMetrics.handled.inc(labels, part.length);
    if (part.length === 1) {
      const error = errorOf(outcome.error);
      return deadLetter(part[0].position, `the handler of ${options.group} failed ${outcome.attempts} times: ${error.class}: ${error.message}`, outcome.attempts, error);
    }
    const middle = Math.ceil(part.length / 2);
    await handleInHalves(part.slice(0, middle));
    await handleInHalves(part.slice(middle));
  };
  if (options.handleBatch) {
    if (valid.length) await handleInHalves(valid);
  } else {
    for (const one of valid) await handleInHalves([one]);
  }
  return deadLetters.sort((a, b) => a.position - b.position).map(({ letter }) => letter);
}

type Outcome = { ok: true } | { ok: false; error: unknown; attempts: number };

async function retried(
  options: ConsumeOptions,
  labels: { topic: string; group: string },
  isStopping: () => boolean,
  keepAlive: () => Promise<void>,
  call: (attempt: number) => Promise<void>,
): Promise<Outcome> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      await call(attempt);
      return { ok: true };
    } catch (error) {
      busMetrics.failures.inc(labels);
      if (attempt >= maxAttempts) return { ok: false, error, attempts: attempt };
      if (isStopping()) throw error; // leave it unacknowledged: it is delivered again after restart
      // Doubling, with jitter: consumers that failed together do not retry together.
      const bound = Math.min(MAX_DELAY_MS, (options.retryDelayMs ?? DEFAULT_DELAY_MS) * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, bound / 2 + (Math.random() * bound) / 2));
      // Retrying a batch in halves can take long: the broker must not take the consumer for dead meanwhile.
      await keepAlive();
    }
  }
}

/** An error's class and message; a thrown non-Error (an RpcException's payload, a string) is described as JSON. */
function errorOf(error: unknown): { class: string; message: string } {
  if (error instanceof Error) return { class: error.constructor.name, message: error.message };
  const message = (error as { message?: unknown })?.message;
  return { class: typeof error, message: typeof message === 'string' ? message : JSON.stringify(error) };
}
