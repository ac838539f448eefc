import { BACKWARDS, DeadlineExceededError, END, EventStoreDBClient, UnavailableError } from '@eventstore/db-client';

const EXAMPLE = 'esdb://eventstore:2113?tls=false';
const PROBE_DEADLINE_MS = 5_000;

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

/**
 * Connects and reads the head of $all once (what the store needs most), so that a server that
 * does not answer, or refuses, is reported at start-up rather than on the first command.
 */
export async function connectEventStoreDb(url: string): Promise<EventStoreDBClient> {
  const client = eventStoreDbClient(url);
  try {
    for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: PROBE_DEADLINE_MS })) void resolved;
    return client;
  } catch (error) {
    await client.dispose().catch(() => undefined);
    const unreachable = error instanceof UnavailableError || error instanceof DeadlineExceededError;
    const what = unreachable ? 'did not answer' : 'refused to read $all';
    throw new Error(`EventStoreDB at EVENTSTORE_URL ${redactConnectionString(url)} ${what}: ${(error as Error).message}`);
  }
}
