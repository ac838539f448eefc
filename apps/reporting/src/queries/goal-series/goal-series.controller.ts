import { Controller, Get, Inject } from '@nestjs/common';
import { BoundGoalRef, keyResultProgress, kpiHealth, minGroupSizeFor, NotFoundError, targetAttainment, ValuedGoal } from '@okr/goals-domain';
import { Actor, ApiRoute, CLOCK, Clock, CurrentActor, idSchema, instantSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import { z } from 'zod';
import { MIN_GROUP_SIZE } from '../../application/config.tokens';
import { cycleWindow } from '../../application/cycle-window';
import { maySeeRow, Viewer, viewerOf } from '../../application/viewer';
import { GoalHistories, ValueSource } from '../../history/goal-histories';
import { Instant } from '../../history/instant';
import { ReportValues } from '../../application/report-values';

const seriesQuery = z.strictObject({
  from: instantSchema.optional().describe('first instant (valid time); default: the start of the goal’s cycle, or when the KPI was defined'),
  to: instantSchema.optional().describe('last instant (valid time); default: the end of the cycle, or now, whichever is earlier'),
  points: z.coerce.number().int().min(2).max(500).default(30).describe('how many evenly spaced instants'),
  knownAt: instantSchema.optional().describe('transaction time: only what the platform had recorded by then'),
});
type SeriesQuery = z.infer<typeof seriesQuery>;

const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema });
const kpiParams = z.strictObject({ kpiId: idSchema });
const targetParams = z.strictObject({ targetId: idSchema });

interface SeriesPoint {
  at: string;
  value: number | null;
  /** Progress (key result), attainment against the current target (target), or null. */
  ratio: number | null;
  health?: string;
  /** Why value, ratio and health are not shown to this viewer at this instant (boundValueDisclosure). */
  withheld?: string;
  source: ValueSource | null;
}

