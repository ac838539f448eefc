import { Injectable } from '@nestjs/common';
import { Instant } from '../history/instant';
import { QuotaDisclosure } from './quota-disclosure';
import { isLateRevision, LATE_REVISION_RULE, lateRevisionsFrom } from './quota-late-revision.rule';
import { cycleFigureOf, groupByMetric, instantFiguresOf, QuotaRow, QuotaTable, rowsUnder } from './quota-table';
import { Viewer } from './viewer';

/** A late revision of one quota: its original value, what it was revised from and to, and where it stands now. */
export interface LateRevision extends Pick<QuotaRow, 'targetId' | 'personId' | 'personName' | 'unitId' | 'metric' | 'unit' | 'originalTarget' | 'currentTarget'> {
  from: number;
  to: number;
  reason: string;
  effectiveAt: string;
}

export type LateRevisionCount = { metric: string; unit: string; withheld: false; count: number } | { metric: string; unit: string; withheld: true; reason: string };

/**
 * Quotas revised late in a cycle (see LATE_REVISION_SHARE), in a unit and the units below it:
 * each revision with its original and revised values for whoever may see that quota, and per
 * metric a count under the dashboards' disclosure rules for everyone.
 */
@Injectable()
export class QuotaLateRevisions {
  constructor(private readonly table: QuotaTable) {}

  lateRevisions(unitId: string, cycleId: string, at: Instant, viewer: Viewer) {
    const { org, orgNow, unit, cycle, minGroupSize } = this.table.scope(unitId, cycleId, at);
    const rows = this.table.rowsOf(org, cycleId, at);
    const disclosure = QuotaDisclosure.of(org, orgNow, viewer, rows, minGroupSize);
    const lateOf = (row: QuotaRow): LateRevision[] =>
      row.revisions
        .filter((revision) => isLateRevision(cycle, Date.parse(revision.effectiveAt)))
        .map((revision) => ({
          targetId: row.targetId,
          personId: row.personId,
          personName: row.personName,
          unitId: row.unitId,
          metric: row.metric,
          unit: row.unit,
          originalTarget: row.originalTarget,
          from: revision.from,
          to: revision.to,
          currentTarget: row.currentTarget,
          reason: revision.reason,
          effectiveAt: revision.effectiveAt,
        }));
    const under = rowsUnder(org, unitId, rows);
    const counts = groupByMetric(under).map(([key, metricRows]): LateRevisionCount => {
      const { metric, unit: measure } = metricRows[0];
      const reason = disclosure.withholding(unitId, key);
      return reason ? { metric, unit: measure, withheld: true, reason } : { metric, unit: measure, withheld: false, count: metricRows.flatMap(lateOf).length };
    });
    return {
      unit,
      cycle: cycleFigureOf(cycle),
      ...instantFiguresOf(at),
      rule: LATE_REVISION_RULE,
      lateFrom: new Date(lateRevisionsFrom(cycle)).toISOString(),
      counts,
      /** Only the quotas this viewer may see. */
      revisions: under.filter((row) => disclosure.maySee(row)).flatMap(lateOf),
    };
  }
}
