import { BeforeApplicationShutdown, DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { MESSAGE_BUS, MessageBus } from '@okr/message-bus';
import { AuthOptions, CLOCK, Clock, HEALTH_CHECKS, HealthController, ServiceKitModule, systemClock } from '@okr/service-kit';
import { DATA_POINT_LEDGER } from './application/data-point-ledger.port';
import { DataPointIntake } from './application/data-point-intake';
import { INGESTION_DATABASE, IngestionDatabase } from './application/ingestion-database.port';
import { METRIC_CATALOG } from './application/metric-catalog.port';
import { SOURCE_REGISTRY } from './application/source-registry.port';
import { DefineMetricController } from './commands/define-metric/define-metric.controller';
import { DefineSourceController } from './commands/define-source/define-source.controller';
import { CsvImportRunner } from './commands/import-csv/csv-import.runner';
import { ResumeImportController } from './commands/resume-import/resume-import.controller';
import { ImportCsvController } from './commands/import-csv/import-csv.controller';
import { IMPORT_JOBS } from './application/import-jobs.port';
import { SqlImportJobs } from './infrastructure/sql-import-jobs';
import { GetImportJobController } from './queries/get-import-job/get-import-job.controller';
import { MapSalesforceOwnerController } from './commands/map-salesforce-owner/map-salesforce-owner.controller';
import { ReceiveSalesforceChangesController } from './commands/receive-salesforce-changes/receive-salesforce-changes.controller';
import { SqlSalesforceRecords } from './infrastructure/sql-salesforce-records';
import { ListReconciliationController } from './queries/list-reconciliation/list-reconciliation.controller';
import { SalesforceOpportunitiesHandler } from './salesforce/salesforce-opportunities.handler';
import { SALESFORCE_RECORDS } from './salesforce/salesforce-records.port';
import { ReceiveWebhookController } from './commands/receive-webhook/receive-webhook.controller';
import { WEBHOOK_SECRETS, WebhookSecrets } from './commands/receive-webhook/webhook-secrets';
import { SOURCE_PERMISSIONS, SourcePermissions } from './application/source-permissions';
import { SubmitDataPointsController } from './commands/submit-data-points/submit-data-points.controller';
import { SqlDataPointLedger } from './infrastructure/sql-data-point-ledger';
import { SqlMetricCatalog } from './infrastructure/sql-metric-catalog';
import { SqlSourceRegistry } from './infrastructure/sql-source-registry';
import { DataPointsPublisher } from './publishing/data-points.publisher';
import { ListMetricsController } from './queries/list-metrics/list-metrics.controller';
import { ListSourcesController } from './queries/list-sources/list-sources.controller';

export interface IngestionModuleOptions {
  database: IngestionDatabase;
  auth: AuthOptions;
  /** Owned by the caller (the all-in-one process shares one between services). */
  bus: MessageBus;
  clock?: Clock;
  /** HMAC secret per webhook source. */
  webhookSecrets?: WebhookSecrets;
  /** Further sources each integration subject may write. */
  sourcePermissions?: SourcePermissions;
  logLevel?: string;
  /** What the application closes, in order, when it shuts down (what its creator opened for it). */
  closeOnShutdown?: { close(): Promise<void> }[];
}

const CLOSE_ON_SHUTDOWN = Symbol('CLOSE_ON_SHUTDOWN');

class ResourcesShutdown implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(CLOSE_ON_SHUTDOWN) private readonly resources: { close(): Promise<void> }[],
    private readonly publisher: DataPointsPublisher,
    private readonly imports: CsvImportRunner,
  ) {}

  /**
   * Before the HTTP server closes (it waits for open uploads): each import stops at its next
   * commit, ending interrupted (the same file resumes it), and its upload's connection closes.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.imports.interrupt();
  }

  async onApplicationShutdown(): Promise<void> {
    // Imports write to the database and the publisher reads it and writes to the bus: they stop before either closes.
    await this.imports.idle();
    await this.publisher.stop();
    for (const resource of this.resources) await resource.close();
  }
}

/** The metrics-ingestion service: data points in from APIs, files, Salesforce and webhooks; out to metrics.datapoints.v1. */
@Module({})
export class IngestionModule {
  static forRoot(options: IngestionModuleOptions): DynamicModule {
    return {
      module: IngestionModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'metrics-ingestion',
          auth: options.auth,
          logLevel: options.logLevel,
          openApi: {
            title: 'OKR platform: metrics ingestion',
            version: '1',
            description: 'Numbers in from the batch API, CSV files, Salesforce Change Data Capture and signed webhooks; every accepted change published once in effect to metrics.datapoints.v1.',
          },
        }),
      ],
      controllers: [HealthController, DefineMetricController, ListMetricsController, DefineSourceController, ListSourcesController, SubmitDataPointsController, ImportCsvController, ResumeImportController, GetImportJobController, ReceiveSalesforceChangesController, MapSalesforceOwnerController, ListReconciliationController, ReceiveWebhookController],
      providers: [
        { provide: CLOSE_ON_SHUTDOWN, useValue: options.closeOnShutdown ?? [] },
        { provide: MESSAGE_BUS, useValue: options.bus },
        { provide: INGESTION_DATABASE, useValue: options.database },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: WEBHOOK_SECRETS, useValue: options.webhookSecrets ?? {} },
        { provide: SOURCE_PERMISSIONS, useValue: options.sourcePermissions ?? {} },
        { provide: DATA_POINT_LEDGER, useClass: SqlDataPointLedger },
        { provide: METRIC_CATALOG, useClass: SqlMetricCatalog },
        { provide: SOURCE_REGISTRY, useClass: SqlSourceRegistry },
        {
          provide: HEALTH_CHECKS,
          inject: [INGESTION_DATABASE, MESSAGE_BUS],
          useFactory: (database: IngestionDatabase, bus: MessageBus) => [
            { name: 'database', check: async () => void (await database.query('select 1')) },
            { name: 'bus', check: () => bus.check() },
          ],
        },
        ResourcesShutdown,
        { provide: IMPORT_JOBS, useClass: SqlImportJobs },
        DataPointIntake,
        CsvImportRunner,
        { provide: SALESFORCE_RECORDS, useClass: SqlSalesforceRecords },
        SalesforceOpportunitiesHandler,
        DataPointsPublisher,
      ],
    };
  }
}
