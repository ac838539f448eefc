import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { METRIC_DATA_POINTS_TOPIC, MetricDataPointMessage } from '@okr/contracts';
import { BusPatternExtras } from '@okr/message-bus';
import { METRIC_FACTS, MetricFactsSink } from './metric-index.tokens';

/** Facts a call: adding them to the index costs microseconds each, the call's overhead is what batches save. */
const FACTS_PER_BATCH = 1_000;

/**
 * Consumes metrics.datapoints.v1 (validated against its contract by the bus transport) into the
 * service's metric index: every instance in a group of its own, since each needs every fact.
 * Goals and reporting both keep one; nothing is written per fact but the index itself.
 */
@Controller()
export class MetricFactsConsumer {
  constructor(@Inject(METRIC_FACTS) private readonly facts: MetricFactsSink) {}

  @EventPattern(METRIC_DATA_POINTS_TOPIC, { batch: { maxSize: FACTS_PER_BATCH } } satisfies BusPatternExtras)
  onFacts(@Payload() points: MetricDataPointMessage[]): void {
    this.facts.apply(points);
  }
}
