export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/fold';
export * from './shared/check-in';
export * from './shared/cycle-status';
export * from './shared/state-diff';

export * from './organization/organization.state';
export * from './organization/organization.events';
export * from './organization/organization.commands';
export { organizationDecider } from './organization/organization.decider';
export * from './organization/organization-timeline';
export { copyOrganization, emptyOrganization, organizationWith } from './organization/organization-snapshot';
export * from './organization/contribution-visibility';
export * from './organization/organization-import';
export * from './organization/org-tree';
export * from './organization/individual-target-visibility';
export * from './organization/goal-authority';

export * from './cycle/cycle.state';
export * from './cycle/cycle.events';
export * from './cycle/cycle.commands';
export { cycleDecider } from './cycle/cycle.decider';
export * from './cycle/fiscal-quarter';

export * from './objective/objective.state';
export * from './objective/objective.events';
export * from './objective/objective.commands';
export { objectiveDecider } from './objective/objective.decider';
export * from './objective/key-result-progress';
export * from './objective/objective-progress';
export * from './objective/scoring-rules';

export * from './kpi/kpi.state';
export * from './kpi/kpi.events';
export * from './kpi/kpi.commands';
export { kpiDecider } from './kpi/kpi.decider';
export * from './kpi/kpi-status';

export * from './individual-target/individual-target.state';
export * from './individual-target/individual-target.events';
export * from './individual-target/individual-target.commands';
export { individualTargetDecider } from './individual-target/individual-target.decider';
export * from './individual-target/target-attainment';

export * from './metric-binding/metric-binding';
export * from './metric-binding/binding-periods';
export * from './metric-binding/bound-goal-ref';
export * from './metric-binding/read-instants';
export * from './metric-binding/scope-intervals';
export * from './metric-binding/metric-query-of';
export * from './metric-binding/goal-value';
export * from './metric-binding/bound-values';
export * from './metric-binding/quota-figures';
export * from './metric-binding/bound-value-disclosure';
