import {
  busSettings,
  eventStoreRequired,
  eventStoreSettings,
  jwtSettings,
  kafkaBrokersRequired,
  ledgerRequired,
  metricIndexSettings,
  hostSetting,
  minGroupSizeSetting,
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
     * The consumer group of goal events: with an embedded read store each instance keeps its own
     * read models, so it consumes every partition in `<prefix><group>.<INSTANCE_ID>`; with MongoDB
     * the instances share the store and split the partitions in `<prefix><group>` (a new group replays the topic).
     */
    REPORTING_CONSUMER_GROUP: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/).default('reporting'),
    /** Optional, to state the intent: `per-instance` goes with the embedded read store, `shared` with MongoDB; any other pair refuses to start. */
    REPORTING_GOAL_EVENTS: z.enum(['per-instance', 'shared']).optional(),
    // Where rebuilds and the start-up catch-up read the goals events; unset: the bus alone feeds reporting.
    ...eventStoreSettings,
    EVENT_STORE: z.enum(['embedded', 'postgres', 'eventstoredb']).optional(),
    ...metricIndexSettings,
    ...jwtSettings,
    MIN_GROUP_SIZE: minGroupSizeSetting,
  })
  .superRefine(
    requireSettings([
      kafkaBrokersRequired(),
      ledgerRequired(),
      ...eventStoreRequired(),
      {
        when: (c) => c.BUS === 'kafka',
        setting: 'INSTANCE_ID',
        message:
          'required when BUS=kafka: each reporting instance needs every fact (and, with an embedded read store, every goal event), so it reads them in consumer groups named after it, e.g. reporting-1',
      },
      { when: (c) => c.READ_STORE === 'mongodb', setting: 'MONGODB_URL', message: 'required when READ_STORE=mongodb, e.g. mongodb://mongo:27017/okr_reporting' },
    ]),
  )
  .superRefine((config, ctx) => {
    const sharing = goalEventsSharingOf(config);
    if (config.REPORTING_GOAL_EVENTS && config.REPORTING_GOAL_EVENTS !== sharing) {
      const why =
        sharing === 'per-instance'
          ? 'an embedded read store is each instance’s own, so a shared group would split the goal events between stores and each would miss the others’; set READ_STORE=mongodb to share one store'
          : 'with READ_STORE=mongodb the instances share one store, so they share one group of goal events; set READ_STORE=embedded for a store per instance';
      ctx.addIssue({ code: 'custom', path: ['REPORTING_GOAL_EVENTS'], message: `${config.REPORTING_GOAL_EVENTS} does not go with READ_STORE=${config.READ_STORE}: ${why}` });
    }
  });

/** How the instances consume goal events: one group per instance with its own embedded store, one group for all on a shared MongoDB store. */
export function goalEventsSharingOf(config: { READ_STORE: 'embedded' | 'mongodb' }): 'per-instance' | 'shared' {
  return config.READ_STORE === 'mongodb' ? 'shared' : 'per-instance';
}

export type ReportingConfig = z.infer<typeof reportingConfigSchema>;
