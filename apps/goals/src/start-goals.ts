import { INestApplication } from '@nestjs/common';
import { METRIC_DATA_POINTS_TOPIC, metricDataPointMessageSchema } from '@okr/contracts';
import { createEventStore, eventStoreConfigOf, OpenedEventStore, SqlQuery } from '@okr/event-store';
import { openMetricIndexFeed } from '@okr/metric-ledger';
import { BusTransport, consumerGroupOf, createMessageBus, MessageBus } from '@okr/message-bus';
import { authOptionsFromConfig, Clock, createHttpApp, PEOPLE_ONLY } from '@okr/service-kit';
import { randomUUID } from 'node:crypto';
import { GoalsConfig } from './config/goals.config';
import { GoalsModule } from './goals.module';

export interface GoalsOverrides {
  clock?: Clock;
  logLevel?: string;
  /** Owned by the caller, e.g. the all-in-one process's shared bus. */
  bus?: MessageBus;
  /** Owned by the caller: the all-in-one process opens the embedded store once for every service. */
  eventStore?: OpenedEventStore;
  /** The database the metric ledger is in, when the caller shares it (the all-in-one process). */
  ledger?: SqlQuery;
}

/**
 * Opens the configured event store and bus (unless given) and the metric index (its snapshot
 * restored, caught up from the ledger), and builds the goals HTTP app on them (not yet listening).
 */
export async function createGoalsApp(config: GoalsConfig, overrides: GoalsOverrides = {}): Promise<INestApplication> {
  const eventStore = overrides.eventStore ?? (await openGoalsEventStore(config));
  // Closed in this order on shutdown (after the consumers stop): the index (saving its snapshot), then what this function opened.
  const owned: { close(): Promise<void> }[] = overrides.eventStore ? [] : [eventStore];
  try {
    const metricIndex = await openMetricIndexFeed('goals', config, { sql: overrides.ledger, fallbackDir: config.EVENT_STORE === 'embedded' ? config.DATA_DIR : undefined });
    owned.unshift(metricIndex);
    const bus = overrides.bus ?? createMessageBus(config, 'goals');
    if (!overrides.bus) owned.push(bus);
    const app = await createHttpApp(
      GoalsModule.forRoot({
        eventStore,
        bus,
        metricIndex: metricIndex.feed,
        auth: authOptions(config),
        minGroupSize: config.MIN_GROUP_SIZE,
        clock: overrides.clock,
        logLevel: overrides.logLevel ?? process.env.LOG_LEVEL,
        closeOnShutdown: owned,
      }),
    );
    // Every instance needs every fact: a group of its own, from now on (the ledger gave it what came before).
    const group = consumerGroupOf(config, `goals.metric-index.${config.INSTANCE_ID ?? randomUUID()}`);
    app.connectMicroservice({ strategy: new BusTransport(bus, { group, startAt: 'latest', contracts: { [METRIC_DATA_POINTS_TOPIC]: metricDataPointMessageSchema } }) });
    await app.startAllMicroservices();
    return app;
  } catch (error) {
    for (const resource of owned) await resource.close().catch(() => undefined);
    throw error;
  }
}

/** The configured goals event store: embedded PGlite under DATA_DIR, PostgreSQL or EventStoreDB. */
export function openGoalsEventStore(config: GoalsConfig): Promise<OpenedEventStore> {
  return createEventStore(eventStoreConfigOf(config));
}

/** A JWKS URL or a secret; embedded mode without either signs with its development secret. */
export function authOptions(config: Pick<GoalsConfig, 'EVENT_STORE' | 'DATA_DIR' | 'JWT_SECRET' | 'JWT_JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>) {
  return authOptionsFromConfig(config, config.EVENT_STORE === 'embedded', PEOPLE_ONLY);
}
