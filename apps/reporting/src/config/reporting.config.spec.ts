import { loadConfig } from '@okr/service-kit';
import { goalEventsGroupOf } from './goal-events-group';
import { reportingConfigSchema } from './reporting.config';

const overKafka = { BUS: 'kafka', KAFKA_BROKERS: 'kafka:9092', LEDGER_DATABASE_URL: 'postgres://reader@postgres:5432/okr', JWT_SECRET: 'a-secret-of-at-least-32-characters-long' };

describe('reporting settings for several instances', () => {
  it('refuse to start over Kafka without an instance id, saying why', () => {
    expect(() => loadConfig(reportingConfigSchema, overKafka)).toThrow(/INSTANCE_ID: required when BUS=kafka: each reporting instance keeps its own read models/);
  });

  it('give every instance a goal-events group of its own, under the topic prefix', () => {
    const groupOf = (env: Record<string, string>) => goalEventsGroupOf(loadConfig(reportingConfigSchema, { ...overKafka, ...env }));
    expect(groupOf({ INSTANCE_ID: 'reporting-1', KAFKA_TOPIC_PREFIX: 'staging.' })).toBe('staging.reporting.reporting-1');
    expect(groupOf({ INSTANCE_ID: 'reporting-2', KAFKA_TOPIC_PREFIX: 'staging.' })).toBe('staging.reporting.reporting-2');
    expect(groupOf({ INSTANCE_ID: 'reporting-1', REPORTING_CONSUMER_GROUP: 'eu-reporting' })).toBe('eu-reporting.reporting-1');
  });
});
