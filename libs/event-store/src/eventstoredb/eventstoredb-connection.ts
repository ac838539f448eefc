import { BACKWARDS, DeadlineExceededError, END, EventStoreDBClient, UnavailableError } from '@eventstore/db-client';
import { itemsOf } from './eventstoredb-reads';

const EXAMPLE = 'esdb://eventstore:2113?tls=false';

/** The connection string without its password, for messages and logs. */
export function redactConnectionString(url: string): string {
  return url.replace(/^([a-z+]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

/** A client on EVENTSTORE_URL, or an error naming EVENTSTORE_URL and what is wrong with it. */
export function eventStoreDbClient(url: string): EventStoreDBClient {
  try {
    return EventStoreDBClient.connectionString(url);
  } catch (error) {
    throw new Error(`EVENTSTORE_URL ${redactConnectionString(url)} is not an EventStoreDB connection string (e.g. ${EXAMPLE}): ${(error as Error).message}`);
  }
}

class NoAnswerError extends Error {}

/**
 * Connects and reads the head of $all once (what the store needs most), so that a server that
 * does not answer, or refuses, is reported at start-up rather than on the first command. Reads
 * have no deadline in the client, hence the timer.
 */
export async function connectEventStoreDb(url: string, options: { answerWithinMs?: number } = {}): Promise<EventStoreDBClient> {
  const answerWithinMs = options.answerWithinMs ?? 10_000;
  const client = eventStoreDbClient(url);
  let timer: NodeJS.Timeout | undefined;
  const noAnswer = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswerError(`no answer within ${answerWithinMs} ms`)), answerWithinMs);
  });
  const probe = (async () => {
    for await (const resolved of itemsOf(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))) void resolved;
  })();
  try {
    await Promise.race([probe, noAnswer]);
    return client;
  } catch (error) {
    await client.dispose().catch(() => undefined);
    const unanswered = error instanceof NoAnswerError || error instanceof UnavailableError || error instanceof DeadlineExceededError;
    throw new Error(`EventStoreDB at EVENTSTORE_URL ${redactConnectionString(url)} ${unanswered ? 'did not answer' : 'refused to read $all'}: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
    probe.catch(() => undefined);
  }
}
