import { z } from 'zod';

/**
 * The reporting service's settings, read from the environment at start-up. Embedded defaults need
 * nothing: read models live in memory with a journal under DATA_DIR/reporting.
 */
export const reportingConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3002),
    READ_STORE: z.enum(['embedded', 'mongodb']).default('embedded'),
    MONGODB_URL: z.url({ protocol: /^mongodb(\+srv)?$/ }).optional().meta({ examples: ['mongodb://mongo:27017/okr_reporting'] }),
    DATA_DIR: z.string().min(1).default('data'),
    BUS: z.enum(['inprocess', 'kafka']).default('inprocess'),
    KAFKA_BROKERS: z
      .string()
      .regex(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, 'a comma-separated list of host:port, e.g. kafka:9092')
      .optional(),
    /** Where rebuilds and the start-up catch-up read the goals events; unset: the bus alone feeds reporting. */
    EVENT_STORE: z.enum(['embedded', 'postgres']).optional(),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('goals'),
    JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    JWT_JWKS_URL: z.url().optional(),
    JWT_ISSUER: z.string().optional(),
    JWT_AUDIENCE: z.string().optional(),
    MIN_GROUP_SIZE: z.coerce.number().int().min(2).max(1000).default(3),
  })
  .superRefine((config, ctx) => {
    if (config.BUS === 'kafka' && !config.KAFKA_BROKERS) {
      ctx.addIssue({ code: 'custom', path: ['KAFKA_BROKERS'], message: 'required when BUS=kafka, e.g. kafka:9092' });
    }
    if (config.READ_STORE === 'mongodb' && !config.MONGODB_URL) {
      ctx.addIssue({ code: 'custom', path: ['MONGODB_URL'], message: 'required when READ_STORE=mongodb, e.g. mongodb://mongo:27017/okr_reporting' });
    }
    if (config.EVENT_STORE === 'postgres' && !config.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required when EVENT_STORE=postgres, e.g. postgres://user:pass@host:5432/okr' });
    }
  });

export type ReportingConfig = z.infer<typeof reportingConfigSchema>;
