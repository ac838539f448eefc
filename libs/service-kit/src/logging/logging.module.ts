import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { RequestMeta } from '../request/request-meta';

/** Nest's start-up chatter (every module and route it wires): worth seeing only when debugging. */
const BOOTSTRAP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication', 'NestMicroservice']);
const INFO = 30;

/** Structured JSON logs; each request line carries its correlation id; tokens never reach the log. */
export function loggingModule(options: { service: string; level?: string }) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      customProps: (request: IncomingMessage) => ({ correlationId: (request as IncomingMessage & { meta?: RequestMeta }).meta?.correlationId }),
      autoLogging: { ignore: (request: IncomingMessage) => (request.url ?? '').startsWith('/health') },
      hooks: {
        logMethod(args, method, level) {
          const context = (args[0] as { context?: string } | undefined)?.context;
          if (level === INFO && context && BOOTSTRAP_CONTEXTS.has(context)) {
            (this.debug as (...a: unknown[]) => void)(...args);
            return;
          }
          method.apply(this, args as never);
        },
      },
    },
  });
}
