import { consumerGroupOf } from '@okr/message-bus';
import { goalEventsSharingOf, ReportingConfig } from './reporting.config';

/**
 * The consumer group of goal events. With an embedded read store, an instance's own (its read
 * models are its own: sharing a group would split the events between stores), named after
 * INSTANCE_ID so a restart resumes it. With MongoDB, one group for every instance: they split the
 * partitions and write the one store, which each instance follows for what the others applied.
 */
export function goalEventsGroupOf(config: Pick<ReportingConfig, 'KAFKA_TOPIC_PREFIX' | 'REPORTING_CONSUMER_GROUP' | 'INSTANCE_ID' | 'READ_STORE'>): string {
  const perInstance = goalEventsSharingOf(config) === 'per-instance' && config.INSTANCE_ID;
  return consumerGroupOf(config, perInstance ? `${config.REPORTING_CONSUMER_GROUP}.${config.INSTANCE_ID}` : config.REPORTING_CONSUMER_GROUP);
}
