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
};

export const jwtSettings = {
  JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
};

export const portSetting = (defaultPort: number) => z.coerce.number().int().min(1).max(65535).default(defaultPort);

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
