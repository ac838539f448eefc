import { Controller, Get, Inject } from '@nestjs/common';
import { Actor, ApiRoute, CLOCK, Clock, CurrentActor, idSchema, instantSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import { z } from 'zod';
import { cycleWindow } from '../../application/cycle-window';
import { UnitReport, UnitReports } from '../../application/unit-report';
import { viewerOf } from '../../application/viewer';
import { GoalHistories } from '../../history/goal-histories';

const comparisonParams = z.strictObject({ unitId: idSchema });
const comparisonQuery = z.strictObject({
  cycles: z
    .string()
    .transform((list) => list.split(','))
    .pipe(z.array(idSchema).min(1).max(12))
    .describe('comma-separated cycle ids, e.g. fy26-q3,fy26-q4'),
  knownAt: instantSchema.optional().describe('transaction time: only what the platform had recorded by then'),
});

/** The same unit across cycles, each as of its end (or now, for a cycle still running), under the dashboards' privacy rules. */
@Controller('units/:unitId/cycle-comparison')
export class CycleComparisonController {
  constructor(
    private readonly reports: UnitReports,
    private readonly histories: GoalHistories,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiRoute({ summary: 'A unit across cycles: objectives, progress, at-risk count and target aggregates at each cycle’s end', tags: ['dashboards'], responses: { 200: 'one entry per cycle', 404: 'no such unit or cycle' } })
  compare(@ValidParams(comparisonParams) { unitId }: z.infer<typeof comparisonParams>, @ValidQuery(comparisonQuery) query: z.infer<typeof comparisonQuery>, @CurrentActor() actor: Actor) {
    const now = this.clock.now().getTime();
    const knownAt = query.knownAt ? Date.parse(query.knownAt) : now;
    return {
      unitId,
      knownAt: new Date(knownAt).toISOString(),
      cycles: query.cycles.map((cycleId) => {
        const cycle = this.histories.cycleAt(cycleId, { asOf: now, knownAt });
        const asOf = cycle ? Math.min(cycleWindow(cycle).end, now) : now;
        return summaryOf(this.reports.report(unitId, cycleId, { asOf, knownAt }, viewerOf(actor)));
      }),
    };
  }
}

/** Totals over the unit and every unit below it. */
function summaryOf(report: UnitReport) {
  const own = report.objectives;
  const count = own.length + report.subUnits.reduce((sum, s) => sum + s.objectives.count, 0);
  // One withheld progress (a small team's value, see goalValueDisclosure) withholds the total that includes it.
  const withheld = own.some((o) => o.progress === null) || report.subUnits.some((s) => s.objectives.count > 0 && s.objectives.progress === null);
  const progressSum = own.reduce((sum, o) => sum + (o.progress ?? 0), 0) + report.subUnits.reduce((sum, s) => sum + (s.objectives.progress ?? 0) * s.objectives.count, 0);
  return {
    cycle: report.cycle,
    asOf: report.asOf,
    objectives: { count, progress: count && !withheld ? progressSum / count : null, atRisk: report.atRisk.length, source: 'rolled-up' as const },
    targets: report.targets.aggregates,
  };
}
