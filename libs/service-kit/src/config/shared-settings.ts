import { z } from 'zod';

/**
 * Settings every service reads the same way, spread into each service's config schema, so that
 * one variable means one thing (and one message) across the platform.
 */
export const busSettings = {
  BUS: z.enum(['inprocess', 'kafka']).default('inprocess'),
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, 'a comma-separated list of host:port, e.g. kafka:9092')
    .optional(),
  /** Before every topic name on the cluster, e.g. 'staging.': environments sharing one Kafka cluster stay apart. */
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, ".", "_" or "-", e.g. staging.').optional(),
  /** Partitions of each topic a service creates (an existing topic keeps its own): at most that many instances of a consumer group share the work. */
  KAFKA_PARTITIONS: z.coerce.number().int('a whole number').min(1).max(1000).default(6),
};

export const jwtSettings = {
  JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
};

/** Where the embedded adapters keep their files (memory:// for none). */
export const dataDirSetting = z.string().min(1).default('data');

export const databaseUrlSetting = z.url({ protocol: /^postgres(ql)?$/ }).optional().meta({ examples: ['postgres://okr:okr@postgres:5432/okr'] });

export const schemaNameSetting = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL schema name, e.g. goals');

/** The goals event store: goals writes it; reporting may read it for rebuilds and catch-up. */
export const eventStoreSettings = {
  EVENT_STORE: z.enum(['embedded', 'postgres', 'eventstoredb']).default('embedded'),
  DATA_DIR: dataDirSetting,
  DATABASE_URL: databaseUrlSetting,
  DATABASE_SCHEMA: schemaNameSetting.default('goals'),
  EVENTSTORE_URL: z
    .string()
    .regex(/^esdb(\+discover)?:\/\/\S+$/, 'an EventStoreDB connection string, e.g. esdb://eventstore:2113?tls=false')
    .optional(),
};

/**
 * The metric index goals and reporting each keep: fed from metrics.datapoints.v1, caught up and
 * repaired from metrics-ingestion's ledger by position (read-only), snapshotted to a directory.
 */
export const metricIndexSettings = {
  /** A stable name for this instance, in its consumer group ids; unset: a new one each start (the ledger fills what it missed). */
  INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, ".", "_" or "-", e.g. goals-1').optional(),
  /** metrics-ingestion's PostgreSQL, where the metric ledger lives (a read-only role is enough). */
  LEDGER_DATABASE_URL: databaseUrlSetting,
  LEDGER_SCHEMA: schemaNameSetting.default('ingestion'),
  /** Where the metric index keeps its snapshot so a restart reads only what is new; unset: under DATA_DIR in embedded mode, none otherwise. */
  METRIC_INDEX_DIR: z.string().min(1).optional(),
};

/** Over Kafka, the metric index must be able to read the ledger: the bus alone may lose or reorder what the index needs. */
export const ledgerRequired = <Config extends { BUS: string; LEDGER_DATABASE_URL?: string }>(): RequiredWhen<Config> => ({
  when: (config) => config.BUS === 'kafka',
  setting: 'LEDGER_DATABASE_URL' as keyof Config & string,
  message: 'required when BUS=kafka: the metric index catches up from metrics-ingestion’s ledger, e.g. postgres://reader@postgres:5432/okr',
});

/** The settings an event store of each kind needs. */
export const eventStoreRequired = <Config extends { EVENT_STORE?: string; DATABASE_URL?: string; EVENTSTORE_URL?: string }>(): RequiredWhen<Config>[] => [
  { when: (c) => c.EVENT_STORE === 'postgres', setting: 'DATABASE_URL' as keyof Config & string, message: 'required when EVENT_STORE=postgres, e.g. postgres://user:pass@host:5432/okr' },
  { when: (c) => c.EVENT_STORE === 'eventstoredb', setting: 'EVENTSTORE_URL' as keyof Config & string, message: 'required when EVENT_STORE=eventstoredb, e.g. esdb://eventstore:2113?tls=false' },
];

/** The smallest group of people, besides the viewer, a figure over private numbers may reveal; goals and reporting must agree on it. */
export const minGroupSizeSetting = z.coerce.number().int().min(2).max(1000).default(3);

export const portSetting = (defaultPort: number) => z.coerce.number().int().min(1).max(65535).default(defaultPort);

/**
 * The interface a service listens on: this machine only unless told otherwise, so that a
 * development run is not reachable from the network (containers set 0.0.0.0).
 */
export const hostSetting = z
  .string()
  .regex(/^[A-Za-z0-9.:-]{1,255}$/, 'an interface address or host name, e.g. 127.0.0.1 or 0.0.0.0')
  .default('127.0.0.1');

/** A setting that becomes required when another one has some value, e.g. KAFKA_BROKERS when BUS=kafka. */
export interface RequiredWhen<Config> {
  when(config: Config): boolean;
  setting: keyof Config & string;
  /** e.g. 'required when BUS=kafka, e.g. kafka:9092' */
  message: string;
}

/** For `.superRefine(requireSettings([...]))`: names each missing setting, as loadConfig reports. */
export function requireSettings<Config extends Record<string, unknown>>(rules: RequiredWhen<Config>[]) {
  return (config: Config, ctx: z.RefinementCtx) => {
    for (const rule of rules) {
      if (rule.when(config) && (config[rule.setting] === undefined || config[rule.setting] === '')) {
        ctx.addIssue({ code: 'custom', path: [rule.setting], message: rule.message });
      }
    }
  };
}

/** The rule every service with a bus has. */
export const kafkaBrokersRequired = <Config extends { BUS: string; KAFKA_BROKERS?: string }>(): RequiredWhen<Config> => ({
  when: (config) => config.BUS === 'kafka',
  setting: 'KAFKA_BROKERS' as keyof Config & string,
  message: 'required when BUS=kafka, e.g. kafka:9092',
});

/** How to write the address a service listens on in a URL one can open (every interface: this machine's). */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
