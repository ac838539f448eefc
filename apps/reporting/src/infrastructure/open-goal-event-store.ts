import { createEventStore, OpenedEventStore } from '@okr/event-store';
import { join } from 'node:path';
import { ReportingConfig } from '../config/reporting.config';

/** The goals event store, when configured: where rebuilds and the start-up catch-up read. Same layout as goals opens it. */
export async function openGoalEventStore(config: ReportingConfig): Promise<OpenedEventStore | null> {
  if (!config.EVENT_STORE) return null;
  return createEventStore(
    config.EVENT_STORE === 'postgres'
      ? { kind: 'postgres', url: config.DATABASE_URL!, schema: config.DATABASE_SCHEMA }
      : { kind: 'embedded', dataDir: join(config.DATA_DIR, 'goals-events'), schema: config.DATABASE_SCHEMA },
  );
}
