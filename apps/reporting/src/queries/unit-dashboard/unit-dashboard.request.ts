import { idSchema, timeTravelQuerySchema } from '@okr/service-kit';
import { z } from 'zod';

export const unitDashboardParams = z.strictObject({ unitId: idSchema, cycleId: idSchema });

export const unitDashboardQuery = timeTravelQuerySchema.extend({
  rows: z.enum(['person', 'attainment', '-attainment']).default('person').describe('order of the individual target rows the caller may see'),
});

export type UnitDashboardParams = z.infer<typeof unitDashboardParams>;
export type UnitDashboardQuery = z.infer<typeof unitDashboardQuery>;
