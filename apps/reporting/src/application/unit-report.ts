import { Inject, Injectable } from '@nestjs/common';
import {
  BoundGoalRef,
  BoundValueDisclosure,
  BoundValues,
  Confidence,
  kpiHealth,
  KpiGoal,
  minGroupSizeFor,
  NotFoundError,
  objectiveProgress,
  OrganizationState,
  QuotaHolder,
  quantityOf,
  quotaFigureOf,
  quotaFigures,
  subtreeOf,
  ValuedGoal,
} from '@okr/goals-domain';
import { GoalHistories, ValueSource } from '../history/goal-histories';
import { Instant } from '../history/instant';
import { ReportValues } from './report-values';
import { aggregateTargets, PersonAttainment, TargetAggregate, WithheldAggregate } from './target-aggregate';
import { AT_RISK_RULE, atRiskReasons, lowestConfidence } from './at-risk.rule';
import { MIN_GROUP_SIZE } from './config.tokens';
import { elapsedShare } from './cycle-window';
import { targetRowOf } from './target-row';
import { maySeeRow, Viewer } from './viewer';

export interface KeyResultFigure {
  id: string;
  title: string;
  weight: number;
  kind: 'metric' | 'milestone';
  start?: number;
  target?: number;
  unit?: string;
  direction?: string;
  /** null when withheld: see `withheld`. */
  value: number | null;
  progress: number | null;
  /** Why the value and progress are not shown to this viewer (boundValueDisclosure); absent when shown. */
  withheld?: string;
  confidence: Confidence | null;
  effectiveAt: string | null;
  source: ValueSource | null;
}

/** What roll-ups and the at-risk list need of every objective below a unit. */
export interface ObjectiveSummary {
  id: string;
  title: string;
  unitId: string;
  /** null when a key result's value is withheld from the viewer: the weighted progress would give it away. */
  progress: number | null;
  atRisk: string[];
}

export interface ObjectiveFigure extends ObjectiveSummary {
  commitment: string;
  confidence: Confidence | null;
  source: 'rolled-up';
  keyResults: KeyResultFigure[];
}

export interface KpiFigure {
  id: string;
  name: string;
  unit: string;
  goal: KpiGoal;
  value: number | null;
  /** 'withheld' (with `withheld` saying why) when the value is withheld from the viewer. */
  health: string;
  withheld?: string;
  confidence: Confidence | null;
  effectiveAt: string | null;
  source: ValueSource | null;
}

export interface TargetRow {
  targetId: string;
  personId: string;
  personName: string;
  unitId: string;
  metric: string;
  unit: string;
  originalTarget: number;
  currentTarget: number;
  value: number;
  attainment: number;
  againstOriginal: number;
  confidence: Confidence | null;
  source: ValueSource | null;
}

export type DisclosedAggregate = TargetAggregate | WithheldAggregate;

export interface SubUnitFigures {
  unit: { id: string; name: string; kind: string };
  objectives: { count: number; progress: number | null; atRisk: number; source: 'rolled-up' };
  kpis: { healthy: number; unhealthy: number; noData: number; withheld: number };
  targets: DisclosedAggregate[];
}

export interface UnitReport {
  unit: { id: string; name: string; kind: string; parentId: string | null };
  cycle: { id: string; name: string; startsOn: string; endsOn: string; status: string };
  asOf: string;
  knownAt: string;
  objectives: ObjectiveFigure[];
  atRisk: { objectiveId: string; title: string; unitId: string; progress: number | null; reasons: string[] }[];
  atRiskRule: string;
  kpis: KpiFigure[];
  targets: {
    aggregates: DisclosedAggregate[];
    /** Only the rows this viewer may see: their own, or every row below a unit they lead. */
    rows: TargetRow[];
  };
  subUnits: SubUnitFigures[];
}

export type TargetRowOrder = 'person' | 'attainment' | '-attainment';

/** Targets of a cycle at an instant, gathered once per report for the whole organisation. */
interface TargetTable {
  rows: TargetRow[];
  byUnit: Map<string, TargetRow[]>;
  /** Each row's quota as the disclosure rule counts it, read with the row's target. */
  holders: QuotaHolder[];
}

/**
 * A unit's report for a cycle at any (asOf, knownAt): its objectives and key results, at-risk
 * list, KPIs against their goals, individual targets (aggregates, rows only where allowed) and
 * the roll-ups of the units below. Computed with the domain's own progress, health and
 * attainment functions from states GoalHistories folds at the instant.
 */
