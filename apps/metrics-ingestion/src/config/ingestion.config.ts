import { z } from 'zod';
import {
  busSettings,
  dataDirSetting,
  databaseUrlSetting,
  jwtSettings,
  kafkaBrokersRequired,
  hostSetting,
  portSetting,
  requireSettings,
  schemaNameSetting,
} from '@okr/service-kit';

/** `billing=secret,crm=other-secret`: one HMAC secret per webhook source. */
const webhookSecrets = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*=[^,]{16,}(,[a-z0-9][a-z0-9_-]*=[^,]{16,})*$/, 'a comma-separated list of source=secret, each secret at least 16 characters')
  .transform((value) => Object.fromEntries(value.split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])))
  .meta({ examples: ['billing=a-long-random-secret-value'] });

/**
 * `integration:crm=helpdesk+billing;integration:erp=erp-legacy`: further sources an integration
 * subject may write, beside its own (integration:crm writes crm).
 */
const integrationSources = z
  .string()
  .regex(/^integration:[a-z0-9_-]+=[a-z][a-z0-9_:-]*(\+[a-z][a-z0-9_:-]*)*(;integration:[a-z0-9_-]+=[a-z][a-z0-9_:-]*(\+[a-z][a-z0-9_:-]*)*)*$/, 'a ;-separated list of integration:<source>=<source>+<source>')
  .transform((value) => Object.fromEntries(value.split(';').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1).split('+')])))
  .meta({ examples: ['integration:crm=helpdesk+billing'] });

/**
 * The metrics-ingestion service's settings, read from the environment at start-up. Embedded
 * defaults need nothing: its tables live in a PGlite data directory under DATA_DIR.
 */
export const ingestionConfigSchema = z
  .object({
    PORT: portSetting(3001),
    HOST: hostSetting,
    STORE: z.enum(['embedded', 'postgres']).default('embedded'),
    DATA_DIR: dataDirSetting,
    DATABASE_URL: databaseUrlSetting,
    /** The schema of ingestion's own tables (tests use a fresh one on a shared server). */
    DATABASE_SCHEMA: schemaNameSetting.default('ingestion'),
    ...busSettings,
    ...jwtSettings,
    WEBHOOK_SECRETS: webhookSecrets.optional(),
    INTEGRATION_SOURCES: integrationSources.optional(),
    /** An upload that sends nothing for this long is dropped (its import fails), so a stalled client cannot hold a connection forever. */
    UPLOAD_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  })
  .superRefine(
    requireSettings([
      kafkaBrokersRequired(),
      { when: (c) => c.STORE === 'postgres', setting: 'DATABASE_URL', message: 'required when STORE=postgres, e.g. postgres://user:pass@host:5432/okr' },
    ]),
  );

export type IngestionConfig = z.infer<typeof ingestionConfigSchema>;
