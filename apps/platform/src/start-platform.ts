import { INestApplication } from '@nestjs/common';
import { createEventStore, embeddedEventStoreDir, OpenedSqlEventStore } from '@okr/event-store';
import { InProcessBus, MessageBus } from '@okr/message-bus';
import { hostSetting, loadConfig, portSetting } from '@okr/service-kit';
import { z } from 'zod';
import { goalsConfigSchema } from '../../goals/src/config/goals.config';
import { createGoalsApp } from '../../goals/src/start-goals';
import { ingestionConfigSchema } from '../../metrics-ingestion/src/config/ingestion.config';
import { createIngestionApp } from '../../metrics-ingestion/src/start-ingestion';
import { reportingConfigSchema } from '../../reporting/src/config/reporting.config';
import { createReportingApp } from '../../reporting/src/start-reporting';
import { WebController } from '../../reporting/src/web/web.controller';
import { AddressInfo } from 'node:net';

/** The platform's own settings; each service reads the rest of the environment as it would alone. */
export const platformConfigSchema = z.object({
  /** goals listens here, metrics-ingestion on the next port, reporting on the one after. */
  PORT: portSetting(3000),
  HOST: hostSetting,
  DATA_DIR: z.string().min(1).default('data'),
});

export interface RunningPlatform {
  goals: INestApplication;
  ingestion: INestApplication;
  reporting: INestApplication;
  ports: { goals: number; ingestion: number; reporting: number };
  /** The interface the three listen on (HOST, 127.0.0.1 by default). */
  host: string;
  /** Stops taking data first and the read side last, then closes the shared store. */
  close(): Promise<void>;
}

/**
 * Every service in one process on embedded adapters: one PGlite database (goals' event store, and
 * metrics-ingestion's tables in a schema of their own), one in-process bus between the services,
 * and reporting's read models in memory with a journal. Each service keeps its own port, as it
 * would in production.
 */
export interface PlatformOptions {
  logLevel?: string;
  /** Another bus between the services (e.g. Kafka, to measure the platform over it); owned by the caller. */
  bus?: MessageBus;
  /** Another shared store (e.g. PostgreSQL, to measure the platform on it); owned by the caller. */
  store?: OpenedSqlEventStore;
}

export async function startPlatform(environment: NodeJS.ProcessEnv = process.env, options: PlatformOptions = {}): Promise<RunningPlatform> {
  const { PORT, HOST, DATA_DIR } = loadConfig(platformConfigSchema, environment);
  const shared = { ...environment, PORT: undefined, DATA_DIR, EVENT_STORE: 'embedded', STORE: 'embedded', READ_STORE: 'embedded', BUS: 'inprocess' };
  const goalsConfig = loadConfig(goalsConfigSchema, shared);
  const ingestionConfig = loadConfig(ingestionConfigSchema, shared);
  // Reporting reads the shared store it is handed, never one of its own.
  const reportingConfig = loadConfig(reportingConfigSchema, { ...shared, EVENT_STORE: undefined });

  const store: OpenedSqlEventStore =
    options.store ?? (await createEventStore({ kind: 'embedded', dataDir: embeddedEventStoreDir(DATA_DIR), schema: goalsConfig.DATABASE_SCHEMA }));
  const bus = options.bus ?? new InProcessBus();
  const started: INestApplication[] = [];
  const close = async () => {
    for (const app of started.splice(0)) await app.close();
    if (!options.bus) await bus.close();
    if (!options.store) await store.close();
  };
  try {
    const logLevel = options.logLevel;
    // Ingestion first: it creates the metric ledger that goals' and reporting's metric indexes catch up from.
    // Closed in the same order: data stops coming in first, the read side goes last.
    const ingestion = await createIngestionApp(ingestionConfig, { bus, sql: store.sql, logLevel });
    started.push(ingestion);
    const goals = await createGoalsApp(goalsConfig, { bus, eventStore: store, ledger: store.sql, logLevel });
    started.push(goals);
    const reporting = await createReportingApp(reportingConfig, { bus, eventStore: store.eventStore, ledger: store.sql, logLevel });
    started.push(reporting);
    const ports = { goals: PORT, ingestion: PORT + 1, reporting: PORT + 2 };
    await goals.listen(ports.goals, HOST);
    await ingestion.listen(ports.ingestion, HOST);
    await reporting.listen(ports.reporting, HOST);
    // The web app writes through reporting's origin to the services beside it, on this machine.
    const reachable = HOST === '0.0.0.0' || HOST === '::' ? '127.0.0.1' : HOST.includes(':') ? `[${HOST}]` : HOST;
    const local = (app: INestApplication) => `http://${reachable}:${(app.getHttpServer().address() as AddressInfo).port}`;
    reporting.get(WebController).forwardApiTo({ goals: local(goals), ingestion: local(ingestion) });
    return { goals, ingestion, reporting, ports, host: HOST, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
