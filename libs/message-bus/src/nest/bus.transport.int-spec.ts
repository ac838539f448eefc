import { deadLetterMessages, describeWithDependency, KAFKA, busTransportContract } from '@okr/testing';
import { KafkaBus } from '../kafka/kafka.bus';

describeWithDependency('bus transport over Kafka', KAFKA, (brokers) => {
  busTransportContract('Kafka', async () => new KafkaBus({ brokers: brokers.split(','), clientId: 'transport-contract' }), (bus, topic) => deadLetterMessages(bus, topic, 2));
});
