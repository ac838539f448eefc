import { loadConfig } from '@okr/service-kit';
import { goalEventsGroupOf } from './goal-events-group';
import { reportingConfigSchema } from './reporting.config';

const overKafka = { BUS: 'kafka', KAFKA_BROKERS: 'kafka:9092', LEDGER_DATABASE_URL: 'postgres://reader@postgres:5432/okr', JWT_SECRET: 'a-secret-of-at-least-32-characters-long' };

describe('reporting settings for several instances', () => {
  it('refuse to start over Kafka without an instance id, saying why', () => {
    expect(() => loadConfig(reportingConfigSchema, overKafka)).toThrow(/INSTANCE_ID: required when BUS=kafka: each reporting instance needs every fact/);
  });

  it('give every instance a goal-events group of its own, under the topic prefix', () => {
    const groupOf = (env: Record<string, string>) => goalEventsGroupOf(loadConfig(reportingConfigSchema, { ...overKafka, ...env }));
    expect(groupOf({ INSTANCE_ID: 'reporting-1', KAFKA_TOPIC_PREFIX: 'staging.' })).toBe('staging.reporting.reporting-1');
    expect(groupOf({ INSTANCE_ID: 'reporting-2', KAFKA_TOPIC_PREFIX: 'staging.' })).toBe('staging.reporting.reporting-2');
    expect(groupOf({ INSTANCE_ID: 'reporting-1', REPORTING_CONSUMER_GROUP: 'eu-reporting' })).toBe('eu-reporting.reporting-1');
  });

  it('give the instances on a MongoDB read store one goal-events group, under the topic prefix, whatever their instance ids', () => {
    const groupOf = (env: Record<string, string>) => goalEventsGroupOf(loadConfig(reportingConfigSchema, { ...overKafka, READ_STORE: 'mongodb', MONGODB_URL: 'mongodb://mongo:27017/okr', ...env }));
    expect(groupOf({ INSTANCE_ID: 'reporting-1', KAFKA_TOPIC_PREFIX: 'staging.' })).toBe('staging.reporting');
    expect(groupOf({ INSTANCE_ID: 'reporting-2', KAFKA_TOPIC_PREFIX: 'staging.', REPORTING_GOAL_EVENTS: 'shared' })).toBe('staging.reporting');
    expect(groupOf({ INSTANCE_ID: 'reporting-1', REPORTING_CONSUMER_GROUP: 'eu-reporting' })).toBe('eu-reporting');
  });

  it('refuse a combination that would lose goal events or the store, saying why', () => {
    const load = (env: Record<string, string>) => () => loadConfig(reportingConfigSchema, { ...overKafka, INSTANCE_ID: 'reporting-1', ...env });
    expect(load({ REPORTING_GOAL_EVENTS: 'shared' })).toThrow(/REPORTING_GOAL_EVENTS: shared does not go with READ_STORE=embedded: an embedded read store is each instance’s own/);
    expect(load({ READ_STORE: 'mongodb', MONGODB_URL: 'mongodb://mongo:27017/okr', REPORTING_GOAL_EVENTS: 'per-instance' })).toThrow(/per-instance does not go with READ_STORE=mongodb: .* share one store/);
    expect(load({ READ_STORE: 'mongodb', REPORTING_GOAL_EVENTS: 'shared' })).toThrow(/MONGODB_URL: required when READ_STORE=mongodb/);
  });
});
