import { Inject, Injectable } from '@nestjs/common';
import { CycleState, NotFoundError, OrganizationState, subtreeOf, TargetRevision } from '@okr/goals-domain';
import { GoalHistories } from '../history/goal-histories';
import { Instant } from '../history/instant';
import { ReportValues } from './report-values';
import { MIN_GROUP_SIZE } from './config.tokens';
import { targetRowOf } from './target-row';
import { TargetRow } from './unit-report';

/** One quota of a cycle at an instant: the dashboard's row, with its revisions. Private: shown only as maySeeRow allows. */
export interface QuotaRow extends TargetRow {
  revisions: TargetRevision[];
}

/** A unit and a cycle as they were at an instant, with the organisation now (privacy is judged on the present). */
export interface QuotaScope {
  org: OrganizationState;
  orgNow: OrganizationState;
  unit: { id: string; name: string; kind: string };
  cycle: CycleState;
  /** The larger of the configured and the organisation's minimum group size. */
  minGroupSize: number;
}

/** The quotas of a cycle at an instant, read from the histories with the domain's attainment (the dashboard's target table could be read here too). */
@Injectable()
export class QuotaTable {
  constructor(
    private readonly histories: GoalHistories,
    private readonly values: ReportValues,
    @Inject(MIN_GROUP_SIZE) private readonly minGroupSize: number,
  ) {}

  /** 404 (naming the field) for a unit or cycle that did not exist at the instant. */
  scope(unitId: string, cycleId: string, at: Instant): QuotaScope {
    const org = this.histories.organizationAt(at);
    const unit = org.units[unitId];
    if (!unit) throw new NotFoundError(`unit ${unitId} did not exist at that time`, 'unitId');
    const cycle = this.histories.cycleAt(cycleId, at);
    if (!cycle) throw new NotFoundError(`cycle ${cycleId} did not exist at that time`, 'cycleId');
    const orgNow = this.organizationNow();
    return { org, orgNow, unit: { id: unit.id, name: unit.name, kind: unit.kind }, cycle, minGroupSize: this.minGroupSizeIn(orgNow) };
  }

  organizationNow(): OrganizationState {
    return this.histories.organizationAt({ asOf: Infinity, knownAt: Infinity });
  }

  minGroupSizeIn(orgNow: OrganizationState): number {
    return Math.max(this.minGroupSize, orgNow.policy.minGroupSize);
  }

  /** Every quota of the cycle in the organisation's units at the instant. */
  rowsOf(org: OrganizationState, cycleId: string, at: Instant): QuotaRow[] {
    const values = this.values.at(at, cycleId);
    const rows: QuotaRow[] = [];
    for (const unitId of Object.keys(org.units)) {
      for (const targetId of this.histories.targetIds(cycleId, unitId)) {
        const target = this.histories.targetAt(targetId, at);
        if (!target) continue;
        rows.push({ ...targetRowOf(targetId, unitId, target, org, values), revisions: target.state.revisions });
      }
    }
    return rows.sort((a, b) => a.personId.localeCompare(b.personId) || a.targetId.localeCompare(b.targetId));
  }
}

/** How an answer names its cycle. */
export const cycleFigureOf = ({ id, name, startsOn, endsOn, status }: CycleState) => ({ id, name, startsOn, endsOn, status });

/** How an answer names the instants it was read at. */
export const instantFiguresOf = (at: Instant) => ({ asOf: new Date(at.asOf).toISOString(), knownAt: new Date(at.knownAt).toISOString() });

/** The rows of a unit's subtree. */
export function rowsUnder(org: OrganizationState, unitId: string, rows: QuotaRow[]): QuotaRow[] {
  const units = new Set(subtreeOf(org, unitId));
  return rows.filter((row) => units.has(row.unitId));
}

/** Quotas are compared per metric and unit of measure. */
export const quotaMetricKey = (row: { metric: string; unit: string }) => `${row.metric}\u0000${row.unit}`;

export function groupByMetric(rows: QuotaRow[]): [string, QuotaRow[]][] {
  const groups = new Map<string, QuotaRow[]>();
  for (const row of rows) {
    const key = quotaMetricKey(row);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}
