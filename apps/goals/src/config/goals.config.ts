import { z } from 'zod';

/**
 * The goals service's settings, read from the environment at start-up. Embedded defaults need
 * nothing: events go to a PGlite data directory under DATA_DIR.
 */
export const goalsConfigSchema = z
  .object({
    EVENT_STORE: z.enum(['embedded', 'postgres', 'eventstoredb']).default('embedded'),
    DATA_DIR: z.string().min(1).default('data'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('goals'),
    EVENTSTORE_URL: z
      .string()
      .regex(/^esdb(\+discover)?:\/\/\S+$/, 'an EventStoreDB connection string, e.g. esdb://eventstore:2113?tls=false')
      .optional(),
    BUS: z.enum(['inprocess', 'kafka']).default('inprocess'),
    KAFKA_BROKERS: z
      .string()
      .regex(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, 'a comma-separated list of host:port, e.g. kafka:9092')
      .optional(),
    JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    JWT_JWKS_URL: z.url().optional(),
    JWT_ISSUER: z.string().optional(),
    JWT_AUDIENCE: z.string().optional(),
  })
  .superRefine((config, ctx) => {
    if (config.BUS === 'kafka' && !config.KAFKA_BROKERS) {
      ctx.addIssue({ code: 'custom', path: ['KAFKA_BROKERS'], message: 'required when BUS=kafka, e.g. kafka:9092' });
    }
    if (config.EVENT_STORE === 'postgres' && !config.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required when EVENT_STORE=postgres, e.g. postgres://user:pass@host:5432/okr' });
    }
    if (config.EVENT_STORE === 'eventstoredb' && !config.EVENTSTORE_URL) {
      ctx.addIssue({ code: 'custom', path: ['EVENTSTORE_URL'], message: 'required when EVENT_STORE=eventstoredb, e.g. esdb://eventstore:2113?tls=false' });
    }
  });

export type GoalsConfig = z.infer<typeof goalsConfigSchema>;