/** A goal's value over time at chosen instants, for charts: the same fold as the dashboards, one instant per point. */
@Controller('series')
export class GoalSeriesController {
  constructor(
    private readonly histories: GoalHistories,
    private readonly values: ReportValues,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MIN_GROUP_SIZE) private readonly minGroupSize: number,
  ) {}

  @Get('key-results/:objectiveId/:keyResultId')
  @ApiRoute({ summary: 'A key result’s value and progress over time', tags: ['series'], responses: { 200: 'the points', 404: 'no such key result' } })
  keyResult(@ValidParams(keyResultParams) { objectiveId, keyResultId }: z.infer<typeof keyResultParams>, @ValidQuery(seriesQuery) query: SeriesQuery, @CurrentActor() actor: Actor) {
    const now = this.now();
    const withheld = this.withheldFrom(viewerOf(actor), now);
    const objective = this.histories.objectiveAt(objectiveId, now);
    const cycle = objective && this.histories.cycleAt(objective.state.cycleId, now);
    if (!objective?.state.keyResults[keyResultId] || !cycle) throw new NotFoundError(`key result ${objectiveId}/${keyResultId} does not exist`, 'keyResultId');
    const window = cycleWindow(cycle);
    return this.series({ kind: 'key-result', id: `${objectiveId}/${keyResultId}` }, query, window.start, Math.min(window.end, now.asOf), (at) => {
      const then = this.histories.objectiveAt(objectiveId, at);
      const keyResult = then?.state.keyResults[keyResultId];
      if (!then || !keyResult) return { value: null, ratio: null, source: null };
      const ref: BoundGoalRef = { kind: 'objective', id: objectiveId, keyResultId };
      const source = then.sources[keyResultId];
      const reason = withheld(keyResult, ref, at, then.state.cycleId);
      if (reason) return { value: null, ratio: null, withheld: reason, source };
      const value = this.values.at(at, then.state.cycleId).value(keyResult, ref);
      return { value, ratio: keyResultProgress(keyResult, value), source };
    });
  }

  @Get('kpis/:kpiId')
  @ApiRoute({ summary: 'A KPI’s value and health over time', tags: ['series'], responses: { 200: 'the points', 404: 'no such KPI' } })
  kpi(@ValidParams(kpiParams) { kpiId }: z.infer<typeof kpiParams>, @ValidQuery(seriesQuery) query: SeriesQuery, @CurrentActor() actor: Actor) {
    const now = this.now();
    const withheld = this.withheldFrom(viewerOf(actor), now);
    const kpi = this.histories.kpiAt(kpiId, now);
    if (!kpi) throw new NotFoundError(`KPI ${kpiId} does not exist`, 'kpiId');
    return this.series({ kind: 'kpi', id: kpiId }, query, Date.parse(kpi.state.definedEffectiveAt), now.asOf, (at) => {
      const then = this.histories.kpiAt(kpiId, at);
      if (!then) return { value: null, ratio: null, source: null };
      const ref: BoundGoalRef = { kind: 'kpi', id: kpiId };
      const reason = withheld(then.state, ref, at);
      if (reason) return { value: null, ratio: null, withheld: reason, source: then.source };
      const value = this.values.at(at).value(then.state, ref);
      return { value, ratio: null, health: kpiHealth(then.state, value), source: then.source };
    });
  }

  @Get('targets/:targetId')
  @ApiRoute({ summary: 'An individual target’s value and attainment over time: only for the person, their leads and admins', tags: ['series'], responses: { 200: 'the points', 404: 'no such target, or not visible to the caller' } })
  target(@ValidParams(targetParams) { targetId }: z.infer<typeof targetParams>, @ValidQuery(seriesQuery) query: SeriesQuery, @CurrentActor() actor: Actor) {
    const now = this.now();
    const target = this.histories.targetAt(targetId, now);
    // One answer for "does not exist" and "not yours": not even the target's existence leaks.
    if (!target || !maySeeRow(this.histories.organizationAt(now), viewerOf(actor), target.state)) throw new NotFoundError(`target ${targetId} does not exist`, 'targetId');
    const cycle = this.histories.cycleAt(target.state.cycleId, now);
    const window = cycle ? cycleWindow(cycle) : { start: Date.parse(target.state.definedEffectiveAt), end: now.asOf };
    return this.series({ kind: 'target', id: targetId }, query, window.start, Math.min(window.end, now.asOf), (at) => {
      const then = this.histories.targetAt(targetId, at);
      if (!then) return { value: null, ratio: null, source: null };
      const value = this.values.at(at, then.state.cycleId).value(then.state, { kind: 'target', id: targetId });
      return { value, ratio: targetAttainment(then.state, value).againstCurrent, source: then.source };
    });
  }

  /** Why a bound goal's value at an instant is withheld from the viewer (judged on the organisation now), or undefined when shown. */
  private withheldFrom(viewer: Viewer, now: Instant) {
    const orgNow = this.histories.organizationAt(now);
    const minGroupSize = minGroupSizeFor(this.minGroupSize, orgNow);
    return (goal: ValuedGoal, ref: BoundGoalRef, at: Instant, cycleId?: string): string | undefined => {
      const disclosure = this.values.at(at, cycleId).disclosure(goal, ref, orgNow, viewer, minGroupSize);
      return disclosure.withheld ? disclosure.reason : undefined;
    };
  }

  private now(): Instant {
    const now = this.clock.now().getTime();
    return { asOf: now, knownAt: now };
  }

  private series(goal: { kind: string; id: string }, query: SeriesQuery, defaultFrom: number, defaultTo: number, pointAt: (at: Instant) => Omit<SeriesPoint, 'at'>) {
    const from = query.from ? Date.parse(query.from) : defaultFrom;
    const to = query.to ? Date.parse(query.to) : Math.max(defaultTo, from);
    const knownAt = query.knownAt ? Date.parse(query.knownAt) : this.clock.now().getTime();
    const step = (to - from) / (query.points - 1);
    const points: SeriesPoint[] = [];
    for (let i = 0; i < query.points; i++) {
      const asOf = Math.round(from + i * step);
      points.push({ at: new Date(asOf).toISOString(), ...pointAt({ asOf, knownAt }) });
    }
    return { goal, knownAt: new Date(knownAt).toISOString(), points };
  }
}
