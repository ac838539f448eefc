import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Actor, ApiRoute, CLOCK, Clock, CurrentActor, ValidParams, ValidQuery } from '@okr/service-kit';
import { UnitReports } from '../../application/unit-report';
import { viewerOf } from '../../application/viewer';
import { instantOf } from '../../history/instant';
import { unitReportCsv } from './unit-dashboard.csv';
import { unitDashboardParams, UnitDashboardParams, unitDashboardQuery, UnitDashboardQuery } from './unit-dashboard.request';

@Controller('units/:unitId/cycles/:cycleId')
export class UnitDashboardController {
  constructor(
    private readonly reports: UnitReports,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('dashboard')
  @ApiRoute({
    summary: 'A unit’s dashboard for a cycle, at any instant',
    description:
      'Objectives with progress and confidence, the at-risk list (with its rule), KPIs against their goals, individual targets (aggregates per metric; rows only for the person, ' +
      'the leads above them and admins; an aggregate over fewer than the minimum group size is withheld from others) and the roll-ups of the units below.',
    tags: ['dashboards'],
    responses: { 200: 'the dashboard', 404: 'no such unit or cycle at that instant' },
  })
  dashboard(@ValidParams(unitDashboardParams) params: UnitDashboardParams, @ValidQuery(unitDashboardQuery) query: UnitDashboardQuery, @CurrentActor() actor: Actor) {
    return this.reports.report(params.unitId, params.cycleId, instantOf(query, this.clock.now()), viewerOf(actor), query.rows);
  }

  @Get('dashboard.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiRoute({
    summary: 'The same dashboard as CSV, under the same privacy rules',
    tags: ['dashboards'],
    responses: { 200: { description: 'one line per figure', contentType: 'text/csv' }, 404: 'no such unit or cycle at that instant' },
  })
  csv(@ValidParams(unitDashboardParams) params: UnitDashboardParams, @ValidQuery(unitDashboardQuery) query: UnitDashboardQuery, @CurrentActor() actor: Actor): string {
    return unitReportCsv(this.reports.report(params.unitId, params.cycleId, instantOf(query, this.clock.now()), viewerOf(actor), query.rows));
  }
}