@Injectable()
export class UnitReports {
  constructor(
    private readonly histories: GoalHistories,
    private readonly reportValues: ReportValues,
    @Inject(MIN_GROUP_SIZE) private readonly minGroupSize: number,
  ) {}

  report(unitId: string, cycleId: string, at: Instant, viewer: Viewer, order: TargetRowOrder = 'person'): UnitReport {
    const org = this.histories.organizationAt(at);
    const unit = org.units[unitId];
    if (!unit) throw new NotFoundError(`unit ${unitId} did not exist at that time`, 'unitId');
    const cycle = this.histories.cycleAt(cycleId, at);
    if (!cycle) throw new NotFoundError(`cycle ${cycleId} did not exist at that time`, 'cycleId');
    const orgNow = this.histories.organizationAt({ asOf: Infinity, knownAt: Infinity });
    const minGroupSize = minGroupSizeFor(this.minGroupSize, orgNow);
    const elapsed = elapsedShare(cycle, at.asOf);
    const values = this.reportValues.at(at, cycleId);
    const targets = this.targetTable(org, cycleId, at, values);
    // Every figure over the same facts judged together: key results and KPIs anywhere in the organisation, and quota aggregates.
    const withheld = this.judgeTogether(org, cycleId, at, values, targets, orgNow, viewer, minGroupSize);
    const disclosure = (goal: ValuedGoal, ref: BoundGoalRef) => values.disclosure(goal, ref, orgNow, viewer, minGroupSize);

    // Key results in full for the unit's own objectives; below it, only what roll-ups and the at-risk list use.
    const own = this.objectives(cycleId, unitId, at, values, elapsed, disclosure);
    const objectivesByUnit = new Map<string, ObjectiveSummary[]>([[unitId, own]]);
    for (const id of subtreeOf(org, unitId).slice(1)) objectivesByUnit.set(id, this.summaries(cycleId, id, at, values, elapsed, disclosure));
    const kpisOf = (id: string) => this.kpis(id, at, values, disclosure);
    const disclose = (root: string) => this.disclosedAggregates(org, root, targets, withheld);

    const subtreeObjectives = (root: string) => subtreeOf(org, root).flatMap((id) => objectivesByUnit.get(id) ?? []);
    const subUnits = Object.values(org.units)
      .filter((child) => child.parentId === unitId && !child.archived)
      .map((child): SubUnitFigures => {
        const objectives = subtreeObjectives(child.id);
        const kpis = subtreeOf(org, child.id).flatMap(kpisOf);
        return {
          unit: { id: child.id, name: child.name, kind: child.kind },
          objectives: {
            count: objectives.length,
            progress: averageProgress(objectives),
            atRisk: objectives.filter((o) => o.atRisk.length > 0).length,
            source: 'rolled-up',
          },
          kpis: { healthy: kpis.filter((k) => k.health === 'healthy').length, unhealthy: kpis.filter((k) => k.health === 'unhealthy').length, noData: kpis.filter((k) => k.health === 'no-data').length, withheld: kpis.filter((k) => k.health === 'withheld').length },
          targets: disclose(child.id),
        };
      });

    const visibleRows = subtreeOf(org, unitId)
      .flatMap((id) => targets.byUnit.get(id) ?? [])
      .filter((row) => maySeeRow(orgNow, viewer, row));
    return {
      unit: { id: unit.id, name: unit.name, kind: unit.kind, parentId: unit.parentId },
      cycle: { id: cycle.id, name: cycle.name, startsOn: cycle.startsOn, endsOn: cycle.endsOn, status: cycle.status },
      asOf: isoOf(at.asOf),
      knownAt: isoOf(at.knownAt),
      objectives: own,
      atRisk: subtreeObjectives(unitId)
        .filter((o) => o.atRisk.length > 0)
        .map((o) => ({ objectiveId: o.id, title: o.title, unitId: o.unitId, progress: o.progress, reasons: o.atRisk })),
      atRiskRule: AT_RISK_RULE,
      kpis: kpisOf(unitId),
      targets: { aggregates: disclose(unitId), rows: sortRows(visibleRows, order) },
      subUnits,
    };
  }

