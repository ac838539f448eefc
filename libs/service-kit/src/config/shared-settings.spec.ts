import { z } from 'zod';
import { loadConfig } from './load-config';
import { busSettings, jwtSettings, kafkaBrokersRequired, portSetting, requireSettings } from './shared-settings';

const schema = z
  .object({ PORT: portSetting(3001), ...busSettings, ...jwtSettings, STORE: z.enum(['embedded', 'postgres']).default('embedded'), DATABASE_URL: z.string().optional() })
  .superRefine(
    requireSettings([
      kafkaBrokersRequired(),
      { when: (c) => c.STORE === 'postgres', setting: 'DATABASE_URL', message: 'required when STORE=postgres, e.g. postgres://okr:okr@postgres:5432/okr' },
    ]),
  );

describe('settings shared by the services', () => {
  it('default to the embedded, in-process platform', () => {
    expect(loadConfig(schema, {})).toEqual({ PORT: 3001, BUS: 'inprocess', STORE: 'embedded', KAFKA_PARTITIONS: 6 });
  });

  it('name every setting that another one makes required', () => {
    expect(() => loadConfig(schema, { BUS: 'kafka', STORE: 'postgres' })).toThrow(
      'Invalid configuration:\n  KAFKA_BROKERS: required when BUS=kafka, e.g. kafka:9092\n  DATABASE_URL: required when STORE=postgres, e.g. postgres://okr:okr@postgres:5432/okr',
    );
  });

  it('refuse a broker list without ports, and a short secret, without printing the secret', () => {
    expect(() => loadConfig(schema, { KAFKA_BROKERS: 'kafka', JWT_SECRET: 'too-short-secret' })).toThrow(/KAFKA_BROKERS: a comma-separated list of host:port[\s\S]*JWT_SECRET: at least 32 characters/);
    expect(() => loadConfig(schema, { JWT_SECRET: 'too-short-secret' })).not.toThrow(/too-short-secret/);
  });

  it('take the partitions of new topics as a whole number', () => {
    expect(loadConfig(schema, { KAFKA_PARTITIONS: '12' }).KAFKA_PARTITIONS).toBe(12);
    expect(() => loadConfig(schema, { KAFKA_PARTITIONS: '2.5' })).toThrow(/KAFKA_PARTITIONS: a whole number/);
  });
});
