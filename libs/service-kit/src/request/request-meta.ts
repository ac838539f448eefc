import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { CORRELATION_ID_HEADER, correlationIdFrom } from './correlation-id';

/**
 * Ties together what a request causes: `correlationId` follows a piece of work across services
 * (events, messages, logs); `requestId` is new per request and becomes the causation id of what
 * the request records.
 */
export interface RequestMeta {
  correlationId: string;
  requestId: string;
}

type RequestWithMeta = IncomingMessage & { meta?: RequestMeta };

/**
 * The request's meta, made on first use and echoed as X-Correlation-Id. Whoever asks first (the
 * middleware, the request logger, the problem filter) makes it, so the order of middlewares never matters.
 */
export function requestMetaOf(request: IncomingMessage, response?: ServerResponse): RequestMeta {
  const withMeta = request as RequestWithMeta;
  if (!withMeta.meta) {
    withMeta.meta = { correlationId: correlationIdFrom(request.headers[CORRELATION_ID_HEADER]), requestId: randomUUID() };
    if (response && !response.headersSent) response.setHeader(CORRELATION_ID_HEADER, withMeta.meta.correlationId);
  }
  return withMeta.meta;
}

/** `@RequestMeta() meta: RequestMeta`: the correlation id and request id of the current request. */
export const RequestMeta = createParamDecorator((_: unknown, context: ExecutionContext): RequestMeta => {
  const http = context.switchToHttp();
  return requestMetaOf(http.getRequest(), http.getResponse());
});
