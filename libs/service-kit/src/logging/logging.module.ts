import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { requestMetaOf } from '../request/request-meta';
import { logLevelOf } from './log-level';

export interface LoggingOptions {
  /** Every line carries it, so the all-in-one process's lines can be told apart. */
  service: string;
  /** Default: LOG_LEVEL, else info. `silent` in tests. */
  level?: string;
  /** More paths to hide, besides the authorization and cookie headers. */
  redact?: string[];
  /** Where lines go; stdout unless given (tests capture them here). */
  stream?: DestinationStream;
  /** Requests not worth a line each (probes): path prefixes. Default: /health. */
  quietPaths?: string[];
}

/** Nest's start-up chatter (every module and route it wires): worth seeing only when debugging. */
const BOOTSTRAP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication', 'NestMicroservice']);
const INFO = 30;

/** Structured JSON logs with nestjs-pino: one line per request with its correlation id; tokens never reach the log. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    const quietPaths = options.quietPaths ?? ['/health'];
    const pinoOptions: Options = {
      level: logLevelOf(options.level),
      base: { service: options.service },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', ...(options.redact ?? [])], censor: '[redacted]' },
      // The request id of the log line is the one events record as their causation id.
      genReqId: (request: IncomingMessage, response: ServerResponse) => requestMetaOf(request, response).requestId,
      customProps: (request: IncomingMessage, response: ServerResponse) => ({ correlationId: requestMetaOf(request, response).correlationId }),
      customLogLevel: (_: IncomingMessage, response: ServerResponse, error?: Error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (request: IncomingMessage) => quietPaths.some((path) => (request.url ?? '').startsWith(path)) },
      hooks: {
        logMethod(args, method, level) {
          const context = (args[0] as { context?: string } | undefined)?.context;
          if (level === INFO && context && BOOTSTRAP_CONTEXTS.has(context)) return this.debug(...(args as [string]));
          return method.apply(this, args);
        },
      },
    };
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: options.stream ? [pinoOptions, options.stream] : pinoOptions })],
      exports: [LoggerModule],
    };
  }
}
