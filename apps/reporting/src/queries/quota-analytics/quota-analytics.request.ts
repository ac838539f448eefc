import { scoringRules } from '@okr/goals-domain';
import { idSchema, timeTravelQuerySchema } from '@okr/service-kit';
import { z } from 'zod';

export const unitCycleParams = z.strictObject({ unitId: idSchema, cycleId: idSchema });
export const targetParams = z.strictObject({ targetId: idSchema });
export const personParams = z.strictObject({ personId: idSchema });
export const cycleParams = z.strictObject({ cycleId: idSchema });

const quotaValue = z.coerce.number().positive().max(1e15);

export const targetAttainabilityQuery = timeTravelQuerySchema.extend({
  proposed: quotaValue.optional().describe('a proposed revision of the quota; absent: the quota as it stands at the instant'),
});

export const proposalAttainabilityQuery = timeTravelQuerySchema.extend({
  unitId: idSchema.describe('the unit the quota would be set in'),
  metric: z.string().trim().min(1).max(200).describe('the metric of the quota, e.g. sales.closed_won_amount'),
  proposed: quotaValue.describe('the proposed quota'),
  cycleId: idSchema.optional().describe('the cycle the quota is for: history is every cycle that ended before it began (absent: before asOf)'),
});

export const rescoringQuery = timeTravelQuerySchema.extend({
  rule: z.enum(Object.keys(scoringRules) as [string, ...string[]]).describe('the scoring rule version to re-score with'),
  basis: z
    .enum(['at-close', 'as-known'])
    .default('at-close')
    .describe('at-close: the objectives as known when the cycle closed (what the recorded scores came from); as-known: at asOf/knownAt, with corrections recorded since'),
});

export type UnitCycleParams = z.infer<typeof unitCycleParams>;
export type TimeTravelQuery = z.infer<typeof timeTravelQuerySchema>;
