import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

/** Ties what a request causes together: correlationId across services, requestId as the causation id. */
export interface RequestMeta {
  correlationId: string;
  requestId: string;
}

type RequestWithMeta = Request & { meta?: RequestMeta };

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Express middleware: takes a well-formed X-Correlation-Id or makes one, and echoes it. */
export function requestMetaMiddleware(request: RequestWithMeta, response: Response, next: NextFunction): void {
  const given = request.header('x-correlation-id');
  const requestId = randomUUID();
  const correlationId = given && CORRELATION_ID.test(given) ? given : requestId;
  request.meta = { correlationId, requestId };
  response.setHeader('x-correlation-id', correlationId);
  next();
}

export const CurrentRequestMeta = createParamDecorator((_: unknown, context: ExecutionContext): RequestMeta => {
  const request = context.switchToHttp().getRequest<RequestWithMeta>();
  return request.meta ?? { correlationId: randomUUID(), requestId: randomUUID() };
});
