import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { METRIC_DATA_POINTS_TOPIC, metricDataPointMessageSchema } from '@okr/contracts';
// The event store's checkpointed follower, reused on ingestion's own log.
import { PollingSubscription } from '@okr/event-store';
import { MESSAGE_BUS, MessageBus, OutboxRelay } from '@okr/message-bus';
import { INGESTION_DATABASE, IngestionDatabase } from '../application/ingestion-database.port';
import { SqlDataPointLog } from '../infrastructure/sql-data-point-log';

/**
 * Publishes every accepted data point to metrics.datapoints.v1, keyed by its source record, with
 * the data-point log as the outbox: a batch that committed is always published, even after a
 * crash (the last ones perhaps twice; consumers skip record versions they have applied).
 */
@Injectable()
export class DataPointsPublisher implements OnApplicationBootstrap {
  private readonly logger = new Logger(DataPointsPublisher.name);
  private readonly relay: OutboxRelay;
  private subscription?: PollingSubscription;
  private stopWaking?: () => void;

  constructor(
    @Inject(INGESTION_DATABASE) private readonly db: IngestionDatabase,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    this.relay = new OutboxRelay({
      bus,
      topic: METRIC_DATA_POINTS_TOPIC,
      subscriptionId: `publisher:${METRIC_DATA_POINTS_TOPIC}`,
      subscribe: (options) => {
        this.subscription = new PollingSubscription(new SqlDataPointLog(db), db, db.schema, options, () => undefined);
        this.subscription.start();
        return this.subscription;
      },
      contract: metricDataPointMessageSchema,
      toMessage: (event) => ({ key: event.streamId, value: event.data }),
      onFailure: (error) => this.logger.error(`publishing to ${METRIC_DATA_POINTS_TOPIC} failed, retrying from the checkpoint: ${(error as Error).message}`),
    });
  }

  onApplicationBootstrap(): void {
    // A commit in this process wakes the follower at once rather than at its next poll.
    this.stopWaking = this.db.onCommit(() => this.subscription?.wake());
    this.relay.start();
  }

  /** Resolves once every data point committed so far is on the bus (tests, benchmarks, shutdown). */
  caughtUp(): Promise<void> {
    return this.relay.caughtUp();
  }

  /** Called by the module's shutdown once imports are idle, before the database and bus close. */
  async stop(): Promise<void> {
    this.stopWaking?.();
    await this.relay.stop();
  }
}
