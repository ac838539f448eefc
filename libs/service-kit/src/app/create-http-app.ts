import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json, RequestHandler, text } from 'express';
import { Logger } from 'nestjs-pino';
import { absolutePath as swaggerUiPath } from 'swagger-ui-dist';
import { bodyParserProblem } from '../problems/body-parser-problem';
import { ProblemError } from '../problems/problem-details';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { requestMetaMiddleware } from '../request/request-meta';

export interface HttpAppOptions {
  /** JSON bodies larger than this are refused with 413. */
  jsonLimit?: string;
  /** CSV uploads (text/csv) up to this size. */
  csvLimit?: string;
}

/** Builds a service's HTTP app the same way in main.ts and in tests. */
export async function createHttpApp(module: unknown, options: HttpAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module as never, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.use(requestMetaMiddleware);
  app.use(httpMetricsMiddleware);
  app.use(asProblems(json({ limit: options.jsonLimit ?? '1mb', type: ['application/json', 'application/*+json'] })));
  app.use(asProblems(text({ limit: options.csvLimit ?? '50mb', type: ['text/csv'] })));
  app.useStaticAssets(swaggerUiPath(), { prefix: '/docs/assets', index: false });
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  return app;
}

/** A body parser whose failures (bad JSON, too large, bad charset) reach the filter as problems. */
function asProblems(parser: RequestHandler): RequestHandler {
  return (request, response, next) =>
    parser(request, response, (error?: unknown) => {
      const problem = error ? bodyParserProblem(error) : undefined;
      next(problem ? new ProblemError(problem) : error);
    });
}
