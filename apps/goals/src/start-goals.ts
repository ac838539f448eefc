import { INestApplication } from '@nestjs/common';
import { createEventStore, eventStoreConfigOf, OpenedEventStore } from '@okr/event-store';
import { METRIC_DATA_POINTS_TOPIC, metricDataPointMessageSchema } from '@okr/contracts';
import { BusTransport, createMessageBus, MessageBus } from '@okr/message-bus';
import { authOptionsFromConfig, Clock, createHttpApp } from '@okr/service-kit';
import { GoalsConfig } from './config/goals.config';
import { GoalsModule } from './goals.module';

export interface GoalsOverrides {
  clock?: Clock;
  logLevel?: string;
  /** Owned by the caller, e.g. the all-in-one process's shared bus. */
  bus?: MessageBus;
  /** Owned by the caller: the all-in-one process opens the embedded store once for every service. */
  eventStore?: OpenedEventStore;
  metricsConsumerGroup?: string;
}

/** Opens the configured event store and bus (unless given) and builds the goals HTTP app on them (not yet listening). */
export async function createGoalsApp(config: GoalsConfig, overrides: GoalsOverrides = {}): Promise<INestApplication> {
  const eventStore = overrides.eventStore ?? (await openGoalsEventStore(config));
  const owned: { close(): Promise<void> }[] = overrides.eventStore ? [] : [eventStore];
  try {
    const bus = overrides.bus ?? createMessageBus(config, 'goals');
    if (!overrides.bus) owned.push(bus);
    const app = await createHttpApp(
      GoalsModule.forRoot({
        eventStore,
        bus,
        auth: authOptions(config),
        clock: overrides.clock,
        logLevel: overrides.logLevel ?? process.env.LOG_LEVEL,
        closeOnShutdown: owned,
      }),
    );
    // Data points from metrics-ingestion move bound goals; app.close() stops the consumer first.
    app.connectMicroservice({ strategy: new BusTransport(bus, { group: overrides.metricsConsumerGroup ?? config.METRICS_CONSUMER_GROUP, contracts: { [METRIC_DATA_POINTS_TOPIC]: metricDataPointMessageSchema } }) });
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
  return authOptionsFromConfig(config, config.EVENT_STORE === 'embedded');
}
