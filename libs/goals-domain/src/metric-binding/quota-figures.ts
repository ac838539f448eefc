import { subtreePeopleOf } from '../organization/org-tree';
import { OrganizationState } from '../organization/organization.state';
import { PeopleFigure } from './bound-values';

/** A target of the cycle, as the quota aggregates of the units above it count it. */
export interface QuotaHolder {
  personId: string;
  /** The unit it is held in, at the instant read. */
  unitId: string;
  metric: string;
  unit: string;
  /** quantityOf its reading's query; null for a target not bound (its value is a check-in). */
  quantity: string | null;
}

const SEPARATOR = '\u0000';

/**
 * The figures a unit's quota aggregates show, to judge with the bound goals over the same facts:
 * per unit (its whole subtree) and metric, the sum of the holders' attained values (the quantity
 * of their readings, comparable with a key result's) and the sum of their quotas. Goals and
 * reporting build them alike, so that both decide the same.
 */
export function quotaFigures(org: OrganizationState, holders: readonly QuotaHolder[]): PeopleFigure[] {
  const byMetric = new Map<string, { quantity: string | null; people: Map<string, Set<string>> }>();
  for (const holder of holders) {
    const key = `${holder.metric}${SEPARATOR}${holder.unit}`;
    const entry = byMetric.get(key) ?? { quantity: holder.quantity, people: new Map<string, Set<string>>() };
    entry.people.set(holder.unitId, (entry.people.get(holder.unitId) ?? new Set()).add(holder.personId));
    byMetric.set(key, entry);
  }
  const figures: PeopleFigure[] = [];
  for (const [key, { quantity, people }] of byMetric) {
    for (const [unitId, unitPeople] of subtreePeopleOf(org, people)) {
      if (!unitPeople.size) continue;
      figures.push({ id: ['attained', unitId, key].join(SEPARATOR), quantity: quantity ?? `check-ins${SEPARATOR}${key}`, people: unitPeople });
      figures.push({ id: ['quota', unitId, key].join(SEPARATOR), quantity: `quota${SEPARATOR}${key}`, people: unitPeople });
    }
  }
  return figures;
}

/** The unit and metric key (metric and unit, as quotaFigures joins them) of a quota figure's id. */
export function quotaFigureOf(id: string): { unitId: string; metricKey: string } {
  const [, unitId, ...key] = id.split(SEPARATOR);
  return { unitId, metricKey: key.join(SEPARATOR) };
}

/** The group size that applies: the deployment's MIN_GROUP_SIZE, or the organisation policy's when larger (goals and reporting alike). */
export function minGroupSizeFor(configured: number, orgNow: OrganizationState): number {
  return Math.max(configured, orgNow.policy.minGroupSize);
}
