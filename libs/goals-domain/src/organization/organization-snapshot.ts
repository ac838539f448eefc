import { unknownEventIgnored } from '../shared/unreachable';
import { OrganizationEvent } from './organization.events';
import { defaultPolicy, OrganizationState, Unit } from './organization.state';

export function emptyOrganization(): OrganizationState {
  return { policy: defaultPolicy, units: {}, people: {} };
}

/**
 * The organisation after one more change, folded in valid-time order. Adding a member who is one
 * already, or removing one who is not, changes nothing: a change dated back before an equal one
 * recorded earlier makes the later one a repetition, never a second membership.
 */
export function applyOrganizationChange(state: OrganizationState, event: OrganizationEvent): OrganizationState {
  switch (event.type) {
    case 'PolicySet':
      return { ...state, policy: event.data.policy };
    case 'UnitCreated': {
      const { unitId, name, kind, parentId } = event.data;
      return withUnit(state, { id: unitId, name, kind, parentId, archived: false, members: [], leads: [] });
    }
    case 'UnitRenamed':
      return updateUnit(state, event.data.unitId, () => ({ name: event.data.name }));
    case 'UnitMoved':
      return updateUnit(state, event.data.unitId, () => ({ parentId: event.data.parentId }));
    case 'UnitArchived':
      return updateUnit(state, event.data.unitId, () => ({ archived: true }));
    case 'PersonRegistered': {
      const { personId, name, email } = event.data;
      return { ...state, people: { ...state.people, [personId]: { id: personId, name, email } } };
    }
    case 'PersonRenamed': {
      const person = state.people[event.data.personId];
      return person ? { ...state, people: { ...state.people, [person.id]: { ...person, name: event.data.name } } } : state;
    }
    case 'MemberAdded':
      return updateUnit(state, event.data.unitId, (u) => (u.members.includes(event.data.personId) ? {} : { members: [...u.members, event.data.personId] }));
    case 'MemberRemoved':
      return updateUnit(state, event.data.unitId, (u) => ({ members: u.members.filter((id) => id !== event.data.personId) }));
    case 'LeadAssigned':
      return updateUnit(state, event.data.unitId, (u) => (u.leads.includes(event.data.personId) ? {} : { leads: [...u.leads, event.data.personId] }));
    case 'LeadRemoved':
      return updateUnit(state, event.data.unitId, (u) => ({ leads: u.leads.filter((id) => id !== event.data.personId) }));
    default:
      return unknownEventIgnored(state, event);
  }
}

function withUnit(state: OrganizationState, unit: Unit): OrganizationState {
  return { ...state, units: { ...state.units, [unit.id]: unit } };
}

function updateUnit(state: OrganizationState, unitId: string, change: (unit: Unit) => Partial<Unit>): OrganizationState {
  const unit = state.units[unitId];
  return unit ? withUnit(state, { ...unit, ...change(unit) }) : state;
}
