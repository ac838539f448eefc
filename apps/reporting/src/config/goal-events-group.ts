import { consumerGroupOf } from '@okr/message-bus';
import { ReportingConfig } from './reporting.config';

/**
 * An instance's consumer group of goal events: its own, since its read models are its own (sharing a
 * group would split the events between instances). Over Kafka INSTANCE_ID is required, so a restart
 * resumes the same group.
 */
export function goalEventsGroupOf(config: Pick<ReportingConfig, 'KAFKA_TOPIC_PREFIX' | 'REPORTING_CONSUMER_GROUP' | 'INSTANCE_ID'>): string {
  return consumerGroupOf(config, config.INSTANCE_ID ? `${config.REPORTING_CONSUMER_GROUP}.${config.INSTANCE_ID}` : config.REPORTING_CONSUMER_GROUP);
}
