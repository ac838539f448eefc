import { foldEvents, InvalidInputError, organizationAt, OrganizationImportRow } from '@okr/goals-domain';
import { at } from '@okr/testing';
import { planOrganizationImport } from './organization-import';
import { organizationDecider } from './organization.decider';

const context = at('2027-01-04T09:00:00.000Z');
const timed = <E>(events: E[]) => events.map((e) => ({ ...e, metadata: { effectiveAt: context.now, recordedAt: context.now } }));

const rows: OrganizationImportRow[] = [
  { line: 2, type: 'unit', id: 'acme', name: 'Acme', kind: 'company' },
  { line: 3, type: 'unit', id: 'sales', name: 'Sales', kind: 'department', parentId: 'acme' },
  { line: 4, type: 'unit', id: 'emea', name: 'EMEA', kind: 'team', parentId: 'sales' },
  { line: 5, type: 'unit', id: 'bad', name: 'Bad', kind: 'team', parentId: 'nowhere' },
  { line: 6, type: 'unit', id: 'odd', name: 'Odd', kind: 'squad', parentId: 'sales' },
  { line: 7, type: 'person', id: 'lars', name: 'Lars', email: 'lars@acme.test', unitId: 'emea', lead: true },
  { line: 8, type: 'person', id: 'rita', name: 'Rita', email: 'rita@acme.test', unitId: 'emea' },
  { line: 9, type: 'person', id: 'nomail', name: 'No Mail', email: 'nope', unitId: 'emea' },
  { line: 10, type: 'group', id: 'g', name: 'G' },
];

describe('organization import', () => {
  const first = planOrganizationImport(organizationDecider.initialState(), rows, context);

  it('creates the good rows in file order, a parent earlier in the file included', () => {
    expect(first.summary).toEqual({ created: 5, updated: 0, unchanged: 0, rejected: 4 });
    const state = foldEvents(organizationDecider, timed(first.events)).current;
    expect(Object.keys(state.units)).toEqual(['acme', 'sales', 'emea']);
    expect(state.units.emea).toMatchObject({ parentId: 'sales', members: ['lars', 'rita'], leads: ['lars'] });
  });

  it('reports every bad row with its line and the column to fix', () => {
    expect(first.errors).toEqual([
      { line: 5, field: 'parent_id', reason: expect.stringContaining('nowhere') },
      { line: 6, field: 'kind', reason: expect.stringContaining('company, department, team') },
      { line: 9, field: 'email', reason: expect.stringContaining('e-mail') },
      { line: 10, field: 'type', reason: expect.stringContaining('unit or person') },
    ]);
  });

  it('changes nothing when the same file is imported again', () => {
    const state = foldEvents(organizationDecider, timed(first.events));
    const again = planOrganizationImport(state, rows, context);
    expect(again.events).toEqual([]);
    expect(again.summary).toEqual({ created: 0, updated: 0, unchanged: 5, rejected: 4 });
  });

  it('renames and moves existing units as upserts', () => {
    const state = foldEvents(organizationDecider, timed(first.events));
    const plan = planOrganizationImport(
      state,
      [
        { line: 2, type: 'unit', id: 'ops', name: 'Ops', kind: 'department', parentId: 'acme' },
        { line: 3, type: 'unit', id: 'emea', name: 'EMEA Sales', kind: 'team', parentId: 'ops' },
      ],
      context,
    );
    expect(plan.summary).toMatchObject({ created: 1, updated: 1 });
    expect(plan.events.map((e) => e.type)).toEqual(['UnitCreated', 'UnitRenamed', 'UnitMoved']);
  });

  it('renames a person whose name changed, counted as updated', () => {
    const state = foldEvents(organizationDecider, timed(first.events));
    const plan = planOrganizationImport(state, [{ line: 2, type: 'person', id: 'rita', name: 'Rita Rep', email: 'rita@acme.test', unitId: 'emea' }], context);
    expect(plan.events).toEqual([{ type: 'PersonRenamed', data: { personId: 'rita', name: 'Rita Rep', previousName: 'Rita' } }]);
    expect(plan.summary).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
  });

  it('adds an existing person to a second unit, counted as updated', () => {
    const state = foldEvents(organizationDecider, timed(first.events));
    const plan = planOrganizationImport(state, [{ line: 2, type: 'person', id: 'rita', name: 'Rita', unitId: 'sales' }], context);
    expect(plan.events).toEqual([{ type: 'MemberAdded', data: { unitId: 'sales', personId: 'rita' } }]);
    expect(plan.summary).toMatchObject({ updated: 1 });
  });

  it('skips a whole bad row: a rename that comes with an impossible move records neither', () => {
    const state = foldEvents(organizationDecider, timed(first.events));
    const plan = planOrganizationImport(state, [{ line: 2, type: 'unit', id: 'sales', name: 'Revenue', kind: 'department', parentId: 'emea' }], context);
    expect(plan.events).toEqual([]);
    expect(plan.errors).toEqual([{ line: 2, field: 'parent_id', reason: expect.stringContaining('below it') }]);
  });

  it('refuses to change a unit’s kind', () => {
    const state = foldEvents(organizationDecider, timed(first.events));
    const plan = planOrganizationImport(state, [{ line: 2, type: 'unit', id: 'emea', name: 'EMEA', kind: 'department', parentId: 'sales' }], context);
    expect(plan.errors).toEqual([{ line: 2, field: 'kind', reason: expect.stringContaining('cannot change') }]);
  });

  it('refuses a lead without the unit they lead', () => {
    const plan = planOrganizationImport(organizationDecider.initialState(), [{ line: 2, type: 'person', id: 'lars', name: 'Lars', email: 'lars@acme.test', lead: true }], context);
    expect(plan.errors).toEqual([{ line: 2, field: 'unit_id', reason: expect.stringContaining('lead') }]);
    expect(plan.events).toEqual([]);
  });

  it('refuses to change a person’s e-mail through an import', () => {
    const state = foldEvents(organizationDecider, timed(first.events));
    const plan = planOrganizationImport(state, [{ line: 2, type: 'person', id: 'rita', name: 'Rita', email: 'other@acme.test' }], context);
    expect(plan.errors).toEqual([{ line: 2, field: 'email', reason: expect.stringContaining('cannot change') }]);
  });
  it('imports an organisation as it was at a past instant, and refuses one dated in the future as a whole', () => {
    const lastQuarter = { ...context, effectiveAt: '2026-10-01T00:00:00.000Z' };
    const plan = planOrganizationImport(organizationDecider.initialState(), rows, lastQuarter);
    const state = foldEvents(organizationDecider, plan.events.map((e) => ({ ...e, metadata: { effectiveAt: lastQuarter.effectiveAt, recordedAt: context.now } })));
    expect(organizationAt(state, { asOf: Date.parse('2026-11-01T00:00:00.000Z') }).units.emea.members).toEqual(['lars', 'rita']);
    expect(organizationAt(state, { asOf: Date.parse('2026-09-30T00:00:00.000Z') }).units).toEqual({});
    expect(() => planOrganizationImport(organizationDecider.initialState(), rows, { ...context, effectiveAt: '2027-02-01T00:00:00.000Z' })).toThrow(InvalidInputError);
  });
});
