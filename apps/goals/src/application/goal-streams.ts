import { cycleDecider, individualTargetDecider, kpiDecider, objectiveDecider, organizationDecider } from '@okr/goals-domain';

/** Where each aggregate's events live: one stream per aggregate, one for the whole organisation. */
export const goalStreams = {
  organization: () => 'organization',
  cycle: (id: string) => `cycle-${id}`,
  objective: (id: string) => `objective-${id}`,
  kpi: (id: string) => `kpi-${id}`,
  target: (id: string) => `target-${id}`,
};

export const deciders = {
  organization: organizationDecider,
  cycle: cycleDecider,
  objective: objectiveDecider,
  kpi: kpiDecider,
  target: individualTargetDecider,
};

export type AggregateKind = keyof typeof deciders;
