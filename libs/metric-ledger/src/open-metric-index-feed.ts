import { Logger } from '@nestjs/common';
import { openSqlDatabase, SqlClient, SqlQuery } from '@okr/event-store';
import { MetricIndex } from '@okr/metric-index';
import { join } from 'node:path';
import { FileIndexSnapshotStore } from './file-index-snapshot.store';
import { MetricIndexFeed } from './metric-index.feed';
import { MetricLedgerReader } from './metric-ledger.reader';
import { SqlMetricLedgerReader } from './sql-metric-ledger.reader';

const UNDEFINED_TABLE = '42P01';

/**
 * A ledger metrics-ingestion has not created yet (it starts after this service) is an empty one:
 * the feed's head checks find its facts once it exists.
 */
function untilCreated(ledger: MetricLedgerReader): MetricLedgerReader {
  const empty = <T>(error: unknown, value: T): T => {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return value;
    throw error;
  };
  return {
    readAfter: (afterPosition, limit) => ledger.readAfter(afterPosition, limit).catch((error) => empty(error, [])),
    head: () => ledger.head().catch((error) => empty(error, 0)),
  };
}

/** Where a service's metric index comes from (see metricIndexSettings in the service kit). */
export interface MetricIndexFeedSettings {
  LEDGER_DATABASE_URL?: string;
  LEDGER_SCHEMA: string;
  METRIC_INDEX_DIR?: string;
}

export interface OpenedMetricIndexFeed {
  feed: MetricIndexFeed<MetricIndex>;
  /** Stops the feed (saving a snapshot) and closes the ledger connection it opened. */
  close(): Promise<void>;
}

/**
 * A service's metric index feed: the ledger read from `sql` when the caller shares its database
 * (the all-in-one process), else from LEDGER_DATABASE_URL; the snapshot kept as `<service>.metric-index`
 * in METRIC_INDEX_DIR (or `fallbackDir`). Started: the snapshot restored and the ledger caught up.
 */
export async function openMetricIndexFeed(
  service: string,
  settings: MetricIndexFeedSettings,
  options: { sql?: SqlQuery; fallbackDir?: string; onWarning?(message: string, error?: unknown): void } = {},
): Promise<OpenedMetricIndexFeed> {
  const logger = new Logger('MetricIndex');
  const onWarning = options.onWarning ?? ((message: string, error?: unknown) => logger.warn(`${message}${error ? `: ${(error as Error).message}` : ''}`));
  const opened: SqlClient | undefined = !options.sql && settings.LEDGER_DATABASE_URL ? await openSqlDatabase({ kind: 'postgres', url: settings.LEDGER_DATABASE_URL, poolSize: 2 }) : undefined;
  const sql = options.sql ?? opened;
  const directory = settings.METRIC_INDEX_DIR ?? options.fallbackDir;
  const feed = new MetricIndexFeed({
    index: MetricIndex,
    ...(sql ? { ledger: untilCreated(new SqlMetricLedgerReader(sql, settings.LEDGER_SCHEMA)) } : {}),
    ...(directory && !directory.startsWith('memory://') ? { snapshots: new FileIndexSnapshotStore(join(directory, `${service}.metric-index`)) } : {}),
    onWarning,
  });
  try {
    await feed.start();
  } catch (error) {
    await opened?.close();
    throw error;
  }
  return {
    feed,
    async close() {
      await feed.stop();
      await opened?.close();
    },
  };
}
