import { z } from 'zod';

/** What healthy means for a KPI: a target with a direction, or a band for within-band. */
export const kpiGoalRequest = {
  direction: z.enum(['increase', 'decrease', 'stay-above', 'stay-below', 'within-band']),
  target: z.number().optional().describe('for every direction but within-band'),
  band: z.strictObject({ min: z.number(), max: z.number() }).optional().describe('for within-band'),
};
