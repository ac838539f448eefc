import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { METRIC_DATA_POINTS_TOPIC } from '@okr/contracts';
// The event store's checkpointed follower, reused on ingestion's own log.
import { PollingSubscription } from '@okr/event-store';
import { MESSAGE_BUS, MessageBus } from '@okr/message-bus';
import { INGESTION_DATABASE, IngestionDatabase } from '../application/ingestion-database.port';
import { SqlDataPointLog } from '../infrastructure/sql-data-point-log';

const SUBSCRIPTION_ID = `publisher:${METRIC_DATA_POINTS_TOPIC}`;
const RESTART_DELAY_MS = 1_000;

/**
 * Publishes every accepted data point to metrics.datapoints.v1, keyed by its source record, from a
 * checkpoint that moves only after the bus accepted it: the log is the outbox, so a batch that
 * committed is always published, even after a crash (the last ones perhaps twice; consumers skip
 * record versions they have applied).
 */
@Injectable()
export class DataPointsPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DataPointsPublisher.name);
  private subscription?: PollingSubscription;
  private stopped = false;
  private restart?: NodeJS.Timeout;
  private stopWaking?: () => void;

  constructor(
    @Inject(INGESTION_DATABASE) private readonly db: IngestionDatabase,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  onApplicationBootstrap(): void {
    this.stopWaking = this.db.onCommit(() => this.subscription?.wake());
    this.start();
  }

  private start(): void {
    this.subscription = new PollingSubscription(
      new SqlDataPointLog(this.db),
      this.db,
      this.db.schema,
      {
        subscriptionId: SUBSCRIPTION_ID,
        handleBatch: (events) => this.bus.publish(METRIC_DATA_POINTS_TOPIC, events.map((event) => ({ key: event.streamId, value: event.data }))),
        // The bus is unavailable: resume from the checkpoint a little later, losing nothing.
        onError: (error) => {
          this.logger.error(`publishing to ${METRIC_DATA_POINTS_TOPIC} failed, retrying from the checkpoint: ${(error as Error).message}`);
          if (!this.stopped) this.restart = setTimeout(() => this.start(), RESTART_DELAY_MS);
        },
      },
      () => undefined,
    );
    this.subscription.start();
  }

  /** Resolves once every data point committed so far is on the bus (tests, benchmarks, shutdown). */
  caughtUp(): Promise<void> {
    return this.subscription?.caughtUp() ?? Promise.resolve();
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopWaking?.();
    clearTimeout(this.restart);
    await this.subscription?.stop();
  }
}
