import { describeWithDependency, KAFKA, messageBusContract } from '@okr/testing';
import { KafkaBus } from './kafka.bus';

describeWithDependency('Kafka message bus', KAFKA, (brokers) => {
  messageBusContract('Kafka', async () => new KafkaBus({ brokers: brokers.split(','), clientId: 'contract-suite' }));
});
