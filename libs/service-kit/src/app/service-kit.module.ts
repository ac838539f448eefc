import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AUTH_OPTIONS, AuthOptions } from '../auth/auth-options';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { loggingModule } from '../logging/logging.module';
import { OpenApiInfo } from '../openapi/openapi-document';
import { MetricsController } from '../metrics/metrics.controller';
import { OpenApiModule } from '../openapi/openapi.module';
import { ERROR_MAPPINGS, ErrorMapping } from '../problems/error-mapping';
import { ProblemDetailsFilter } from '../problems/problem-details.filter';

export interface ServiceKitOptions {
  service: string;
  auth: AuthOptions;
  openApi: OpenApiInfo;
  errorMappings?: ErrorMapping[];
  logLevel?: string;
}

/** What every service gets the same way: problems, authentication, OpenAPI, logs, Prometheus metrics. */
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    return {
      module: ServiceKitModule,
      imports: [loggingModule({ service: options.service, level: options.logLevel }), OpenApiModule.forRoot(options.openApi)],
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
