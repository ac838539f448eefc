import { createEventStore, eventStoreConfigOf, OpenedEventStore } from '@okr/event-store';
import { ReportingConfig } from '../config/reporting.config';

/** The goals event store, when configured: where rebuilds and the start-up catch-up read. The same settings as goals. */
export async function openGoalEventStore(config: ReportingConfig): Promise<OpenedEventStore | null> {
  if (!config.EVENT_STORE) return null;
  return createEventStore(eventStoreConfigOf({ ...config, EVENT_STORE: config.EVENT_STORE }));
}
