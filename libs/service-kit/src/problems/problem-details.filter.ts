import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorMapping, ERROR_MAPPINGS } from './error-mapping';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, ProblemError, problemType } from './problem-details';

/** Every error leaves as RFC 9457 problem details; unexpected ones are logged and answered without their insides. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  constructor(@Optional() @Inject(ERROR_MAPPINGS) private readonly mappings: ErrorMapping[] = []) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem: ProblemDetails = {
      ...this.toProblem(exception),
      instance: request.originalUrl,
      correlationId: response.getHeader('x-correlation-id') as string | undefined,
    };
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ProblemError) return exception.problem;
    const mapping = this.mappings.find((m) => exception instanceof m.error);
    if (mapping) {
      const error = exception as Error & { field?: string };
      return {
        type: problemType(mapping.type),
        title: mapping.title,
        status: mapping.status,
        detail: error.message,
        ...(error.field ? { errors: [{ field: error.field, reason: error.message }] } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : ((body as { message?: string | string[] }).message ?? exception.message);
      return { type: problemType(slug(status)), title: titleFor(status), status, detail: Array.isArray(detail) ? detail.join('; ') : detail };
    }
    return { type: problemType('internal-error'), title: 'Internal server error', status: 500, detail: 'Something went wrong on our side; the error was logged.' };
  }
}

function slug(status: number): string {
  return titleFor(status).toLowerCase().replace(/[^a-z]+/g, '-');
}

function titleFor(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not found',
    405: 'Method not allowed',
    409: 'Conflict',
    413: 'Payload too large',
    415: 'Unsupported media type',
    422: 'Unprocessable content',
    429: 'Too many requests',
    503: 'Service unavailable',
  };
  return titles[status] ?? (status >= 500 ? 'Server error' : 'Request error');
}
