import {
  busSettings,
  eventStoreRequired,
  eventStoreSettings,
  jwtSettings,
  kafkaBrokersRequired,
  ledgerRequired,
  metricIndexSettings,
  hostSetting,
  portSetting,
  requireSettings,
} from '@okr/service-kit';
import { z } from 'zod';

/**
 * The reporting service's settings, read from the environment at start-up. Embedded defaults need
 * nothing: read models live in memory with a journal under DATA_DIR/reporting.
 */
export const reportingConfigSchema = z
  .object({
    PORT: portSetting(3002),
    HOST: hostSetting,
    READ_STORE: z.enum(['embedded', 'mongodb']).default('embedded'),
    MONGODB_URL: z.url({ protocol: /^mongodb(\+srv)?$/ }).optional().meta({ examples: ['mongodb://mongo:27017/okr_reporting'] }),
    ...busSettings,
    /**
     * The base of each instance's consumer group of goal events, `<prefix><group>.<INSTANCE_ID>`: an
     * instance keeps its own read models, so it consumes every partition (a new group replays the topic).
     */
    REPORTING_CONSUMER_GROUP: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/).default('reporting'),
    // Where rebuilds and the start-up catch-up read the goals events; unset: the bus alone feeds reporting.
    ...eventStoreSettings,
    EVENT_STORE: z.enum(['embedded', 'postgres', 'eventstoredb']).optional(),
    ...metricIndexSettings,
    ...jwtSettings,
    MIN_GROUP_SIZE: z.coerce.number().int().min(2).max(1000).default(3),
  })
  .superRefine(
    requireSettings([
      kafkaBrokersRequired(),
      ledgerRequired(),
      ...eventStoreRequired(),
      {
        when: (c) => c.BUS === 'kafka',
        setting: 'INSTANCE_ID',
        message: 'required when BUS=kafka: each reporting instance keeps its own read models, so it reads every goal event in a consumer group named after it, e.g. reporting-1',
      },
      { when: (c) => c.READ_STORE === 'mongodb', setting: 'MONGODB_URL', message: 'required when READ_STORE=mongodb, e.g. mongodb://mongo:27017/okr_reporting' },
    ]),
  );

export type ReportingConfig = z.infer<typeof reportingConfigSchema>;
