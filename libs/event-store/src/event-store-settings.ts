import { join } from 'node:path';
import { EventStoreConfig } from './create-event-store';

/** The environment settings that choose the goals event store (see eventStoreSettings in the service kit). */
export interface EventStoreSettings {
  EVENT_STORE: 'embedded' | 'postgres' | 'eventstoredb';
  DATA_DIR: string;
  DATABASE_URL?: string;
  DATABASE_SCHEMA: string;
  EVENTSTORE_URL?: string;
}

/** Where the embedded event store lives inside a data directory (memory:// stays in memory). */
export function embeddedEventStoreDir(dataDir: string): string {
  return dataDir.startsWith('memory://') ? dataDir : join(dataDir, 'goals-events');
}

/** The same settings open the same store whichever service reads them (goals writes, reporting rebuilds). */
export function eventStoreConfigOf(settings: EventStoreSettings): EventStoreConfig {
  switch (settings.EVENT_STORE) {
    case 'postgres':
      return { kind: 'postgres', url: settings.DATABASE_URL!, schema: settings.DATABASE_SCHEMA };
    case 'eventstoredb':
      return { kind: 'eventstoredb', url: settings.EVENTSTORE_URL! };
    case 'embedded':
      return { kind: 'embedded', dataDir: embeddedEventStoreDir(settings.DATA_DIR), schema: settings.DATABASE_SCHEMA };
  }
}