  private objectives(cycleId: string, unitId: string, at: Instant, values: BoundValues, elapsed: number, disclosure: Disclosure): ObjectiveFigure[] {
    const figures: ObjectiveFigure[] = [];
    for (const id of this.histories.objectiveIds(cycleId, unitId)) {
      const objective = this.histories.objectiveAt(id, at);
      if (!objective || objective.state.status !== 'active') continue;
      const ref = (keyResultId: string): BoundGoalRef => ({ kind: 'objective', id, keyResultId });
      const progress = objectiveProgress(objective.state, (kr) => values.value(kr, ref(kr.id)));
      const keyResults = Object.values(objective.state.keyResults).map((kr): KeyResultFigure => {
        const shown = disclosure(kr, ref(kr.id));
        return {
        id: kr.id,
        title: kr.title,
        weight: kr.weight,
        kind: kr.kind,
        start: kr.kind === 'metric' ? kr.start : undefined,
        target: kr.kind === 'metric' ? kr.target : undefined,
        unit: kr.kind === 'metric' ? kr.unit : undefined,
        direction: kr.kind === 'metric' ? kr.direction : undefined,
        ...(shown.withheld ? { value: null, progress: null, withheld: shown.reason } : { value: values.value(kr, ref(kr.id)), progress: progress.keyResults[kr.id] }),
        confidence: kr.latestCheckIn?.confidence ?? null,
        effectiveAt: kr.latestCheckIn?.effectiveAt ?? null,
        source: objective.sources[kr.id],
        };
      });
      const objectiveShown = keyResults.every((kr) => kr.withheld === undefined) ? progress.objective : null;
      figures.push({
        id,
        title: objective.state.title,
        unitId,
        commitment: objective.state.commitment,
        progress: objectiveShown,
        confidence: lowestConfidence(keyResults.map((kr) => kr.confidence)),
        atRisk: atRiskReasons({ progress: objectiveShown, keyResults }, elapsed),
        source: 'rolled-up',
        keyResults,
      });
    }
    return figures.sort((a, b) => a.id.localeCompare(b.id));
  }

  private summaries(cycleId: string, unitId: string, at: Instant, values: BoundValues, elapsed: number, disclosure: Disclosure): ObjectiveSummary[] {
    const summaries: ObjectiveSummary[] = [];
    for (const id of this.histories.objectiveIds(cycleId, unitId)) {
      const ref = (keyResultId: string): BoundGoalRef => ({ kind: 'objective', id, keyResultId });
      const objective = this.histories.objectiveReadingAt(id, at, (kr) => values.value(kr, ref(kr.id)));
      if (!objective || objective.state.status !== 'active') continue;
      const { keyResults } = objective;
      // Only a bound key result's value can be withheld.
      const progress = objective.boundKeyResults.some((kr) => disclosure(kr, ref(kr.id)).withheld) ? null : objective.progress;
      summaries.push({ id, title: objective.state.title, unitId, progress, atRisk: atRiskReasons({ progress, keyResults }, elapsed) });
    }
    return summaries;
  }

  private kpis(unitId: string, at: Instant, values: BoundValues, disclosure: Disclosure): KpiFigure[] {
    const figures: KpiFigure[] = [];
    for (const id of this.histories.kpiIds(unitId)) {
      const kpi = this.histories.kpiAt(id, at);
      if (!kpi || kpi.state.status !== 'active') continue;
      const { name, unit, goal, latestCheckIn } = kpi.state;
      const ref: BoundGoalRef = { kind: 'kpi', id };
      const shown = disclosure(kpi.state, ref);
      const value = values.value(kpi.state, ref);
      const figure = shown.withheld ? { value: null, health: 'withheld', withheld: shown.reason } : { value, health: kpiHealth(kpi.state, value) };
      figures.push({ id, name, unit, goal, ...figure, confidence: latestCheckIn?.confidence ?? null, effectiveAt: latestCheckIn?.effectiveAt ?? null, source: kpi.source });
    }
    return figures.sort((a, b) => a.id.localeCompare(b.id));
  }

  private targetTable(org: OrganizationState, cycleId: string, at: Instant, values: BoundValues): TargetTable {
    const byUnit = new Map<string, TargetRow[]>();
    const rows: TargetRow[] = [];
    const holders: QuotaHolder[] = [];
    for (const unitId of Object.keys(org.units)) {
      for (const id of this.histories.targetIds(cycleId, unitId)) {
        const target = this.histories.targetAt(id, at);
        if (!target) continue;
        const row = targetRowOf(id, unitId, target, org, values);
        rows.push(row);
        const query = values.query(target.state, { kind: 'target', id });
        holders.push({ personId: row.personId, unitId, metric: row.metric, unit: row.unit, quantity: query ? quantityOf(query) : null });
        const unitRows = byUnit.get(unitId);
        if (unitRows) unitRows.push(row);
        else byUnit.set(unitId, [row]);
      }
    }
    return { rows, byUnit, holders };
  }

