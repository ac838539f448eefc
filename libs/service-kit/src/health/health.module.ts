import { DynamicModule, Module } from '@nestjs/common';
import { HEALTH_OPTIONS, HealthOptions } from './health-check';
import { HealthController } from './health.controller';

/**
 * `GET /health/live` and `GET /health/ready`. Readiness runs every HEALTH_CHECKS a module of the
 * application provides: `{ provide: HEALTH_CHECKS, useFactory: (store) => [{ name, check }], inject: [...] }`.
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }],
    };
  }
}
