import { DomainCommand } from '../shared/decider';
import { OrganizationPolicy, UnitKind } from './organization.state';

export type SetPolicy = DomainCommand<'SetPolicy', Partial<OrganizationPolicy>>;
export type CreateUnit = DomainCommand<'CreateUnit', { unitId: string; name: string; kind: UnitKind; parentId?: string }>;
export type RenameUnit = DomainCommand<'RenameUnit', { unitId: string; name: string }>;
export type MoveUnit = DomainCommand<'MoveUnit', { unitId: string; parentId: string }>;
export type ArchiveUnit = DomainCommand<'ArchiveUnit', { unitId: string }>;
export type RegisterPerson = DomainCommand<'RegisterPerson', { personId: string; name: string; email: string }>;
export type RenamePerson = DomainCommand<'RenamePerson', { personId: string; name: string }>;
export type AddMember = DomainCommand<'AddMember', { unitId: string; personId: string }>;
export type RemoveMember = DomainCommand<'RemoveMember', { unitId: string; personId: string }>;
export type AssignLead = DomainCommand<'AssignLead', { unitId: string; personId: string }>;
export type RemoveLead = DomainCommand<'RemoveLead', { unitId: string; personId: string }>;

export type OrganizationCommand =
  | SetPolicy
  | CreateUnit
  | RenameUnit
  | MoveUnit
  | ArchiveUnit
  | RegisterPerson
  | RenamePerson
  | AddMember
  | RemoveMember
  | AssignLead
  | RemoveLead;
