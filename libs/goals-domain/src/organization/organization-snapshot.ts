import { unknownEventIgnored } from '../shared/unreachable';
import { OrganizationEvent } from './organization.events';
import { defaultPolicy, OrganizationState, Person, Unit } from './organization.state';

/**
 * Membership tests for one fold of many changes: a Set beside each long id list the fold changes,
 * so adding the 10,000th member of a company is not a scan of the 9,999 before. Made per fold and
 * dropped with it; every change to those lists during the fold must pass it.
 */
export type MembershipIndex = Map<string[], Set<string>>;
const INDEXED_FROM = 32;

export function emptyOrganization(): OrganizationState {
  return { policy: defaultPolicy, units: {}, people: {} };
}

/**
 * Applies one more change, folded in valid-time order, to an organisation the caller owns (see
 * copyOrganization): copying per change made folding an enterprise organisation quadratic. Adding a
 * member who is one already, or removing one who is not, changes nothing: a change dated back before
 * an equal one recorded earlier makes the later one a repetition, never a second membership.
 */
export function applyChangeInPlace(state: OrganizationState, event: OrganizationEvent, index?: MembershipIndex): void {
  switch (event.type) {
    case 'PolicySet':
      state.policy = event.data.policy;
      return;
    case 'UnitCreated': {
      const { unitId, name, kind, parentId } = event.data;
      state.units[unitId] = { id: unitId, name, kind, parentId, archived: false, members: [], leads: [] };
      return;
    }
    case 'UnitRenamed':
      return updateUnit(state, event.data.unitId, (unit) => (unit.name = event.data.name));
    case 'UnitMoved':
      return updateUnit(state, event.data.unitId, (unit) => (unit.parentId = event.data.parentId));
    case 'UnitArchived':
      return updateUnit(state, event.data.unitId, (unit) => (unit.archived = true));
    case 'PersonRegistered': {
      const { personId, name, email } = event.data;
      state.people[personId] = { id: personId, name, email };
      return;
    }
    case 'PersonRenamed': {
      // Replaced, never changed: copies share Person objects.
      const person = state.people[event.data.personId];
      if (person) state.people[person.id] = { ...person, name: event.data.name };
      return;
    }
    case 'MemberAdded':
      return updateUnit(state, event.data.unitId, (unit) => added(unit.members, event.data.personId, index));
    case 'MemberRemoved':
      return updateUnit(state, event.data.unitId, (unit) => removed(unit.members, event.data.personId, index));
    case 'LeadAssigned':
      return updateUnit(state, event.data.unitId, (unit) => added(unit.leads, event.data.personId, index));
    case 'LeadRemoved':
      return updateUnit(state, event.data.unitId, (unit) => removed(unit.leads, event.data.personId, index));
    default:
      unknownEventIgnored(state, event);
  }
}

/** A copy that may be changed in place without touching the original (people are only ever replaced, so they are shared). */
export function copyOrganization(state: OrganizationState): OrganizationState {
  const units: Record<string, Unit> = {};
  for (const id in state.units) {
    const unit = state.units[id];
    units[id] = { ...unit, members: unit.members.slice(), leads: unit.leads.slice() };
  }
  // Assigned one by one: faster than a spread for a map of thousands of people, which dominates a copy.
  const people: Record<string, Person> = {};
  for (const id in state.people) people[id] = state.people[id];
  return { policy: state.policy, units, people };
}

/** The organisation after a few more changes, leaving `state` as it was: one copy, then each change in place. */
export function organizationWith(state: OrganizationState, events: Iterable<OrganizationEvent>): OrganizationState {
  const next = copyOrganization(state);
  const index: MembershipIndex = new Map();
  for (const event of events) applyChangeInPlace(next, event, index);
  return next;
}

function updateUnit(state: OrganizationState, unitId: string, change: (unit: Unit) => unknown): void {
  const unit = state.units[unitId];
  if (unit) change(unit);
}

function added(ids: string[], id: string, index?: MembershipIndex): void {
  if (!index || ids.length < INDEXED_FROM) {
    if (!ids.includes(id)) ids.push(id);
    return;
  }
  let held = index.get(ids);
  if (!held) index.set(ids, (held = new Set(ids)));
  if (held.has(id)) return;
  held.add(id);
  ids.push(id);
}

function removed(ids: string[], id: string, index?: MembershipIndex): void {
  const at = ids.indexOf(id);
  if (at < 0) return;
  ids.splice(at, 1);
  index?.get(ids)?.delete(id);
}
