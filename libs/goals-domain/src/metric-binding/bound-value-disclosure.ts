import { discloseFigures, withholdingText } from '@okr/disclosure';
import { MetricAggregation } from '@okr/metric-index';
import { OrganizationState } from '../organization/organization.state';
import { Viewer } from '../organization/individual-target-visibility';
import { canSeeContribution } from '../organization/contribution-visibility';

export type BoundValueDisclosure = { withheld: false } | { withheld: true; reason: string };

/** Who a bound goal's value sums: how many people, and (asked only when needed) who they are. */
export interface Contributors {
  count: number;
  people(): readonly string[];
}

/** A maximum, a minimum or a last value is one person's number, whatever the count of people. */
export function isPick(aggregation: MetricAggregation): boolean {
  return aggregation === 'max' || aggregation === 'min' || aggregation === 'last';
}

/**
 * Whether a viewer may see a bound goal's value (and what is computed from it: progress, health,
 * the facts behind it), by the platform's disclosure rule (libs/disclosure) over the people whose
 * facts counted at the instant read (a unit's own facts are public, so they count for nothing):
 * shown when the people the viewer may not see (canSeeContribution) number none or at least
 * minGroupSize, the viewer counted among those they see; a pick (max, min, last) only when the
 * viewer may see everyone in it.
 */
export function boundValueDisclosure(org: OrganizationState, viewer: Viewer, contributors: Contributors, minGroupSize: number, aggregation: MetricAggregation = 'sum'): BoundValueDisclosure {
  if (contributors.count === 0 || viewer.isAdmin) return { withheld: false };
  const pick = isPick(aggregation);
  // A plain member sees at most themself: no need to list a large group's people.
  if (!pick && contributors.count - 1 >= minGroupSize && !leadsAnyone(org, viewer)) return { withheld: false };
  const people = new Set(contributors.people());
  const seesPerson = (id: string) => canSeeContribution(org, viewer, { type: 'person', id });
  const reason = discloseFigures([{ id: 'value', kind: pick ? 'pick' : 'sum', people }], { seesPerson }, minGroupSize).get('value');
  return reason ? { withheld: true, reason: withholdingText(reason, minGroupSize) } : { withheld: false };
}

function leadsAnyone(org: OrganizationState, viewer: Viewer): boolean {
  for (const id in org.units) if (org.units[id].leads.includes(viewer.personId)) return true;
  return false;
}
