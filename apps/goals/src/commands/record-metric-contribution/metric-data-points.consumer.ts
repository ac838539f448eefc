import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { METRIC_DATA_POINTS_TOPIC, MetricDataPointMessage } from '@okr/contracts';
import { BusPatternExtras } from '@okr/message-bus';
import { RecordMetricContributionHandler } from './record-metric-contribution.handler';

/** Data points a call: a goal moved by many of them is read and written once per batch. */
const DATA_POINTS_PER_BATCH = 500;

/** Consumes metrics.datapoints.v1 (group `goals`) in batches, validated against its contract by the bus transport. */
@Controller()
export class MetricDataPointsConsumer {
  constructor(private readonly handler: RecordMetricContributionHandler) {}

  @EventPattern(METRIC_DATA_POINTS_TOPIC, { batch: { maxSize: DATA_POINTS_PER_BATCH } } satisfies BusPatternExtras)
  async onDataPoints(@Payload() points: MetricDataPointMessage[]): Promise<void> {
    await this.handler.recordAll(points);
  }
}
