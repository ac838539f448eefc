import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { requestMetaMiddleware } from '../request/request-meta.middleware';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { BodyParsingOptions, bodyParsers } from './body-parsers';

export interface HttpAppOptions extends BodyParsingOptions {
  /** e.g. 'api': every route, the OpenAPI document and the docs page move under /api. */
  globalPrefix?: string;
  /** Routes that stay outside the prefix, e.g. ['health/live', 'health/ready']. */
  globalPrefixExclude?: string[];
}

/**
 * Builds a service's HTTP app (not yet listening) the same way in main.ts and in tests. The module
 * is expected to import ServiceKitModule.forRoot(...), which brings the filter, guard and logger.
 */
export async function createHttpApp(module: Type<unknown> | object, options: HttpAppOptions = {}): Promise<INestApplication> {
  // Nest's own parsers would run before ours with other limits: ours alone read bodies. A wiring
  // error (a bad secret...) is thrown to the caller, which prints it, instead of Nest exiting the process.
  const app = await NestFactory.create<NestExpressApplication>(module as Type<unknown>, { bodyParser: false, bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  // Nest's create() does not flush what it buffered: without this every Logger line stays in memory, unseen.
  app.flushLogs();
  app.use(requestMetaMiddleware);
  app.use(httpMetricsMiddleware);
  // Errors of these middlewares go through Nest's exception handler, so the global ProblemDetailsFilter answers them.
  app.use(...bodyParsers(options));
  if (options.globalPrefix) app.setGlobalPrefix(options.globalPrefix, { exclude: options.globalPrefixExclude ?? [] });
  app.disable('x-powered-by');
  return app;
}
