import { Controller, Get, Inject } from '@nestjs/common';
import { OrganizationState } from '@okr/goals-domain';
import { ApiRoute, CLOCK, Clock, timeTravelQuerySchema, ValidQuery } from '@okr/service-kit';
import { z } from 'zod';
import { GoalHistories } from '../../history/goal-histories';
import { instantOf } from '../../history/instant';

interface UnitNode {
  id: string;
  name: string;
  kind: string;
  archived: boolean;
  leads: { id: string; name: string }[];
  members: { id: string; name: string }[];
  units: UnitNode[];
}

/** The organisation as a tree of units with their leads and members (who belongs where is not private). */
@Controller('org-tree')
export class OrgTreeController {
  constructor(
    private readonly histories: GoalHistories,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiRoute({ summary: 'The organisation tree: units, leads and members, at any instant', tags: ['organisation'], responses: { 200: 'the tree, top units first' } })
  tree(@ValidQuery(timeTravelQuerySchema) query: z.infer<typeof timeTravelQuerySchema>) {
    const at = instantOf(query, this.clock.now());
    const org = this.histories.organizationAt(at);
    const roots = Object.values(org.units).filter((unit) => unit.parentId === null || !org.units[unit.parentId]);
    return { asOf: new Date(at.asOf).toISOString(), knownAt: new Date(at.knownAt).toISOString(), units: roots.map((unit) => nodeOf(org, unit.id)).sort(byId), people: Object.keys(org.people).length };
  }
}

function nodeOf(org: OrganizationState, unitId: string): UnitNode {
  const unit = org.units[unitId];
  const person = (id: string) => ({ id, name: org.people[id]?.name ?? id });
  return {
    id: unit.id,
    name: unit.name,
    kind: unit.kind,
    archived: unit.archived,
    leads: unit.leads.map(person),
    members: unit.members.map(person),
    units: Object.values(org.units)
      .filter((child) => child.parentId === unitId)
      .map((child) => nodeOf(org, child.id))
      .sort(byId),
  };
}

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
