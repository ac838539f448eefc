import { busSettings, eventStoreRequired, eventStoreSettings, jwtSettings, kafkaBrokersRequired, ledgerRequired, hostSetting, metricIndexSettings, minGroupSizeSetting, portSetting, requireSettings } from '@okr/service-kit';
import { z } from 'zod';

/**
 * The goals service's settings, read from the environment at start-up. Embedded defaults need
 * nothing: events go to a PGlite data directory under DATA_DIR.
 */
export const goalsConfigSchema = z
  .object({
    PORT: portSetting(3000),
    HOST: hostSetting,
    ...eventStoreSettings,
    ...busSettings,
    ...metricIndexSettings,
    ...jwtSettings,
    MIN_GROUP_SIZE: minGroupSizeSetting,
  })
  .superRefine(requireSettings([kafkaBrokersRequired(), ledgerRequired(), ...eventStoreRequired()]));

export type GoalsConfig = z.infer<typeof goalsConfigSchema>;