  /**
   * Withholdings of quota aggregates (by metric key, then unit: the reason), decided by the one
   * disclosure rule together with every bound key result of the cycle and every bound KPI, so that
   * no difference between a key result, a KPI and a quota aggregate of the same facts, of this unit
   * or any other, isolates a small group. A quota aggregate is two figures: the sum of its people's
   * attained values (the same quantity as a key result over the same facts) and the sum of their quotas.
   */
  private judgeTogether(org: OrganizationState, cycleId: string, at: Instant, values: BoundValues, targets: TargetTable, orgNow: OrganizationState, viewer: Viewer, minGroupSize: number) {
    const goals: { goal: ValuedGoal; ref: BoundGoalRef }[] = [];
    for (const unitId of Object.keys(org.units)) {
      for (const id of this.histories.objectiveIds(cycleId, unitId)) {
        const objective = this.histories.objectiveAt(id, at);
        if (objective?.state.status !== 'active') continue;
        for (const kr of Object.values(objective.state.keyResults)) goals.push({ goal: kr, ref: { kind: 'objective', id, keyResultId: kr.id } });
      }
      for (const id of this.histories.kpiIds(unitId)) {
        const kpi = this.histories.kpiAt(id, at);
        if (kpi?.state.status === 'active') goals.push({ goal: kpi.state, ref: { kind: 'kpi', id } });
      }
    }
    const reasons = values.judgeTogether(goals, quotaFigures(org, targets.holders), orgNow, viewer, minGroupSize);
    const withheld = new Map<string, Map<string, string>>();
    for (const [id, reason] of reasons) {
      const { unitId, metricKey: key } = quotaFigureOf(id);
      const units = withheld.get(key) ?? new Map<string, string>();
      if (!units.has(unitId)) units.set(unitId, reason);
      withheld.set(key, units);
    }
    return withheld;
  }

  /** The subtree's aggregate per metric, unless the disclosure rule withholds it from the viewer. */
  private disclosedAggregates(
    org: OrganizationState,
    root: string,
    targets: TargetTable,
    withheld: Map<string, Map<string, string>>,
  ): DisclosedAggregate[] {
    const rows = subtreeOf(org, root).flatMap((id) => targets.byUnit.get(id) ?? []);
    const byMetric = new Map<string, TargetRow[]>();
    for (const row of rows) {
      const key = metricKey(row);
      const metricRows = byMetric.get(key);
      if (metricRows) metricRows.push(row);
      else byMetric.set(key, [row]);
    }
    return [...byMetric.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, metricRows]) => {
        const { metric, unit } = metricRows[0];
        const reason = withheld.get(key)?.get(root);
        if (reason) return { metric, unit, withheld: true, reason };
        return aggregateTargets(metric, unit, perPerson(metricRows));
      });
  }
}

/** Whether a bound goal's value may be shown to the report's viewer, read at the report's instants. */
type Disclosure = (goal: ValuedGoal, ref: BoundGoalRef) => BoundValueDisclosure;

/** The mean progress of objectives; withheld (null) when one of them is, or the mean would give it away. */
export function averageProgress(objectives: { progress: number | null }[]): number | null {
  if (!objectives.length || objectives.some((o) => o.progress === null)) return null;
  return objectives.reduce((sum, o) => sum + (o.progress as number), 0) / objectives.length;
}

const metricKey = (row: { metric: string; unit: string }) => `${row.metric}\u0000${row.unit}`;

function perPerson(rows: TargetRow[]): PersonAttainment[] {
  const people = new Map<string, PersonAttainment>();
  for (const row of rows) {
    const person = people.get(row.personId) ?? { personId: row.personId, target: 0, attained: 0 };
    person.target += row.currentTarget;
    person.attained += row.value;
    people.set(row.personId, person);
  }
  return [...people.values()];
}

function sortRows(rows: TargetRow[], order: TargetRowOrder): TargetRow[] {
  const byPerson = (a: TargetRow, b: TargetRow) => a.personId.localeCompare(b.personId) || a.targetId.localeCompare(b.targetId);
  if (order === 'person') return rows.sort(byPerson);
  const sign = order === 'attainment' ? 1 : -1;
  return rows.sort((a, b) => sign * (a.attainment - b.attainment) || byPerson(a, b));
}

const isoOf = (instant: number) => new Date(instant).toISOString();
