import { CommandContext } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { assertEffectiveWithin } from '../shared/valid-time';
import { OrganizationCommand } from './organization.commands';
import { decide } from './organization.decider';
import { OrganizationEvent } from './organization.events';
import { OrganizationState, UnitKind } from './organization.state';
import { organizationAt, OrganizationTimeline, withChange } from './organization-timeline';

/** One row of an organisation file: a unit, or a person with an optional membership. */
export interface OrganizationImportRow {
  /** The line in the file, for the error report. */
  line: number;
  type: string;
  id: string;
  name: string;
  kind?: string;
  parentId?: string;
  email?: string;
  unitId?: string;
  lead?: boolean;
}

export interface OrganizationImportPlan {
  events: OrganizationEvent[];
  errors: { line: number; field?: string; reason: string }[];
  summary: { created: number; updated: number; unchanged: number; rejected: number };
}

const UNIT_KINDS: UnitKind[] = ['company', 'department', 'team'];

/** The file's column for each command field, so errors point at what the user can fix. */
const COLUMN: Record<string, Record<string, string>> = {
  unit: { unitId: 'id', parentId: 'parent_id' },
  person: { personId: 'id', unitId: 'unit_id' },
};

/**
 * Plans a bulk import as upserts, row by row in file order against the evolving organisation as
 * of the import's effective time (a parent may come earlier in the same file). A bad row is
 * reported and skipped; the good ones still count. Importing the same file twice plans nothing
 * the second time. An import dated in the future is refused as a whole: no row of it could hold.
 */
export function planOrganizationImport(timeline: OrganizationTimeline, rows: OrganizationImportRow[], context: CommandContext): OrganizationImportPlan {
  assertEffectiveWithin(context);
  const plan: OrganizationImportPlan = { events: [], errors: [], summary: { created: 0, updated: 0, unchanged: 0, rejected: 0 } };
  const times = { effectiveAt: context.effectiveAt, recordedAt: context.now };
  const effective = Date.parse(context.effectiveAt);
  let current = timeline;
  for (const row of rows) {
    try {
      const { commands, creates } = commandsFor(row, organizationAt(current, { asOf: effective }), context);
      let next = current;
      const events: OrganizationEvent[] = [];
      for (const command of commands) {
        for (const event of decide(command, next)) {
          events.push(event);
          next = withChange(next, event, times);
        }
      }
      current = next;
      plan.events.push(...events);
      if (creates && events.length) plan.summary.created++;
      else if (events.length) plan.summary.updated++;
      else plan.summary.unchanged++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      plan.summary.rejected++;
      plan.errors.push({ line: row.line, ...(error.field ? { field: COLUMN[row.type]?.[error.field] ?? error.field } : {}), reason: error.message });
    }
  }
  return plan;
}

function commandsFor(row: OrganizationImportRow, state: OrganizationState, context: CommandContext): { commands: OrganizationCommand[]; creates: boolean } {
  const at = { context };
  if (row.type === 'unit') {
    const existing = state.units[row.id];
    if (!existing) {
      if (!UNIT_KINDS.includes(row.kind as UnitKind)) throw new ImportRowError(`kind must be one of ${UNIT_KINDS.join(', ')}`, 'kind');
      const kind = row.kind as UnitKind;
      return { creates: true, commands: [{ type: 'CreateUnit', data: { unitId: row.id, name: row.name, kind, parentId: row.parentId || undefined }, ...at }] };
    }
    if (row.kind && row.kind !== existing.kind) throw new ImportRowError(`unit ${row.id} is a ${existing.kind}; its kind cannot change`, 'kind');
    const commands: OrganizationCommand[] = [{ type: 'RenameUnit', data: { unitId: row.id, name: row.name }, ...at }];
    if (row.parentId && row.parentId !== existing.parentId) commands.push({ type: 'MoveUnit', data: { unitId: row.id, parentId: row.parentId }, ...at });
    return { creates: false, commands };
  }
  if (row.type === 'person') {
    const existing = state.people[row.id];
    const commands: OrganizationCommand[] = [];
    if (!existing) commands.push({ type: 'RegisterPerson', data: { personId: row.id, name: row.name, email: row.email ?? '' }, ...at });
    else if (row.email && row.email.trim().toLowerCase() !== existing.email) {
      throw new ImportRowError(`person ${row.id} is registered with ${existing.email}; an import cannot change it`, 'email');
    } else commands.push({ type: 'RenamePerson', data: { personId: row.id, name: row.name }, ...at });
    if (row.unitId) {
      commands.push({ type: 'AddMember', data: { unitId: row.unitId, personId: row.id }, ...at });
      if (row.lead) commands.push({ type: 'AssignLead', data: { unitId: row.unitId, personId: row.id }, ...at });
    } else if (row.lead) {
      throw new ImportRowError('a lead needs the unit they lead', 'unit_id');
    }
    return { creates: !existing, commands };
  }
  throw new ImportRowError('type must be unit or person', 'type');
}

/** A row-level problem that is not a command's (bad kind, unknown row type). */
class ImportRowError extends DomainError {}
