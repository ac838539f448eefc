import { CommandContext } from '../shared/decider';
import { DomainError, RuleViolationError } from '../shared/domain-error';
import { unreachable } from '../shared/unreachable';
import { applyChangeInPlace, MembershipIndex, organizationWith } from './organization-snapshot';
import { OrganizationCommand } from './organization.commands';
import { OrganizationEvent } from './organization.events';
import { decideOrganizationChange } from './organization.rules';
import { organizationAt, OrganizationTimeline } from './organization-timeline';

/**
 * A change dated back before changes already recorded must leave each of them valid: replays the
 * later changes, in valid-time order, as the commands that made them, on the organisation with the
 * new change in place; one the rules would now refuse refuses the new change, naming it. Each is
 * judged on the organisation before it, folded in place on one copy.
 */
export function assertLaterChangesHold(timeline: OrganizationTimeline, events: OrganizationEvent[], effective: number, context: CommandContext): void {
  const state = organizationWith(organizationAt(timeline, { asOf: effective }), events);
  const { changes } = timeline;
  const index: MembershipIndex = new Map();
  for (let i = timeline.countUpTo(effective); i < changes.length; i++) {
    const change = changes[i];
    try {
      decideOrganizationChange(commandOf(change.event, context), state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new RuleViolationError(
        `dated ${context.effectiveAt}, this would contradict a change already recorded: ${change.event.type} effective ${change.effectiveAt} (${error.message}); date it after that change, or correct that change first`,
        'effectiveAt',
      );
    }
    applyChangeInPlace(state, change.event, index);
  }
}

/** The command that records an event: every organisation event is one command's outcome. */
function commandOf(event: OrganizationEvent, context: CommandContext): OrganizationCommand {
  switch (event.type) {
    case 'PolicySet':
      return { type: 'SetPolicy', data: event.data.policy, context };
    case 'UnitCreated': {
      const { unitId, name, kind, parentId } = event.data;
      return { type: 'CreateUnit', data: { unitId, name, kind, ...(parentId ? { parentId } : {}) }, context };
    }
    case 'UnitRenamed':
      return { type: 'RenameUnit', data: { unitId: event.data.unitId, name: event.data.name }, context };
    case 'UnitMoved':
      return { type: 'MoveUnit', data: { unitId: event.data.unitId, parentId: event.data.parentId }, context };
    case 'UnitArchived':
      return { type: 'ArchiveUnit', data: event.data, context };
    case 'PersonRegistered':
      return { type: 'RegisterPerson', data: event.data, context };
    case 'PersonRenamed':
      return { type: 'RenamePerson', data: { personId: event.data.personId, name: event.data.name }, context };
    case 'MemberAdded':
      return { type: 'AddMember', data: event.data, context };
    case 'MemberRemoved':
      return { type: 'RemoveMember', data: event.data, context };
    case 'LeadAssigned':
      return { type: 'AssignLead', data: event.data, context };
    case 'LeadRemoved':
      return { type: 'RemoveLead', data: event.data, context };
    default:
      return unreachable(event);
  }
}
