import { InProcessBus, KafkaBus, MessageBus } from '@okr/message-bus';

/** The configured bus: in-process when the service runs alone on embedded defaults, else Kafka. */
export function createBus(config: { BUS: 'inprocess' | 'kafka'; KAFKA_BROKERS?: string; KAFKA_TOPIC_PREFIX?: string }, clientId: string): MessageBus {
  return config.BUS === 'kafka' ? new KafkaBus({ brokers: config.KAFKA_BROKERS!.split(','), clientId, topicPrefix: config.KAFKA_TOPIC_PREFIX }) : new InProcessBus();
}
