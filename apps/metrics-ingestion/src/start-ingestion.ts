import { INestApplication } from '@nestjs/common';
import { openSqlDatabase, SqlClient } from '@okr/event-store';
import { createMessageBus, MessageBus } from '@okr/message-bus';
import { authOptionsFromConfig, Clock, createHttpApp } from '@okr/service-kit';
import { Server } from 'node:http';
import { join } from 'node:path';
import { IngestionConfig } from './config/ingestion.config';
import { IngestionModule } from './ingestion.module';
import { SqlIngestionDatabase } from './infrastructure/sql-ingestion-database';

export interface IngestionOverrides {
  /** Owned by the caller, e.g. the all-in-one process's shared bus. */
  bus?: MessageBus;
  /** Owned by the caller, e.g. the goals PGlite in the all-in-one process: ingestion keeps to its own schema. */
  sql?: SqlClient;
  clock?: Clock;
  logLevel?: string;
}

/** The HTTP bodies ingestion reads: JSON with its raw bytes (webhook signatures), CSV left as a stream (imports). */
export const INGESTION_BODY_PARSING = { rawBody: true, jsonLimit: '10mb', textTypes: [], streamedTypes: ['text/csv'] };

const REQUEST_TIMEOUT_MS = 60 * 60 * 1000;
const HEADERS_TIMEOUT_MS = 20 * 1000;

/** Opens ingestion's tables (and bus, unless one is given) and builds its HTTP app on them (not yet listening). */
export async function createIngestionApp(config: IngestionConfig, overrides: IngestionOverrides = {}): Promise<INestApplication> {
  const sql =
    overrides.sql ??
    (await openSqlDatabase(
      config.STORE === 'postgres'
        ? { kind: 'postgres', url: config.DATABASE_URL! }
        : { kind: 'embedded', dataDir: config.DATA_DIR.startsWith('memory://') ? config.DATA_DIR : join(config.DATA_DIR, 'ingestion') },
    ));
  const owned: { close(): Promise<void> }[] = overrides.sql ? [] : [sql];
  try {
    const database = await SqlIngestionDatabase.open(sql, config.DATABASE_SCHEMA);
    const bus = overrides.bus ?? createMessageBus(config, 'metrics-ingestion');
    if (!overrides.bus) owned.push(bus);
    const app = await createHttpApp(
      IngestionModule.forRoot({
        database,
        bus,
        auth: authOptionsFromConfig(config, config.STORE === 'embedded'),
        clock: overrides.clock,
        webhookSecrets: config.WEBHOOK_SECRETS,
        sourcePermissions: config.INTEGRATION_SOURCES,
        logLevel: overrides.logLevel ?? process.env.LOG_LEVEL,
        closeOnShutdown: owned,
      }),
      INGESTION_BODY_PARSING,
    );
    const server = app.getHttpServer() as Server;
    // A CSV upload is read as fast as its rows are committed: a large file may take longer than
    // Node's default limit of 5 minutes for receiving a whole request, so the whole request gets an
    // hour, while a connection that sends nothing for UPLOAD_IDLE_TIMEOUT_SECONDS is dropped.
    server.requestTimeout = REQUEST_TIMEOUT_MS;
    server.headersTimeout = HEADERS_TIMEOUT_MS;
    server.timeout = config.UPLOAD_IDLE_TIMEOUT_SECONDS * 1000;
    return app;
  } catch (error) {
    for (const resource of owned) await resource.close().catch(() => undefined);
    throw error;
  }
}
