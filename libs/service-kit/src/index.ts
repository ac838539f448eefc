// The shared kit of the HTTP services: import from '@okr/service-kit' only.

// Problem details (RFC 9457)
export * from './problems/problem-details';
export * from './problems/problem.error';
export * from './problems/error-mapping';
export * from './problems/problem-details.filter';

// Validation with zod
export * from './validation/request-part';
export * from './validation/zod-validation.pipe';
export * from './validation/valid-request.decorators';
export * from './validation/common.schemas';
export * from './validation/request-value-policy';
export { requestErrorMap } from './validation/field-errors';

// OpenAPI
export * from './openapi/api-route.decorator';
export * from './openapi/openapi-info';
export * from './openapi/openapi.module';
export * from './openapi/openapi-document.service';

// Authentication
export * from './auth/actor';
export * from './auth/auth-options';
export * from './auth/auth-options-from-config';
export * from './auth/authenticated-request';
export * from './auth/public.decorator';
export * from './auth/roles.decorator';
export * from './auth/current-actor.decorator';
export * from './auth/jwt-auth.guard';
export * from './auth/development-token';
export * from './auth/development-secret';

// Request context
export * from './request/correlation-id';
export * from './request/request-meta';

// Logging, health, metrics, configuration
export * from './logging/log-level';
export * from './logging/logging.module';
export * from './health/health-check';
export * from './health/health.controller';
export * from './health/health.module';
export * from './metrics/metrics.controller';
export * from './config/load-config';
export * from './config/shared-settings';

// Time
export * from './clock/clock';

// Assembly
export * from './app/service-kit.module';
export * from './app/create-http-app';
export * from './app/stop-on-signals';
export * from './app/close-on-shutdown';
