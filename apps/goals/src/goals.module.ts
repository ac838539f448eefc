import { DynamicModule, Module } from '@nestjs/common';
import { EVENT_STORE, EventStore, OpenedEventStore, SNAPSHOT_STORE, WrongExpectedVersionError } from '@okr/event-store';
import { AlreadyExistsError, InvalidInputError, NotAllowedError, NotFoundError, RuleViolationError } from '@okr/goals-domain';
import { MESSAGE_BUS, MessageBus } from '@okr/message-bus';
import { AuthOptions, CLOCK, Clock, Closeable, closeOnShutdown, ErrorMapping, HEALTH_CHECKS, HealthController, ServiceKitModule, systemClock } from '@okr/service-kit';
import { AggregateRepository } from './application/aggregate-repository';
import { GoalCommands } from './application/goal-commands';
import { GoalLookups } from './application/goal-lookups';
import { GoalQueries } from './application/goal-queries';
import { ID_GENERATOR } from './application/id-generator.port';
import { TargetAccess } from './application/target-access';
import { CycleGoals } from './application/cycle-goals';
import { FrozenGoals } from './application/frozen-goals';
import { GoalValues, MIN_GROUP_SIZE } from './application/goal-values';
import { BoundGoalCatalog } from './application/bound-goal-catalog';
import { MetricIndexReader } from './application/metric-index.port';
import { METRIC_FACTS, METRIC_INDEX, MetricFactsConsumer, MetricFactsSink } from '@okr/metric-ledger';
import { DecidePendingDifferenceController } from './commands/decide-pending-difference/decide-pending-difference.controller';
import { DecidePendingDifferenceHandler } from './commands/decide-pending-difference/decide-pending-difference.handler';
import { ListPendingDifferencesController } from './queries/list-pending-differences/list-pending-differences.controller';
import { ListPendingDifferencesHandler } from './queries/list-pending-differences/list-pending-differences.handler';
import { AddKeyResultController } from './commands/add-key-result/add-key-result.controller';
import { AlignObjectiveController } from './commands/align-objective/align-objective.controller';
import { AmendKeyResultCheckInController } from './commands/amend-key-result-check-in/amend-key-result-check-in.controller';
import { AmendScoreController } from './commands/amend-score/amend-score.controller';
import { BindKeyResultToMetricController } from './commands/bind-key-result-to-metric/bind-key-result-to-metric.controller';
import { BindKpiToMetricController } from './commands/bind-kpi-to-metric/bind-kpi-to-metric.controller';
import { BindTargetToMetricController } from './commands/bind-target-to-metric/bind-target-to-metric.controller';
import { AmendTargetCheckInController } from './commands/amend-target-check-in/amend-target-check-in.controller';
import { ArchiveKpiController } from './commands/archive-kpi/archive-kpi.controller';
import { ArchiveObjectiveController } from './commands/archive-objective/archive-objective.controller';
import { ArchiveUnitController } from './commands/archive-unit/archive-unit.controller';
import { ChangeKeyResultWeightController } from './commands/change-key-result-weight/change-key-result-weight.controller';
import { ChangeKpiGoalController } from './commands/change-kpi-goal/change-kpi-goal.controller';
import { CloseCycleController } from './commands/close-cycle/close-cycle.controller';
import { CloseCycleHandler } from './commands/close-cycle/close-cycle.handler';
import { CreateUnitController } from './commands/create-unit/create-unit.controller';
import { DefineCycleController } from './commands/define-cycle/define-cycle.controller';
import { DefineKpiController } from './commands/define-kpi/define-kpi.controller';
import { DefineObjectiveController } from './commands/define-objective/define-objective.controller';
import { ImportOrganizationController } from './commands/import-organization/import-organization.controller';
import { ImportOrganizationHandler } from './commands/import-organization/import-organization.handler';
import { ManageLeadsController } from './commands/manage-leads/manage-leads.controller';
import { ManageMembershipController } from './commands/manage-membership/manage-membership.controller';
import { MoveUnitController } from './commands/move-unit/move-unit.controller';
import { RecordKeyResultCheckInController } from './commands/record-key-result-check-in/record-key-result-check-in.controller';
import { RecordKpiCheckInController } from './commands/record-kpi-check-in/record-kpi-check-in.controller';
import { RecordTargetCheckInController } from './commands/record-target-check-in/record-target-check-in.controller';
import { RegisterPersonController } from './commands/register-person/register-person.controller';
import { RemoveKeyResultController } from './commands/remove-key-result/remove-key-result.controller';
import { RenameUnitController } from './commands/rename-unit/rename-unit.controller';
import { ReviseTargetController } from './commands/revise-target/revise-target.controller';
import { SetPolicyController } from './commands/set-policy/set-policy.controller';
import { SetTargetController } from './commands/set-target/set-target.controller';
import { GoalEventsPublisher } from './publishing/goal-events.publisher';
import { UuidIdGenerator } from './infrastructure/uuid.id-generator';
import { GetCycleController } from './queries/get-cycle/get-cycle.controller';
import { GetKpiController } from './queries/get-kpi/get-kpi.controller';
import { GetObjectiveController } from './queries/get-objective/get-objective.controller';
import { GetOrganizationController } from './queries/get-organization/get-organization.controller';
import { GetTargetController } from './queries/get-target/get-target.controller';
import { MetricLineageController } from './queries/metric-lineage/metric-lineage.controller';
import { GoalHistoryController } from './queries/goal-history/goal-history.controller';

