import { busSettings, eventStoreRequired, eventStoreSettings, jwtSettings, kafkaBrokersRequired, portSetting, requireSettings } from '@okr/service-kit';
import { z } from 'zod';

/**
 * The goals service's settings, read from the environment at start-up. Embedded defaults need
 * nothing: events go to a PGlite data directory under DATA_DIR.
 */
export const goalsConfigSchema = z
  .object({
    PORT: portSetting(3000),
    ...eventStoreSettings,
    ...busSettings,
    /** The consumer group of the goals instances that apply data points (one group per deployment). */
    METRICS_CONSUMER_GROUP: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/).default('goals'),
    ...jwtSettings,
  })
  .superRefine(requireSettings([kafkaBrokersRequired(), ...eventStoreRequired()]));

export type GoalsConfig = z.infer<typeof goalsConfigSchema>;
