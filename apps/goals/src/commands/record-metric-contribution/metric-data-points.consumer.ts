import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { METRIC_DATA_POINTS_TOPIC, MetricDataPointMessage } from '@okr/contracts';
import { RecordMetricContributionHandler } from './record-metric-contribution.handler';

/** Consumes metrics.datapoints.v1 (group `goals`), validated against its contract by the bus transport. */
@Controller()
export class MetricDataPointsConsumer {
  constructor(private readonly handler: RecordMetricContributionHandler) {}

  @EventPattern(METRIC_DATA_POINTS_TOPIC)
  async onDataPoint(@Payload() point: MetricDataPointMessage): Promise<void> {
    await this.handler.record(point);
  }
}
