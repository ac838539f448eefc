import { foldEvents, OrganizationImportRow } from '@okr/goals-domain';
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
    const state = foldEvents(organizationDecider, timed(first.events));
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

  it('refuses to change a person’s e-mail through an import', () => {
    const state = foldEvents(organizationDecider, timed(first.events));
    const plan = planOrganizationImport(state, [{ line: 2, type: 'person', id: 'rita', name: 'Rita', email: 'other@acme.test' }], context);
    expect(plan.errors).toEqual([{ line: 2, field: 'email', reason: expect.stringContaining('cannot change') }]);
  });
});
