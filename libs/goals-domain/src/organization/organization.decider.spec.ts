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
    it('refuses an individual-objectives policy other than refuse or warn', () =>
      spec.given([]).when({ type: 'SetPolicy', data: { individualObjectives: 'allow' as never }, context }).thenThrows(InvalidInputError, /refuse or warn/, 'individualObjectives'));
    it('refuses a group size that is not a whole number', () =>
      spec.given([]).when({ type: 'SetPolicy', data: { minGroupSize: 2.5 }, context }).thenThrows(InvalidInputError, /whole number/, 'minGroupSize'));
    it('refuses a group size below 1', () =>
      spec.given([]).when({ type: 'SetPolicy', data: { minGroupSize: 0 }, context }).thenThrows(InvalidInputError, /minGroupSize/, 'minGroupSize'));
    it('refuses a fiscal year starting in month 13', () =>
      spec.given([]).when({ type: 'SetPolicy', data: { fiscalYearStartMonth: 13 }, context }).thenThrows(InvalidInputError, /month/, 'fiscalYearStartMonth'));
    it('refuses a change dated in the future', () =>
      spec
        .given([])
        .when({ type: 'SetPolicy', data: { minGroupSize: 5 }, context: at('2027-01-04T09:00:00.000Z', '2027-02-01T00:00:00.000Z') })
        .thenThrows(InvalidInputError, /future/, 'effectiveAt'));
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

describe('organization: further rules', () => {
  const ops: OrganizationEvent = { type: 'UnitCreated', data: { unitId: 'ops', name: 'Ops', kind: 'department', parentId: 'acme' } };
  const archived = (unitId: string): OrganizationEvent => ({ type: 'UnitArchived', data: { unitId } });

  it('refuses to move a unit under itself', () =>
    spec.given([company, sales]).when({ type: 'MoveUnit', data: { unitId: 'sales', parentId: 'sales' }, context }).thenThrows(RuleViolationError, /under itself/, 'parentId'));
  it('refuses to move a department under a team', () =>
    spec.given([company, sales, emea, ops]).when({ type: 'MoveUnit', data: { unitId: 'ops', parentId: 'emea' }, context }).thenThrows(RuleViolationError, /department cannot sit under a team/, 'parentId'));
  it('refuses to move a unit under an archived one', () =>
    spec.given([company, sales, emea, ops, archived('ops')]).when({ type: 'MoveUnit', data: { unitId: 'emea', parentId: 'ops' }, context }).thenThrows(RuleViolationError, /archived/, 'parentId'));
  it('refuses to create a unit under an archived one', () =>
    spec.given([company, ops, archived('ops')]).when({ type: 'CreateUnit', data: { unitId: 't', name: 'T', kind: 'team', parentId: 'ops' }, context }).thenThrows(RuleViolationError, /archived/, 'parentId'));
  it('moving to the same parent records nothing', () =>
    spec.given([company, sales, emea]).when({ type: 'MoveUnit', data: { unitId: 'emea', parentId: 'sales' }, context }).thenNothing());
  it('refuses a rename to a name a sibling has', () =>
    spec.given([company, sales, ops]).when({ type: 'RenameUnit', data: { unitId: 'ops', name: 'sales' }, context }).thenThrows(RuleViolationError, /already has a unit named/, 'name'));
  it('refuses a name longer than 200 characters', () =>
    spec.given([company]).when({ type: 'CreateUnit', data: { unitId: 's', name: 'x'.repeat(201), kind: 'department', parentId: 'acme' }, context }).thenThrows(InvalidInputError, /200/, 'name'));
  it('lets an archived unit’s name be used again: names are unique among active siblings only', () =>
    spec.given([company, ops, archived('ops')]).when({ type: 'CreateUnit', data: { unitId: 'ops2', name: 'Ops', kind: 'department', parentId: 'acme' }, context }).then([
      { type: 'UnitCreated', data: { unitId: 'ops2', name: 'Ops', kind: 'department', parentId: 'acme' } },
    ]));
  it('refuses to archive a unit twice', () =>
    spec.given([company, ops, archived('ops')]).when({ type: 'ArchiveUnit', data: { unitId: 'ops' }, context }).thenThrows(RuleViolationError, /archived/, 'unitId'));
  it('refuses a change to a unit that does not exist', () =>
    spec.given([company]).when({ type: 'RenameUnit', data: { unitId: 'nope', name: 'X' }, context }).thenThrows(NotFoundError, /nope/, 'unitId'));

  it('refuses a person id in use', () =>
    spec.given([rita]).when({ type: 'RegisterPerson', data: { personId: 'rita', name: 'Rita', email: 'rita2@acme.test' }, context }).thenThrows(AlreadyExistsError, /rita/, 'personId'));
  it('renames a person, keeping the previous name', () =>
    spec.given([rita]).when({ type: 'RenamePerson', data: { personId: 'rita', name: 'Rita Rep' }, context }).then([
      { type: 'PersonRenamed', data: { personId: 'rita', name: 'Rita Rep', previousName: 'Rita' } },
    ]));
  it('renaming a person to the same name records nothing', () =>
    spec.given([rita]).when({ type: 'RenamePerson', data: { personId: 'rita', name: ' Rita ' }, context }).thenNothing());
  it('refuses to rename a person who is not registered', () =>
    spec.given([]).when({ type: 'RenamePerson', data: { personId: 'ghost', name: 'G' }, context }).thenThrows(NotFoundError, /ghost/, 'personId'));
  it('makes a lead who is not a member of the unit: leading does not require membership', () =>
    spec.given([company, sales, rita]).when({ type: 'AssignLead', data: { unitId: 'sales', personId: 'rita' }, context }).then([
      { type: 'LeadAssigned', data: { unitId: 'sales', personId: 'rita' } },
    ]));
  it('refuses a lead who is not registered', () =>
    spec.given([company, sales]).when({ type: 'AssignLead', data: { unitId: 'sales', personId: 'ghost' }, context }).thenThrows(NotFoundError, /ghost/, 'personId'));
  it('refuses a member for an archived unit', () =>
    spec.given([company, ops, rita, archived('ops')]).when({ type: 'AddMember', data: { unitId: 'ops', personId: 'rita' }, context }).thenThrows(RuleViolationError, /archived/, 'unitId'));
  it('refuses a future-dated change', () =>
    spec.given([]).when({ type: 'CreateUnit', data: { unitId: 'acme', name: 'Acme', kind: 'company' }, context: at('2027-01-04T09:00:00.000Z', '2027-02-01T00:00:00.000Z') }).thenThrows(InvalidInputError, /effectiveAt/, 'effectiveAt'));

  it('folds an event type it does not know (from a newer version) without failing: the organisation stays as it was', () => {
    const state = organizationDecider.initialState();
    const unknown = { type: 'UnitRecoloured', data: {}, metadata: { effectiveAt: context.now, recordedAt: context.now } } as never;
    expect(organizationDecider.evolve(state, unknown).current).toEqual(state.current);
  });
});
