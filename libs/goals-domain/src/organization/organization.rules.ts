import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolationError } from '../shared/domain-error';
import { validName } from '../shared/name';
import { unreachable } from '../shared/unreachable';
import { activeChildrenOf, subtreeOf } from './org-tree';
import { OrganizationCommand } from './organization.commands';
import { OrganizationEvent } from './organization.events';
import { OrganizationState, Unit, UnitKind } from './organization.state';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The organisation's rules, judged on the organisation as it was at the command's effective time
 * (the decider finds that state, and checks that the changes recorded after it still hold).
 */
export function decideOrganizationChange(command: OrganizationCommand, state: OrganizationState): OrganizationEvent[] {
  switch (command.type) {
    case 'SetPolicy': {
      const policy = { ...state.policy, ...command.data };
      if (!['refuse', 'warn'].includes(policy.individualObjectives)) {
        throw new InvalidInputError('individualObjectives must be refuse or warn', 'individualObjectives');
      }
      if (!Number.isInteger(policy.minGroupSize) || policy.minGroupSize < 1) {
        throw new InvalidInputError('minGroupSize must be a whole number of at least 1', 'minGroupSize');
      }
      if (!Number.isInteger(policy.fiscalYearStartMonth) || policy.fiscalYearStartMonth < 1 || policy.fiscalYearStartMonth > 12) {
        throw new InvalidInputError('fiscalYearStartMonth must be a month from 1 to 12', 'fiscalYearStartMonth');
      }
      if (JSON.stringify(policy) === JSON.stringify(state.policy)) return [];
      return [{ type: 'PolicySet', data: { policy, previous: state.policy } }];
    }
    case 'CreateUnit': {
      const { unitId, kind } = command.data;
      if (state.units[unitId]) throw new AlreadyExistsError(`unit ${unitId} already exists`, 'unitId');
      const name = validName(command.data.name);
      if (kind === 'company') {
        if (command.data.parentId) throw new InvalidInputError('the company is the root and has no parent', 'parentId');
        if (Object.values(state.units).some((u) => u.kind === 'company')) throw new RuleViolationError('the organisation already has a company unit');
        return [{ type: 'UnitCreated', data: { unitId, name, kind, parentId: null } }];
      }
      if (!command.data.parentId) throw new InvalidInputError(`a ${kind} needs a parent unit`, 'parentId');
      const parent = activeParent(state, command.data.parentId, kind);
      assertUniqueAmongSiblings(state, parent.id, name, unitId);
      return [{ type: 'UnitCreated', data: { unitId, name, kind, parentId: parent.id } }];
    }
    case 'RenameUnit': {
      const unit = activeUnit(state, command.data.unitId);
      const name = validName(command.data.name);
      if (name === unit.name) return [];
      if (unit.parentId) assertUniqueAmongSiblings(state, unit.parentId, name, unit.id);
      return [{ type: 'UnitRenamed', data: { unitId: unit.id, name, previousName: unit.name } }];
    }
    case 'MoveUnit': {
      const unit = activeUnit(state, command.data.unitId);
      if (unit.kind === 'company') throw new RuleViolationError('the company is the root and cannot move');
      if (command.data.parentId === unit.parentId) return [];
      if (subtreeOf(state, unit.id).includes(command.data.parentId)) {
        throw new RuleViolationError('a unit cannot move under itself or a unit below it', 'parentId');
      }
      const parent = activeParent(state, command.data.parentId, unit.kind);
      assertUniqueAmongSiblings(state, parent.id, unit.name, unit.id);
      return [{ type: 'UnitMoved', data: { unitId: unit.id, parentId: parent.id, previousParentId: unit.parentId } }];
    }
    case 'ArchiveUnit': {
      const unit = activeUnit(state, command.data.unitId);
      const children = activeChildrenOf(state, unit.id);
      if (children.length) {
        throw new RuleViolationError(`unit ${unit.id} still has active units below it (${children.map((c) => c.id).join(', ')}); archive or move them first`);
      }
      return [{ type: 'UnitArchived', data: { unitId: unit.id } }];
    }
    case 'RegisterPerson': {
      const { personId } = command.data;
      if (state.people[personId]) throw new AlreadyExistsError(`person ${personId} already exists`, 'personId');
      const name = validName(command.data.name);
      const email = command.data.email.trim().toLowerCase();
      if (!EMAIL.test(email)) throw new InvalidInputError('email is not an e-mail address', 'email');
      const holder = Object.values(state.people).find((p) => p.email === email);
      if (holder) throw new RuleViolationError(`email ${email} belongs to person ${holder.id}`, 'email');
      return [{ type: 'PersonRegistered', data: { personId, name, email } }];
    }
    case 'RenamePerson': {
      const person = existingPerson(state, command.data.personId);
      const name = validName(command.data.name);
      if (name === person.name) return [];
      return [{ type: 'PersonRenamed', data: { personId: person.id, name, previousName: person.name } }];
    }
    case 'AddMember': {
      const unit = activeUnit(state, command.data.unitId);
      const person = existingPerson(state, command.data.personId);
      if (unit.members.includes(person.id)) return [];
      return [{ type: 'MemberAdded', data: { unitId: unit.id, personId: person.id } }];
    }
    case 'RemoveMember': {
      const unit = activeUnit(state, command.data.unitId);
      if (!unit.members.includes(command.data.personId)) {
        throw new NotFoundError(`person ${command.data.personId} is not a member of ${unit.id}`, 'personId');
      }
      return [{ type: 'MemberRemoved', data: { unitId: unit.id, personId: command.data.personId } }];
    }
    case 'AssignLead': {
      const unit = activeUnit(state, command.data.unitId);
      const person = existingPerson(state, command.data.personId);
      if (unit.leads.includes(person.id)) return [];
      return [{ type: 'LeadAssigned', data: { unitId: unit.id, personId: person.id } }];
    }
    case 'RemoveLead': {
      const unit = activeUnit(state, command.data.unitId);
      if (!unit.leads.includes(command.data.personId)) {
        throw new NotFoundError(`person ${command.data.personId} is not a lead of ${unit.id}`, 'personId');
      }
      return [{ type: 'LeadRemoved', data: { unitId: unit.id, personId: command.data.personId } }];
    }
    default:
      return unreachable(command);
  }
}

function activeUnit(state: OrganizationState, unitId: string, field = 'unitId'): Unit {
  const unit = state.units[unitId];
  if (!unit) throw new NotFoundError(`unit ${unitId} does not exist`, field);
  if (unit.archived) throw new RuleViolationError(`unit ${unitId} is archived`, field);
  return unit;
}

function activeParent(state: OrganizationState, parentId: string, childKind: UnitKind): Unit {
  const parent = activeUnit(state, parentId, 'parentId');
  if (childKind === 'department' && parent.kind === 'team') {
    throw new RuleViolationError('a department cannot sit under a team', 'parentId');
  }
  return parent;
}

function existingPerson(state: OrganizationState, personId: string) {
  const person = state.people[personId];
  if (!person) throw new NotFoundError(`person ${personId} does not exist`, 'personId');
  return person;
}

function assertUniqueAmongSiblings(state: OrganizationState, parentId: string, name: string, unitId: string): void {
  const clash = Object.values(state.units).find(
    (u) => u.parentId === parentId && !u.archived && u.id !== unitId && u.name.toLowerCase() === name.toLowerCase(),
  );
  if (clash) throw new RuleViolationError(`${parentId} already has a unit named "${name}" (${clash.id})`, 'name');
}
