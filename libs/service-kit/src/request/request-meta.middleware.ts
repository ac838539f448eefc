import type { NextFunction } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestMetaOf } from './request-meta';

/** First middleware of the app: every answer, even a body parser's refusal, echoes the correlation id. */
export function requestMetaMiddleware(request: IncomingMessage, response: ServerResponse, next: NextFunction): void {
  requestMetaOf(request, response);
  next();
}
