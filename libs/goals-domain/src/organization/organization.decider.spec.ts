import { AlreadyExistsError, InvalidInputError, NotFoundError, OrganizationEvent, RuleViolationError } from '@okr/goals-domain';
import { at, DeciderSpecification } from '@okr/testing';
import { organizationDecider } from './organization.decider';
import { defaultPolicy } from './organization.state';

const spec = DeciderSpecification.for(organizationDecider);
const context = at('2027-01-04T09:00:00.000Z');

const company: OrganizationEvent = { type: 'UnitCreated', data: { unitId: 'acme', name: 'Acme', kind: 'company', parentId: null } };
const sales: OrganizationEvent = { type: 'UnitCreated', data: { unitId: 'sales', name: 'Sales', kind: 'department', parentId: 'acme' } };
const emea: OrganizationEvent = { type: 'UnitCreated', data: { unitId: 'emea', name: 'EMEA', kind: 'team', parentId: 'sales' } };
const rita: OrganizationEvent = { type: 'PersonRegistered', data: { personId: 'rita', name: 'Rita', email: 'rita@acme.test' } };

describe('organization', () => {
  describe('policy', () => {
    it('records a changed policy with the previous one', () =>
      spec.given([]).when({ type: 'SetPolicy', data: { individualObjectives: 'warn' }, context }).then([
        { type: 'PolicySet', data: { policy: { ...defaultPolicy, individualObjectives: 'warn' }, previous: defaultPolicy } },
      ]));
    it('records nothing when nothing changes', () => spec.given([]).when({ type: 'SetPolicy', data: { minGroupSize: 3 }, context }).thenNothing());
    it('refuses a group size below 1', () =>
      spec.given([]).when({ type: 'SetPolicy', data: { minGroupSize: 0 }, context }).thenThrows(InvalidInputError, /minGroupSize/, 'minGroupSize'));
    it('refuses a fiscal year starting in month 13', () =>
      spec.given([]).when({ type: 'SetPolicy', data: { fiscalYearStartMonth: 13 }, context }).thenThrows(InvalidInputError, /month/, 'fiscalYearStartMonth'));
    it('refuses a backdated change: only check-ins and goal creations may be backdated', () =>
      spec
        .given([])
        .when({ type: 'SetPolicy', data: { minGroupSize: 5 }, context: at('2027-01-04T09:00:00.000Z', '2027-01-01T00:00:00.000Z') })
        .thenThrows(InvalidInputError, /effectiveAt/, 'effectiveAt'));
  });

  describe('units', () => {
    it('creates the company as the root', () =>
      spec.given([]).when({ type: 'CreateUnit', data: { unitId: 'acme', name: ' Acme ', kind: 'company' }, context }).then([company]));
    it('refuses a second company', () =>
      spec.given([company]).when({ type: 'CreateUnit', data: { unitId: 'other', name: 'Other', kind: 'company' }, context }).thenThrows(RuleViolationError, /already has a company/));
    it('refuses a company with a parent', () =>
      spec.given([]).when({ type: 'CreateUnit', data: { unitId: 'acme', name: 'Acme', kind: 'company', parentId: 'x' }, context }).thenThrows(InvalidInputError, /root/, 'parentId'));
    it('creates a department under the company and a team under it', () =>
      spec.given([company, sales]).when({ type: 'CreateUnit', data: { unitId: 'emea', name: 'EMEA', kind: 'team', parentId: 'sales' }, context }).then([emea]));
    it('refuses a team without a parent', () =>
      spec.given([company]).when({ type: 'CreateUnit', data: { unitId: 't', name: 'T', kind: 'team' }, context }).thenThrows(InvalidInputError, /needs a parent/, 'parentId'));
    it('refuses a parent that does not exist', () =>
      spec.given([company]).when({ type: 'CreateUnit', data: { unitId: 't', name: 'T', kind: 'team', parentId: 'nowhere' }, context }).thenThrows(NotFoundError, /nowhere/, 'parentId'));
    it('refuses a department under a team', () =>
      spec
        .given([company, sales, emea])
        .when({ type: 'CreateUnit', data: { unitId: 'd', name: 'D', kind: 'department', parentId: 'emea' }, context })
        .thenThrows(RuleViolationError, /department cannot sit under a team/, 'parentId'));
    it('refuses a used id', () =>
      spec.given([company, sales]).when({ type: 'CreateUnit', data: { unitId: 'sales', name: 'Sales 2', kind: 'department', parentId: 'acme' }, context }).thenThrows(AlreadyExistsError));
    it('refuses a name a sibling already has, whatever the case', () =>
      spec.given([company, sales]).when({ type: 'CreateUnit', data: { unitId: 's2', name: 'SALES', kind: 'department', parentId: 'acme' }, context }).thenThrows(RuleViolationError, /already has a unit named/, 'name'));
    it('refuses an empty name', () =>
      spec.given([company]).when({ type: 'CreateUnit', data: { unitId: 's', name: '  ', kind: 'department', parentId: 'acme' }, context }).thenThrows(InvalidInputError, /empty/, 'name'));
    it('renames a unit, keeping the previous name', () =>
      spec.given([company, sales]).when({ type: 'RenameUnit', data: { unitId: 'sales', name: 'Revenue' }, context }).then([
        { type: 'UnitRenamed', data: { unitId: 'sales', name: 'Revenue', previousName: 'Sales' } },
      ]));
    it('renames to the same name as a no-op', () => spec.given([company, sales]).when({ type: 'RenameUnit', data: { unitId: 'sales', name: 'Sales' }, context }).thenNothing());
    it('moves a team under another department', () =>
      spec
        .given([company, sales, emea, { type: 'UnitCreated', data: { unitId: 'ops', name: 'Ops', kind: 'department', parentId: 'acme' } }])
        .when({ type: 'MoveUnit', data: { unitId: 'emea', parentId: 'ops' }, context })
        .then([{ type: 'UnitMoved', data: { unitId: 'emea', parentId: 'ops', previousParentId: 'sales' } }]));
    it('refuses to move a unit under one of its own sub-units', () =>
      spec.given([company, sales, emea]).when({ type: 'MoveUnit', data: { unitId: 'sales', parentId: 'emea' }, context }).thenThrows(RuleViolationError, /under itself or a unit below it/));
    it('refuses to move the company', () =>
      spec.given([company, sales]).when({ type: 'MoveUnit', data: { unitId: 'acme', parentId: 'sales' }, context }).thenThrows(RuleViolationError, /root/));
    it('archives a unit without active sub-units', () =>
      spec.given([company, sales, emea]).when({ type: 'ArchiveUnit', data: { unitId: 'emea' }, context }).then([{ type: 'UnitArchived', data: { unitId: 'emea' } }]));
    it('refuses to archive a unit with active sub-units', () =>
      spec.given([company, sales, emea]).when({ type: 'ArchiveUnit', data: { unitId: 'sales' }, context }).thenThrows(RuleViolationError, /emea/));
    it('refuses changes to an archived unit', () =>
      spec
        .given([company, sales, emea, { type: 'UnitArchived', data: { unitId: 'emea' } }])
        .when({ type: 'RenameUnit', data: { unitId: 'emea', name: 'X' }, context })
        .thenThrows(RuleViolationError, /archived/));
  });

  describe('people, members and leads', () => {
    it('registers a person with a lower-cased e-mail', () =>
      spec.given([]).when({ type: 'RegisterPerson', data: { personId: 'rita', name: 'Rita', email: 'Rita@Acme.test' }, context }).then([rita]));
    it('refuses an e-mail another person has', () =>
      spec.given([rita]).when({ type: 'RegisterPerson', data: { personId: 'r2', name: 'R', email: 'rita@acme.test' }, context }).thenThrows(RuleViolationError, /belongs to person rita/, 'email'));
    it('refuses something that is not an e-mail', () =>
      spec.given([]).when({ type: 'RegisterPerson', data: { personId: 'r', name: 'R', email: 'not-mail' }, context }).thenThrows(InvalidInputError, /e-mail/, 'email'));
    it('adds a member, and adding again is a no-op', () => {
      spec.given([company, sales, rita]).when({ type: 'AddMember', data: { unitId: 'sales', personId: 'rita' }, context }).then([
        { type: 'MemberAdded', data: { unitId: 'sales', personId: 'rita' } },
      ]);
      spec
        .given([company, sales, rita, { type: 'MemberAdded', data: { unitId: 'sales', personId: 'rita' } }])
        .when({ type: 'AddMember', data: { unitId: 'sales', personId: 'rita' }, context })
        .thenNothing();
    });
    it('refuses a member who is not registered', () =>
      spec.given([company, sales]).when({ type: 'AddMember', data: { unitId: 'sales', personId: 'ghost' }, context }).thenThrows(NotFoundError, /ghost/, 'personId'));
    it('removes a member, and refuses to remove a non-member', () => {
      spec
        .given([company, sales, rita, { type: 'MemberAdded', data: { unitId: 'sales', personId: 'rita' } }])
        .when({ type: 'RemoveMember', data: { unitId: 'sales', personId: 'rita' }, context })
        .then([{ type: 'MemberRemoved', data: { unitId: 'sales', personId: 'rita' } }]);
      spec.given([company, sales, rita]).when({ type: 'RemoveMember', data: { unitId: 'sales', personId: 'rita' }, context }).thenThrows(NotFoundError, /not a member/);
    });
    it('assigns and removes a lead', () => {
      spec.given([company, sales, rita]).when({ type: 'AssignLead', data: { unitId: 'sales', personId: 'rita' }, context }).then([
        { type: 'LeadAssigned', data: { unitId: 'sales', personId: 'rita' } },
      ]);
      spec
        .given([company, sales, rita, { type: 'LeadAssigned', data: { unitId: 'sales', personId: 'rita' } }])
        .when({ type: 'RemoveLead', data: { unitId: 'sales', personId: 'rita' }, context })
        .then([{ type: 'LeadRemoved', data: { unitId: 'sales', personId: 'rita' } }]);
      spec.given([company, sales, rita]).when({ type: 'RemoveLead', data: { unitId: 'sales', personId: 'rita' }, context }).thenThrows(NotFoundError, /not a lead/);
    });
  });
});
