import { z } from 'zod';
import { loadConfig } from './load-config';

const schema = z.object({
  EVENT_STORE: z.enum(['embedded', 'postgres', 'eventstoredb']).default('embedded'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.url().meta({ examples: ['postgres://okr:okr@localhost:5432/okr'] }),
  KAFKA_BROKERS: z.string().regex(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, 'a comma-separated list of host:port, e.g. kafka:9092').optional(),
  JWT_SECRET: z.string().min(32).optional(),
  VERBOSE: z.stringbool().optional(),
});

const valid = { DATABASE_URL: 'postgres://localhost/okr' };

describe('loadConfig', () => {
  it('parses the environment, with defaults', () => {
    expect(loadConfig(schema, valid)).toEqual({ EVENT_STORE: 'embedded', PORT: 3000, DATABASE_URL: 'postgres://localhost/okr' });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(schema, { ...valid, PORT: '' }).PORT).toBe(3000);
  });

  it('lists every bad variable with the reason, what was given, and a valid example', () => {
    expect(() => loadConfig(schema, { EVENT_STORE: 'mysql', PORT: 'eighty', KAFKA_BROKERS: 'kafka' })).toThrow(
      [
        'Invalid configuration:',
        '  EVENT_STORE: expected one of embedded|postgres|eventstoredb, got "mysql"',
        '  PORT: expected a number, got "eighty" (e.g. PORT=3000)',
        '  DATABASE_URL: is required (e.g. DATABASE_URL=postgres://okr:okr@localhost:5432/okr)',
        '  KAFKA_BROKERS: a comma-separated list of host:port, e.g. kafka:9092, got "kafka"',
      ].join('\n'),
    );
  });

  it('never prints a secret, nor the password of a URL', () => {
    let message = '';
    try {
      loadConfig(schema.extend({ JWKS_URL: z.url({ protocol: /^https$/ }) }), { ...valid, JWKS_URL: 'http://okr:hunter2@idp/jwks', JWT_SECRET: 'hunter2-but-short' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('JWT_SECRET: Too small: expected string to have >=32 characters, got a value of 17 characters (hidden)');
    expect(message).toContain('JWKS_URL: Invalid URL, got "http://okr:***@idp/jwks"');
    expect(message).not.toContain('hunter2');
  });

  it('names the variable when the schema checks several together', () => {
    const both = z.object({ BUS: z.enum(['inprocess', 'kafka']), KAFKA_BROKERS: z.string().optional() }).refine((c) => c.BUS !== 'kafka' || c.KAFKA_BROKERS, {
      path: ['KAFKA_BROKERS'],
      message: 'required when BUS=kafka, e.g. kafka:9092',
    });
    expect(() => loadConfig(both, { BUS: 'kafka' })).toThrow('Invalid configuration:\n  KAFKA_BROKERS: required when BUS=kafka, e.g. kafka:9092');
  });
});
