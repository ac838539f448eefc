import { Injectable } from '@nestjs/common';
import { Instant } from '../history/instant';
import { QuotaDisclosure, perPersonAgainst } from './quota-disclosure';
import { cycleFigureOf, groupByMetric, instantFiguresOf, QuotaRow, QuotaTable, rowsUnder } from './quota-table';
import { aggregateTargets, PersonAttainment } from './target-aggregate';
import { Viewer } from './viewer';

export interface BandFigure {
  count: number;
  /** count / people. */
  share: number;
}

export interface AttainmentBands {
  /** Total attained / total quota. */
  attainment: number;
  atLeast80: BandFigure;
  atLeast100: BandFigure;
  atLeast120: BandFigure;
}

export type MetricDistribution =
  | { metric: string; unit: string; withheld: false; people: number; againstRevised: AttainmentBands; againstOriginal: AttainmentBands; source: 'rolled-up' }
  | { metric: string; unit: string; withheld: true; reason: string };

export interface UnitDistribution {
  unit: { id: string; name: string; kind: string };
  metrics: MetricDistribution[];
}

export interface QuotaDistributionReport {
  unit: { id: string; name: string; kind: string };
  cycle: { id: string; name: string; startsOn: string; endsOn: string; status: string };
  asOf: string;
  knownAt: string;
  /** The unit itself (its whole subtree), then each unit directly below it (each its subtree). */
  units: UnitDistribution[];
}

/**
 * How a unit's people stand against their quotas: the share at or above 80 %, 100 % and 120 %,
 * against the revised and the original quota, for the unit and each unit below it. The counts
 * are the dashboard's own (aggregateTargets), withheld from a viewer exactly where the dashboard
 * withholds the aggregate.
 */
@Injectable()
export class QuotaDistributions {
  constructor(private readonly table: QuotaTable) {}

  distribution(unitId: string, cycleId: string, at: Instant, viewer: Viewer): QuotaDistributionReport {
    const { org, orgNow, unit, cycle, minGroupSize } = this.table.scope(unitId, cycleId, at);
    const rows = this.table.rowsOf(org, cycleId, at);
    const disclosure = QuotaDisclosure.of(org, orgNow, viewer, rows, minGroupSize);
    const children = Object.values(org.units)
      .filter((child) => child.parentId === unitId && !child.archived)
      .sort((a, b) => a.id.localeCompare(b.id));
    const unitFigures = (id: string, name: string, kind: string): UnitDistribution => ({
      unit: { id, name, kind },
      metrics: groupByMetric(rowsUnder(org, id, rows)).map(([key, metricRows]) => {
        const { metric, unit: measure } = metricRows[0];
        const reason = disclosure.withholding(id, key);
        return reason ? { metric, unit: measure, withheld: true, reason } : distributionOf(metricRows);
      }),
    });
    return {
      unit,
      cycle: cycleFigureOf(cycle),
      ...instantFiguresOf(at),
      units: [unitFigures(unit.id, unit.name, unit.kind), ...children.map((child) => unitFigures(child.id, child.name, child.kind))],
    };
  }
}

/** One metric's rows (one group, already cleared for disclosure) as bands against both quotas. */
export function distributionOf(rows: QuotaRow[]): MetricDistribution {
  const { metric, unit } = rows[0];
  const revised = perPersonAgainst(rows, 'currentTarget');
  return { metric, unit, withheld: false, people: revised.length, againstRevised: bandsOf(metric, unit, revised), againstOriginal: bandsOf(metric, unit, perPersonAgainst(rows, 'originalTarget')), source: 'rolled-up' };
}

function bandsOf(metric: string, unit: string, people: PersonAttainment[]): AttainmentBands {
  const { attainment, distribution } = aggregateTargets(metric, unit, people);
  const band = (count: number): BandFigure => ({ count, share: people.length ? count / people.length : 0 });
  return { attainment, atLeast80: band(distribution.atLeast80), atLeast100: band(distribution.atLeast100), atLeast120: band(distribution.atLeast120) };
}
