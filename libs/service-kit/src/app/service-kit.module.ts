import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AUTH_OPTIONS, AuthOptions } from '../auth/auth-options';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { HealthOptions } from '../health/health-check';
import { HealthModule } from '../health/health.module';
import { LoggingModule, LoggingOptions } from '../logging/logging.module';
import { MetricsController } from '../metrics/metrics.controller';
import { OpenApiInfo } from '../openapi/openapi-info';
import { OpenApiModule } from '../openapi/openapi.module';
import { ERROR_MAPPINGS, ErrorMapping } from '../problems/error-mapping';
import { ProblemDetailsFilter } from '../problems/problem-details.filter';

export interface ServiceKitOptions {
  /** Names the service in every log line. */
  service: string;
  auth: AuthOptions;
  openApi: OpenApiInfo;
  /** How the service's own errors become problems (NotFoundError -> 404...). */
  errorMappings?: ErrorMapping[];
  /** Default: LOG_LEVEL, else info. */
  logLevel?: string;
  logging?: Omit<LoggingOptions, 'service' | 'level'>;
  health?: HealthOptions;
}

/**
 * What every service gets the same way: problem details for every error, JWT authentication on
 * every route not @Public, OpenAPI and Swagger UI, JSON logs, health probes, Prometheus metrics.
 */
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    return {
      module: ServiceKitModule,
      imports: [
        LoggingModule.forRoot({ ...options.logging, service: options.service, level: options.logLevel }),
        OpenApiModule.forRoot(options.openApi),
        HealthModule.forRoot(options.health),
      ],
      controllers: [MetricsController],
      providers: [
        { provide: AUTH_OPTIONS, useValue: options.auth },
        { provide: ERROR_MAPPINGS, useValue: options.errorMappings ?? [] },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
      ],
    };
  }
}
