import { InProcessBus } from './in-process/in-process.bus';
import { KafkaBus } from './kafka/kafka.bus';
import { MessageBus } from './message-bus.port';

/** The bus settings every service reads (see busSettings in the service kit). */
export interface BusSettings {
  BUS: 'inprocess' | 'kafka';
  KAFKA_BROKERS?: string;
  KAFKA_TOPIC_PREFIX?: string;
  KAFKA_PARTITIONS?: number;
}

/**
 * A consumer group id: under the topic prefix, so environments sharing a cluster never join each
 * other's groups.
 */
export function consumerGroupOf(settings: Pick<BusSettings, 'KAFKA_TOPIC_PREFIX'>, name: string): string {
  return `${settings.KAFKA_TOPIC_PREFIX ?? ''}${name}`;
}

/** The configured bus: in-process when a service runs alone on embedded defaults, else Kafka. */
export function createMessageBus(settings: BusSettings, clientId: string): MessageBus {
  return settings.BUS === 'kafka'
    ? new KafkaBus({ brokers: settings.KAFKA_BROKERS!.split(','), clientId, topicPrefix: settings.KAFKA_TOPIC_PREFIX, partitions: settings.KAFKA_PARTITIONS })
    : new InProcessBus();
}
