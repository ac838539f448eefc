import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { RequestMeta } from '../request/request-meta';

/** Structured JSON logs; each request line carries its correlation id; tokens never reach the log. */
export function loggingModule(options: { service: string; level?: string }) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      customProps: (request: IncomingMessage) => ({ correlationId: (request as IncomingMessage & { meta?: RequestMeta }).meta?.correlationId }),
      autoLogging: { ignore: (request: IncomingMessage) => (request.url ?? '').startsWith('/health') },
    },
  });
}
