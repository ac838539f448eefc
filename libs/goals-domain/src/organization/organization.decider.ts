import { Decider } from '../shared/decider';
import { assertEffectiveWithin } from '../shared/valid-time';
import { assertLaterChangesHold } from './later-changes';
import { OrganizationCommand } from './organization.commands';
import { OrganizationEvent } from './organization.events';
import { decideOrganizationChange } from './organization.rules';
import { emptyTimeline, latestEffective, organizationAt, OrganizationTimeline, timelineFromSnapshot, withChange } from './organization-timeline';

/**
 * Every organisation command may take effect earlier than it is recorded (never later): it is
 * judged on the organisation as it was then, and, when changes already recorded take effect after
 * it, each of them must still hold with it in place (a unit created last month cannot be archived
 * as of last year if members joined it since).
 */
export function decide(command: OrganizationCommand, timeline: OrganizationTimeline): OrganizationEvent[] {
  assertEffectiveWithin(command.context);
  const effective = Date.parse(command.context.effectiveAt);
  const events = decideOrganizationChange(command, organizationAt(timeline, { asOf: effective }));
  if (events.length && effective < latestEffective(timeline)) assertLaterChangesHold(timeline, events, effective, command.context);
  return events;
}

export const organizationDecider: Decider<OrganizationCommand, OrganizationEvent, OrganizationTimeline> = {
  decide,
  evolve: (timeline, event) => withChange(timeline, event, event.metadata),
  initialState: emptyTimeline,
  snapshotSchema: 'organization-timeline@2',
  fromSnapshot: timelineFromSnapshot,
};
