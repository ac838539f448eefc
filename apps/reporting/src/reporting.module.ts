import { DynamicModule, Module } from '@nestjs/common';
import { MetricReader, NotFoundError } from '@okr/goals-domain';
import { MESSAGE_BUS, MessageBus } from '@okr/message-bus';
import { METRIC_FACTS, METRIC_INDEX, MetricFactsConsumer, MetricFactsSink } from '@okr/metric-ledger';
import { ReportValues } from './application/report-values';
import { READ_STORE, ReadStore } from '@okr/read-store';
import { AuthOptions, CLOCK, Clock, Closeable, closeOnShutdown, ErrorMapping, HEALTH_CHECKS, HealthController, ServiceKitModule, systemClock } from '@okr/service-kit';
import { MIN_GROUP_SIZE } from './application/config.tokens';
import { UnitReports } from './application/unit-report';
import { GoalHistories } from './history/goal-histories';
import { GoalEventsHandler } from './projections/goal-events.handler';
import { GoalEventsProjection } from './projections/goal-events.projection';
import { GoalEventsFollower } from './projections/goal-events-follower';
import { CycleComparisonController } from './queries/cycle-comparison/cycle-comparison.controller';
import { GoalSeriesController } from './queries/goal-series/goal-series.controller';
import { OrgTreeController } from './queries/org-tree/org-tree.controller';
import { UnitDashboardController } from './queries/unit-dashboard/unit-dashboard.controller';
import { DEVELOPMENT_SIGN_IN, DevelopmentSignIn } from './dev-sign-in/development-sign-in';
import { DevSignInController } from './dev-sign-in/dev-sign-in.controller';
import { CycleListController } from './queries/cycle-list/cycle-list.controller';
import { GoalAuditTrail } from './queries/goal-history/goal-audit-trail';
import { GoalHistoryController } from './queries/goal-history/goal-history.controller';
import { quotaAnalyticsControllers, quotaAnalyticsProviders } from './queries/quota-analytics/quota-analytics.providers';
import { WebController } from './web/web.controller';

export interface ReportingModuleOptions {
  readStore: ReadStore;
  /** The read store is shared by every instance (MongoDB), each consuming some partitions of goal events. */
  sharedReadStore?: boolean;
  /** Owned by the caller (the all-in-one process shares one between services). */
  bus: MessageBus;
  /** Reporting's own metric index (goals' values are read from it), and the feed that keeps it complete; owned by the caller. */
  metricIndex: { index: MetricReader } & MetricFactsSink;
  auth: AuthOptions;
  minGroupSize: number;
  clock?: Clock;
  logLevel?: string;
  /** What the application closes, in order, when it shuts down (what its creator opened for it). */
  closeOnShutdown?: Closeable[];
  /** Embedded mode on the development secret only: the web dashboard's development sign-in. */
  developmentSignIn?: DevelopmentSignIn | null;
}

const errorMappings: ErrorMapping[] = [{ error: NotFoundError, status: 404, type: 'not-found', title: 'Not found' }];

/** The reporting service: read models of the goal events, dashboards at any instant, privacy of individual targets. */
@Module({})
export class ReportingModule {
  static forRoot(options: ReportingModuleOptions): DynamicModule {
    return {
      module: ReportingModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'reporting',
          auth: options.auth,
          errorMappings,
          logLevel: options.logLevel,
          openApi: {
            title: 'OKR platform: reporting',
            version: '1',
            description:
              'Dashboards of the company, departments and teams for any cycle, as of any instant (asOf: valid time) and as known at any instant (knownAt: transaction time). ' +
              'Individual targets are shown only to the person, the leads above them and admins; everyone else sees aggregates, withheld below the minimum group size.',
          },
        }),
      ],
      controllers: [
        HealthController,
        GoalEventsHandler,
        MetricFactsConsumer,
        OrgTreeController,
        UnitDashboardController,
        GoalSeriesController,
        CycleComparisonController,
        CycleListController,
        GoalHistoryController,
        ...quotaAnalyticsControllers,
        WebController,
        // Only on the development secret: otherwise /dev-sign-in does not exist (404).
        ...(options.developmentSignIn ? [DevSignInController] : []),
      ],
      providers: [
        ...closeOnShutdown(options.closeOnShutdown ?? []),
        { provide: MESSAGE_BUS, useValue: options.bus },
        { provide: READ_STORE, useValue: options.readStore },
        // The index is the feed's from its start on (a snapshot restored at start replaces the empty one).
        { provide: METRIC_INDEX, useValue: options.metricIndex.index },
        { provide: METRIC_FACTS, useValue: options.metricIndex },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: MIN_GROUP_SIZE, useValue: options.minGroupSize },
        {
          provide: HEALTH_CHECKS,
          inject: [READ_STORE, MESSAGE_BUS],
          useFactory: (readStore: ReadStore, bus: MessageBus) => [
            { name: 'read-store', check: async () => void (await readStore.loadCheckpoint('goal-events')) },
            { name: 'bus', check: () => bus.check() },
          ],
        },
        GoalHistories,
        GoalEventsProjection,
        ...(options.sharedReadStore ? [GoalEventsFollower] : []),
        ReportValues,
        UnitReports,
        GoalAuditTrail,
        ...quotaAnalyticsProviders,
        { provide: DEVELOPMENT_SIGN_IN, useValue: options.developmentSignIn ?? null },
      ],
    };
  }
}
