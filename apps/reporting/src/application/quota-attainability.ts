import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { CycleState, NotFoundError, OrganizationState } from '@okr/goals-domain';
import { READ_STORE, ReadStore } from '@okr/read-store';
import { GoalHistories } from '../history/goal-histories';
import { Instant } from '../history/instant';
import { GOAL_EVENTS_COLLECTION, StoredGoalEvent } from '../history/stored-goal-event';
import { cycleWindow } from './cycle-window';
import { attainabilityFlag, AttainabilityFlag, best, median } from './quota-attainability.rule';
import { QuotaDisclosure, perPersonAgainst } from './quota-disclosure';
import { distributionOf, MetricDistribution } from './quota-distribution';
import { cycleFigureOf, instantFiguresOf, quotaMetricKey, QuotaRow, QuotaTable, rowsUnder } from './quota-table';
import { maySeeRow, Viewer } from './viewer';

/** Whose quota, where, of what; targetId and cycleId when it is an existing quota. */
export interface QuotaSubject {
  personId: string;
  unitId: string;
  metric: string;
  cycleId?: string;
  targetId?: string;
}

interface CycleRef {
  cycleId: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface PersonCycleFigure extends CycleRef {
  /** The quota after revisions, and as first set (summed over the person's quotas of the metric). */
  quota: number;
  originalQuota: number;
  attained: number;
  /** attained / quota. */
  attainment: number;
}

export type UnitCycleFigure =
  /** medianAttained and bestAttained are one person's number: null for a viewer who may not see every row (picksWithheld). */
  | (CycleRef & { withheld: false; people: number; medianAttained: number | null; bestAttained: number | null; picksWithheld: boolean; distribution: MetricDistribution })
  | (CycleRef & { withheld: true; reason: string });

export interface AttainabilityFigures {
  person: { cycles: PersonCycleFigure[]; bestAttained: number | null; medianAttained: number | null; bestAttainment: number | null; medianAttainment: number | null };
  /** Pooled over the past cycles whose aggregate this viewer may see (one value per person and cycle). */
  unit: { cycles: UnitCycleFigure[]; peopleCycles: number; bestAttained: number | null; medianAttained: number | null; medianAttainment: number | null };
  /** proposed / the best attained: how far beyond history the quota reaches. */
  proposedAgainst: { personBest: number | null; unitBest: number | null };
  flag: AttainabilityFlag;
}

export interface AttainabilityCheck extends AttainabilityFigures {
  subject: QuotaSubject;
  proposed: number;
  asOf: string;
  knownAt: string;
}

/** A past cycle's quotas as of its end, with what this viewer may see of them. */
interface PastCycle {
  cycle: CycleState;
  org: OrganizationState;
  rows: QuotaRow[];
  disclosure: QuotaDisclosure;
}

const NOT_YOURS = 'only the person, the leads of the unit and of the units above it, and admins may see a person’s quota history';

/**
 * Whether a quota is attainable, judged against history: what the person attained in past cycles
 * (each cycle as of its end), and what the unit's people attained (median, best, distribution),
 * for the same metric. A person's history goes only to whoever may see their targets; a unit's
 * figures follow the dashboards' disclosure rules.
 */
@Injectable()
export class QuotaAttainability {
  private knownCycles?: { size: number; ids: string[] };

