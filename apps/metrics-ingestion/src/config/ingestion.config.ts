import { z } from 'zod';
import { goalsConfigSchema } from '../../../goals/src/config/goals.config';

/** `billing=secret,crm=other-secret`: one HMAC secret per webhook source. */
const webhookSecrets = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*=[^,]{16,}(,[a-z0-9][a-z0-9_-]*=[^,]{16,})*$/, 'a comma-separated list of source=secret, each secret at least 16 characters')
  .transform((value) => Object.fromEntries(value.split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])))
  .meta({ examples: ['billing=a-long-random-secret-value'] });

/**
 * The metrics-ingestion service's settings, read from the environment at start-up. Embedded
 * defaults need nothing: its tables live in a PGlite data directory under DATA_DIR.
 */
export const ingestionConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3001),
    STORE: z.enum(['embedded', 'postgres']).default('embedded'),
    DATA_DIR: z.string().min(1).default('data'),
    DATABASE_URL: goalsConfigSchema.shape.DATABASE_URL,
    /** The schema of ingestion's own tables (tests use a fresh one on a shared server). */
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('ingestion'),
    // The bus and token settings mean what they mean for goals: one definition of each.
    BUS: goalsConfigSchema.shape.BUS,
    KAFKA_BROKERS: goalsConfigSchema.shape.KAFKA_BROKERS,
    JWT_SECRET: goalsConfigSchema.shape.JWT_SECRET,
    JWT_JWKS_URL: goalsConfigSchema.shape.JWT_JWKS_URL,
    JWT_ISSUER: goalsConfigSchema.shape.JWT_ISSUER,
    JWT_AUDIENCE: goalsConfigSchema.shape.JWT_AUDIENCE,
    WEBHOOK_SECRETS: webhookSecrets.optional(),
  })
  .superRefine((config, ctx) => {
    if (config.BUS === 'kafka' && !config.KAFKA_BROKERS) {
      ctx.addIssue({ code: 'custom', path: ['KAFKA_BROKERS'], message: 'required when BUS=kafka, e.g. kafka:9092' });
    }
    if (config.STORE === 'postgres' && !config.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required when STORE=postgres, e.g. postgres://user:pass@host:5432/okr' });
    }
  });

export type IngestionConfig = z.infer<typeof ingestionConfigSchema>;
