import { EmbeddedReadStore, MongoReadStore, ReadStore } from '@okr/read-store';
import { join } from 'node:path';
import { ReportingConfig } from '../config/reporting.config';

/** The configured read store: embedded (journalled under DATA_DIR, or memory only with memory://) or MongoDB. */
export async function openReadStore(config: Pick<ReportingConfig, 'READ_STORE' | 'MONGODB_URL' | 'DATA_DIR'>): Promise<ReadStore> {
  if (config.READ_STORE === 'mongodb') return MongoReadStore.connect(config.MONGODB_URL!);
  return new EmbeddedReadStore(config.DATA_DIR.startsWith('memory://') ? undefined : join(config.DATA_DIR, 'reporting', 'read-models.ndjson'));
}
