import { OrganizationState } from '@okr/goals-domain';
import { withholdingText } from '@okr/disclosure';
import { withheldAggregates, WithholdingReason } from './aggregate-disclosure';
import { groupByMetric, QuotaRow } from './quota-table';
import { PersonAttainment } from './target-aggregate';
import { maySeePerson, maySeeRow, Viewer } from './viewer';

/**
 * What one viewer may see of a cycle's quotas, by the dashboards' rules: a row only by maySeeRow,
 * a unit's aggregate of a metric unless withheldAggregates (small groups, and differences that
 * would reveal one) withholds it from this viewer.
 */
export class QuotaDisclosure {
  private constructor(
    private readonly orgNow: OrganizationState,
    private readonly viewer: Viewer,
    private readonly minGroupSize: number,
    private readonly withheld: Map<string, Map<string, WithholdingReason>>,
  ) {}

  /** org: the organisation at the instant of the rows; orgNow: today's, that privacy is judged on; rows: every quota of the cycle. */
  static of(org: OrganizationState, orgNow: OrganizationState, viewer: Viewer, rows: QuotaRow[], minGroupSize: number): QuotaDisclosure {
    const withheld = new Map<string, Map<string, WithholdingReason>>();
    for (const [key, metricRows] of groupByMetric(rows)) {
      const peopleByUnit = new Map<string, Set<string>>();
      for (const row of metricRows) peopleByUnit.set(row.unitId, (peopleByUnit.get(row.unitId) ?? new Set()).add(row.personId));
      withheld.set(key, withheldAggregates(org, peopleByUnit, minGroupSize, (personId) => maySeePerson(orgNow, viewer, personId)));
    }
    return new QuotaDisclosure(orgNow, viewer, minGroupSize, withheld);
  }

  maySee(row: { personId: string; unitId: string }): boolean {
    return maySeeRow(this.orgNow, this.viewer, row);
  }

  /** Why the unit's aggregate of the metric is withheld from this viewer, or null when it may be shown. */
  withholding(unitId: string, metricKey: string): string | null {
    const reason = this.withheld.get(metricKey)?.get(unitId);
    return reason ? withholdingText(reason, this.minGroupSize) : null;
  }
}

/** One entry per person (their quotas of one metric summed), against the revised or the original quota. */
export function perPersonAgainst(rows: QuotaRow[], quota: 'currentTarget' | 'originalTarget'): PersonAttainment[] {
  const people = new Map<string, PersonAttainment>();
  for (const row of rows) {
    const person = people.get(row.personId) ?? { personId: row.personId, target: 0, attained: 0 };
    person.target += row[quota];
    person.attained += row.value;
    people.set(row.personId, person);
  }
  return [...people.values()];
}
