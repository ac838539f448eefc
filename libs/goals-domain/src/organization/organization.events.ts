import { DomainEvent } from '../shared/decider';
import { OrganizationPolicy, UnitKind } from './organization.state';

export type PolicySet = DomainEvent<'PolicySet', { policy: OrganizationPolicy; previous: OrganizationPolicy }>;
export type UnitCreated = DomainEvent<'UnitCreated', { unitId: string; name: string; kind: UnitKind; parentId: string | null }>;
export type UnitRenamed = DomainEvent<'UnitRenamed', { unitId: string; name: string; previousName: string }>;
export type UnitMoved = DomainEvent<'UnitMoved', { unitId: string; parentId: string; previousParentId: string | null }>;
export type UnitArchived = DomainEvent<'UnitArchived', { unitId: string }>;
export type PersonRegistered = DomainEvent<'PersonRegistered', { personId: string; name: string; email: string }>;
export type PersonRenamed = DomainEvent<'PersonRenamed', { personId: string; name: string; previousName: string }>;
export type MemberAdded = DomainEvent<'MemberAdded', { unitId: string; personId: string }>;
export type MemberRemoved = DomainEvent<'MemberRemoved', { unitId: string; personId: string }>;
export type LeadAssigned = DomainEvent<'LeadAssigned', { unitId: string; personId: string }>;
export type LeadRemoved = DomainEvent<'LeadRemoved', { unitId: string; personId: string }>;

export type OrganizationEvent =
  | PolicySet
  | UnitCreated
  | UnitRenamed
  | UnitMoved
  | UnitArchived
  | PersonRegistered
  | PersonRenamed
  | MemberAdded
  | MemberRemoved
  | LeadAssigned
  | LeadRemoved;