  constructor(
    private readonly table: QuotaTable,
    private readonly histories: GoalHistories,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  /** An existing quota, at its current value or at a proposed revision. A quota the viewer may not see is not found, exactly like one that does not exist. */
  async forTarget(targetId: string, proposed: number | undefined, at: Instant, viewer: Viewer): Promise<AttainabilityCheck> {
    const orgNow = this.table.organizationNow();
    const target = this.histories.targetAt(targetId, at);
    if (!target || !maySeeRow(orgNow, viewer, target.state)) throw new NotFoundError(`no quota ${targetId} that you may see existed at that time`, 'targetId');
    const { personId, unitId, metric, cycleId, currentTarget } = target.state;
    const cycle = this.histories.cycleAt(cycleId, at);
    const before = cycle ? cycleWindow(cycle).start : at.asOf;
    const history = await this.pastCycles(before, at, orgNow, viewer);
    return this.checkOf({ targetId, personId, unitId, metric, cycleId }, proposed ?? currentTarget, at, history);
  }

  /** A quota being proposed for a person in a unit; history is every cycle that ended before the named cycle began (or before asOf). */
  async forProposal(subject: QuotaSubject, proposed: number, at: Instant, viewer: Viewer): Promise<AttainabilityCheck> {
    const orgNow = this.table.organizationNow();
    if (!maySeeRow(orgNow, viewer, subject)) throw new ForbiddenException(NOT_YOURS);
    let before = at.asOf;
    if (subject.cycleId) {
      const cycle = this.histories.cycleAt(subject.cycleId, at);
      if (!cycle) throw new NotFoundError(`cycle ${subject.cycleId} did not exist at that time`, 'cycleId');
      before = cycleWindow(cycle).start;
    }
    return this.checkOf(subject, proposed, at, await this.pastCycles(before, at, orgNow, viewer));
  }

  /** The dashboard's rows of a unit and cycle that the viewer may see, each with its quota judged against history. */
  async forRows(unitId: string, cycleId: string, at: Instant, viewer: Viewer) {
    const { org, orgNow, unit, cycle } = this.table.scope(unitId, cycleId, at);
    const rows = rowsUnder(org, unitId, this.table.rowsOf(org, cycleId, at)).filter((row) => maySeeRow(orgNow, viewer, row));
    return { unit, cycle: cycleFigureOf(cycle), ...instantFiguresOf(at), rows: await this.withHistory(rows, cycle, at, viewer) };
  }

  /**
   * Rows of one cycle (already cleared for this viewer: the person's history is theirs to see),
   * each with its quota judged against history: what the unit dashboard's rows can carry.
   */
  async withHistory<R extends { personId: string; unitId: string; metric: string; currentTarget: number }>(rows: R[], cycle: Pick<CycleState, 'startsOn' | 'endsOn'>, at: Instant, viewer: Viewer): Promise<(R & { history: AttainabilityFigures })[]> {
    if (!rows.length) return [];
    const history = await this.pastCycles(cycleWindow(cycle).start, at, this.table.organizationNow(), viewer);
    return rows.map((row) => ({ ...row, history: this.figuresOf(row, row.currentTarget, history) }));
  }

  private checkOf(subject: QuotaSubject, proposed: number, at: Instant, history: PastCycle[]): AttainabilityCheck {
    return { subject, proposed, ...instantFiguresOf(at), ...this.figuresOf(subject, proposed, history) };
  }

  private figuresOf(subject: { personId: string; unitId: string; metric: string }, proposed: number, history: PastCycle[]): AttainabilityFigures {
    const personCycles: PersonCycleFigure[] = [];
    const unitCycles: UnitCycleFigure[] = [];
    const pooled: { attained: number; attainment: number }[] = [];
    // A best or a median is one person's number: only from cycles where the viewer may see every row.
    const pickable: { attained: number; attainment: number }[] = [];
    for (const { cycle, org, rows, disclosure } of history) {
      const ref: CycleRef = { cycleId: cycle.id, name: cycle.name, startsOn: cycle.startsOn, endsOn: cycle.endsOn };
      // Each past quota by its own row rule: a lead of the person's new unit does not see the quotas of a unit they never led.
      const own = rows.filter((row) => row.personId === subject.personId && row.metric === subject.metric && disclosure.maySee(row));
      if (own.length) {
        const [person] = perPersonAgainst(own, 'currentTarget');
        const [original] = perPersonAgainst(own, 'originalTarget');
        personCycles.push({ ...ref, quota: person.target, originalQuota: original.target, attained: person.attained, attainment: ratio(person.attained, person.target) });
      }
      if (!org.units[subject.unitId]) continue;
      const unitRows = rowsUnder(org, subject.unitId, rows).filter((row) => row.metric === subject.metric);
      if (!unitRows.length) continue;
      const reason = disclosure.withholding(subject.unitId, quotaMetricKey(unitRows[0]));
      if (reason) {
        unitCycles.push({ ...ref, withheld: true, reason });
        continue;
      }
      const people = perPersonAgainst(unitRows, 'currentTarget');
      const attained = people.map((p) => p.attained);
      const figures = people.map((p) => ({ attained: p.attained, attainment: ratio(p.attained, p.target) }));
      pooled.push(...figures);
      const seesEveryRow = unitRows.every((row) => disclosure.maySee(row));
      if (seesEveryRow) pickable.push(...figures);
      unitCycles.push({
        ...ref,
        withheld: false,
        people: people.length,
        medianAttained: seesEveryRow ? median(attained) : null,
        bestAttained: seesEveryRow ? best(attained) : null,
        picksWithheld: !seesEveryRow,
        distribution: distributionOf(unitRows),
      });
    }
    const personBest = best(personCycles.map((c) => c.attained));
    const unitBest = best(pickable.map((p) => p.attained));
    return {
      person: {
        cycles: personCycles,
        bestAttained: personBest,
        medianAttained: median(personCycles.map((c) => c.attained)),
        bestAttainment: best(personCycles.map((c) => c.attainment)),
        medianAttainment: median(personCycles.map((c) => c.attainment)),
      },
      unit: { cycles: unitCycles, peopleCycles: pooled.length, bestAttained: unitBest, medianAttained: median(pickable.map((p) => p.attained)), medianAttainment: median(pickable.map((p) => p.attainment)) },
      proposedAgainst: { personBest: personBest ? proposed / personBest : null, unitBest: unitBest ? proposed / unitBest : null },
      flag: attainabilityFlag(proposed, personBest, unitBest),
    };
  }

  /** Every cycle ever defined; the read store is scanned again only once the histories hold new events. */
  private async cycleIds(): Promise<string[]> {
    const size = this.histories.size;
    if (this.knownCycles?.size !== size) {
      const defined = await this.readStore.collection<StoredGoalEvent>(GOAL_EVENTS_COLLECTION).find({ type: 'CycleDefined' });
      this.knownCycles = { size, ids: defined.map((event) => String(event.data.cycleId)) };
    }
    return this.knownCycles.ids;
  }

  /** Every cycle that had ended before `before`, oldest first, each read as of its end with what was known at `at`. */
  private async pastCycles(before: number, at: Instant, orgNow: OrganizationState, viewer: Viewer): Promise<PastCycle[]> {
    const cycles = (await this.cycleIds())
      .map((cycleId) => this.histories.cycleAt(cycleId, at))
      .filter((cycle): cycle is CycleState => cycle !== null && cycleWindow(cycle).end < before)
      .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.id.localeCompare(b.id));
    const minGroupSize = this.table.minGroupSizeIn(orgNow);
    return cycles.map((cycle) => {
      const atEnd: Instant = { asOf: Math.min(cycleWindow(cycle).end, at.asOf), knownAt: at.knownAt };
      const org = this.histories.organizationAt(atEnd);
      const rows = this.table.rowsOf(org, cycle.id, atEnd);
      return { cycle, org, rows, disclosure: QuotaDisclosure.of(org, orgNow, viewer, rows, minGroupSize) };
    });
  }
}

const ratio = (attained: number, quota: number) => (quota > 0 ? attained / quota : 0);