export interface GoalsModuleOptions {
  eventStore: OpenedEventStore;
  auth: AuthOptions;
  /** Owned by the caller (the all-in-one process shares one between services). */
  bus: MessageBus;
  /** The metric index bound goals are read from, and the feed that keeps it complete; owned by the caller. */
  metricIndex: { index: MetricIndexReader } & MetricFactsSink;
  /** MIN_GROUP_SIZE: with the organisation policy's, the larger applies (as in reporting). */
  minGroupSize?: number;
  clock?: Clock;
  logLevel?: string;
  /** What the application closes, in order, when it shuts down (what its creator opened for it). */
  closeOnShutdown?: Closeable[];
}

const errorMappings: ErrorMapping[] = [
  { error: NotFoundError, status: 404, type: 'not-found', title: 'Not found' },
  { error: NotAllowedError, status: 403, type: 'forbidden', title: 'Forbidden' },
  { error: AlreadyExistsError, status: 409, type: 'already-exists', title: 'Already exists' },
  { error: WrongExpectedVersionError, status: 409, type: 'version-conflict', title: 'Changed by someone else: read it again and retry' },
  { error: RuleViolationError, status: 422, type: 'rule-violated', title: 'Refused by a business rule' },
  { error: InvalidInputError, status: 422, type: 'invalid-value', title: 'A value is not acceptable' },
];

/** The goals service: commands and queries over HTTP on an event store. */
@Module({})
export class GoalsModule {
  static forRoot(options: GoalsModuleOptions): DynamicModule {
    return {
      module: GoalsModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'goals',
          auth: options.auth,
          errorMappings,
          logLevel: options.logLevel,
          openApi: {
            title: 'OKR platform: goals',
            version: '1',
            description: 'Organisation, cycles, objectives and key results, KPIs and individual targets. Every change is an event; every read can travel in time.',
          },
        }),
      ],
      controllers: [
        HealthController,
        GetOrganizationController,
        SetPolicyController,
        CreateUnitController,
        RenameUnitController,
        MoveUnitController,
        ArchiveUnitController,
        RegisterPersonController,
        ManageMembershipController,
        ManageLeadsController,
        ImportOrganizationController,
        DefineCycleController,
        GetCycleController,
        CloseCycleController,
        AmendScoreController,
        DefineObjectiveController,
        GetObjectiveController,
        AddKeyResultController,
        ChangeKeyResultWeightController,
        RemoveKeyResultController,
        AlignObjectiveController,
        RecordKeyResultCheckInController,
        AmendKeyResultCheckInController,
        ArchiveObjectiveController,
        DefineKpiController,
        GetKpiController,
        ChangeKpiGoalController,
        RecordKpiCheckInController,
        ArchiveKpiController,
        SetTargetController,
        GetTargetController,
        ReviseTargetController,
        RecordTargetCheckInController,
        AmendTargetCheckInController,
        GoalHistoryController,
        BindKeyResultToMetricController,
        BindKpiToMetricController,
        BindTargetToMetricController,
        MetricFactsConsumer,
        MetricLineageController,
        ListPendingDifferencesController,
        DecidePendingDifferenceController,
      ],
      providers: [
        ...closeOnShutdown(options.closeOnShutdown ?? []),
        { provide: MESSAGE_BUS, useValue: options.bus },
        { provide: MIN_GROUP_SIZE, useValue: options.minGroupSize ?? 3 },
        // The index is the feed's from its start on (a snapshot restored at start replaces the empty one).
        { provide: METRIC_INDEX, useValue: options.metricIndex.index },
        { provide: METRIC_FACTS, useValue: options.metricIndex },
        GoalEventsPublisher,
        { provide: EVENT_STORE, useValue: options.eventStore.eventStore },
        { provide: SNAPSHOT_STORE, useValue: options.eventStore.snapshotStore },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: ID_GENERATOR, useValue: new UuidIdGenerator() },
        {
          provide: HEALTH_CHECKS,
          inject: [EVENT_STORE, MESSAGE_BUS],
          useFactory: (eventStore: EventStore, bus: MessageBus) => [
            { name: 'event-store', check: async () => void (await eventStore.readAll({ limit: 1 })) },
            { name: 'bus', check: () => bus.check() },
          ],
        },
        AggregateRepository,
        GoalCommands,
        GoalLookups,
        GoalQueries,
        TargetAccess,
        ImportOrganizationHandler,
        CloseCycleHandler,
        GoalValues,
        BoundGoalCatalog,
        CycleGoals,
        FrozenGoals,
        ListPendingDifferencesHandler,
        DecidePendingDifferenceHandler,
      ],
    };
  }
}
