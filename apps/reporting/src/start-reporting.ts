import { INestApplication } from '@nestjs/common';
import { GOAL_EVENTS_TOPIC, goalEventMessageSchema, METRIC_DATA_POINTS_TOPIC, metricDataPointMessageSchema } from '@okr/contracts';
import { EventStore, SqlQuery } from '@okr/event-store';
import { openMetricIndexFeed } from '@okr/metric-ledger';
import { BusTransport, consumerGroupOf, createMessageBus, MessageBus } from '@okr/message-bus';
import { randomUUID } from 'node:crypto';
import { authOptionsFromConfig, Clock, createHttpApp, PEOPLE_ONLY } from '@okr/service-kit';
import { goalEventsGroupOf } from './config/goal-events-group';
import { goalEventsSharingOf, ReportingConfig } from './config/reporting.config';
import { openGoalEventStore } from './infrastructure/open-goal-event-store';
import { openReadStore } from './infrastructure/open-read-store';
import { catchUpFromStore } from './projections/catch-up';
import { developmentSignInOf } from './dev-sign-in/development-sign-in';
import { GoalEventsProjection } from './projections/goal-events.projection';
import { ReportingModule } from './reporting.module';

export interface ReportingOverrides {
  bus?: MessageBus;
  /** The goals event store, to catch up from before consuming the bus (the all-in-one process passes its own). */
  eventStore?: EventStore;
  /** The database the metric ledger is in, when the caller shares it (the all-in-one process). */
  ledger?: SqlQuery;
  clock?: Clock;
  logLevel?: string;
}

/**
 * Opens the read store (and bus and event store, unless given) and the metric index (its snapshot
 * restored, caught up from the ledger), loads the read models, catches up from the goals event
 * store when there is one, then consumes goals.events.v1 and metrics.datapoints.v1: returns the
 * HTTP app, not yet listening.
 */
export async function createReportingApp(config: ReportingConfig, overrides: ReportingOverrides = {}): Promise<INestApplication> {
  const readStore = await openReadStore(config);
  // Closed in this order on shutdown (or when start-up fails): stop consuming first, the read store last.
  const owned: { close(): Promise<void> }[] = [readStore];
  try {
    const opened = overrides.eventStore ? null : await openGoalEventStore(config);
    if (opened) owned.unshift(opened);
    const bus = overrides.bus ?? createMessageBus(config, 'reporting');
    if (!overrides.bus) owned.unshift(bus);
    const metricIndex = await openMetricIndexFeed('reporting', config, { sql: overrides.ledger, fallbackDir: config.READ_STORE === 'embedded' ? config.DATA_DIR : undefined });
    owned.unshift(metricIndex);
    const app = await createHttpApp(
      ReportingModule.forRoot({
        readStore,
        sharedReadStore: goalEventsSharingOf(config) === 'shared',
        bus,
        metricIndex: metricIndex.feed,
        auth: authOptionsFromConfig(config, config.READ_STORE === 'embedded', PEOPLE_ONLY),
        minGroupSize: config.MIN_GROUP_SIZE,
        clock: overrides.clock,
        logLevel: overrides.logLevel ?? process.env.LOG_LEVEL,
        closeOnShutdown: owned,
        developmentSignIn: developmentSignInOf(config),
      }),
    );
    const projection = app.get(GoalEventsProjection);
    await projection.load();
    const eventStore = overrides.eventStore ?? opened?.eventStore;
    if (eventStore) await catchUpFromStore(eventStore, projection);
    app.connectMicroservice({ strategy: new BusTransport(bus, { group: goalEventsGroupOf(config), topics: [GOAL_EVENTS_TOPIC], contracts: { [GOAL_EVENTS_TOPIC]: goalEventMessageSchema } }) });
    // Every instance needs every fact: a group of its own, from now on (the ledger gave it what came before).
    const metricGroup = consumerGroupOf(config, `reporting.metric-index.${config.INSTANCE_ID ?? randomUUID()}`);
    app.connectMicroservice({
      strategy: new BusTransport(bus, { group: metricGroup, startAt: 'latest', topics: [METRIC_DATA_POINTS_TOPIC], contracts: { [METRIC_DATA_POINTS_TOPIC]: metricDataPointMessageSchema } }),
    });
    await app.startAllMicroservices();
    return app;
  } catch (error) {
    for (const resource of owned) await resource.close().catch(() => undefined);
    throw error;
  }
}
