import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Request, Response } from 'express';
import { throwError } from 'rxjs';
import { internalErrors } from '../metrics/internal-errors.metric';
import { requestMetaOf } from '../request/request-meta';
import { bodyParserProblem } from './body-parser.problem';
import { ERROR_MAPPINGS, ErrorMapping } from './error-mapping';
import { httpStatusProblem } from './http-status.problem';
import { Problem, PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from './problem-details';
import { ProblemError } from './problem.error';

interface Answer {
  problem: Problem;
  headers?: Record<string, string>;
  /** An error we did not expect: logged with its stack, answered without its insides. */
  unexpected?: boolean;
}

const INTERNAL_ERROR: Problem = {
  type: problemType('internal-error'),
  title: 'Internal server error',
  status: 500,
  detail: 'Something went wrong on our side. It was logged: quote the correlation id when you report it.',
};

/** Every error an HTTP request meets leaves as RFC 9457 problem details (application/problem+json). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');
  private mappings?: ErrorMapping[];

  constructor(
    @Optional() @Inject(ERROR_MAPPINGS) private readonly ownMappings: ErrorMapping[] = [],
    @Optional() private readonly moduleRef?: ModuleRef,
  ) {}

  catch(exception: unknown, host: ArgumentsHost) {
    // A bus message's handler failed: its transport retries or dead-letters it, so let the error through.
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { log?: unknown }>();
    const response = http.getResponse<Response>();
    const { correlationId } = requestMetaOf(request, response);
    const answer = this.answerFor(exception);
    if (answer.unexpected) {
      this.logger.error(exception instanceof Error ? exception : new Error(String(exception)), `${request.method} ${request.originalUrl} failed (correlation ${correlationId})`);
      internalErrors.inc({ method: request.method, route: (request.route?.path as string | undefined) ?? 'unmatched' });
    }
    else if (answer.problem.status >= 500) this.logger.warn(`${request.method} ${request.originalUrl}: ${answer.problem.detail}`);
    // Refused before the request logger saw it (a body parser's refusal): one line so it is not invisible.
    else if (!request.log) {
      const { method, originalUrl: url } = request;
      this.logger.log({ msg: `${method} ${url} refused with ${answer.problem.status}: ${answer.problem.detail}`, method, url, status: answer.problem.status, correlationId });
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    const problem: ProblemDetails = { ...answer.problem, instance: request.originalUrl.split('?')[0], correlationId };
    for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
    if (problem.status === 401 && !response.hasHeader('WWW-Authenticate')) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private answerFor(exception: unknown): Answer {
    if (exception instanceof ProblemError) return { problem: exception.problem, headers: exception.headers };
    const mapping = this.allMappings().find((candidate) => exception instanceof candidate.error);
    if (mapping) {
      const error = exception as Error & { field?: unknown };
      const field = typeof error.field === 'string' && error.field ? error.field : undefined;
      return {
        problem: {
          type: problemType(mapping.type),
          title: mapping.title,
          status: mapping.status,
          detail: error.message || mapping.title,
          ...(field ? { errors: [{ field, reason: error.message }] } : {}),
        },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 500) return { problem: INTERNAL_ERROR, unexpected: true };
      return { problem: httpStatusProblem(status, messageOf(exception)) };
    }
    const beforeRouting = bodyParserProblem(exception);
    if (beforeRouting) return { problem: beforeRouting };
    return { problem: INTERNAL_ERROR, unexpected: true };
  }

  /** Every module may provide ERROR_MAPPINGS (the goals service, an event-store module...): all of them apply. */
  private allMappings(): ErrorMapping[] {
    if (!this.mappings) {
      let provided: unknown[] = [];
      try {
        provided = this.moduleRef ? (this.moduleRef.get(ERROR_MAPPINGS, { strict: false, each: true }) as unknown[]) : [];
      } catch {
        // No module provides any.
      }
      this.mappings = [...new Set([...this.ownMappings, ...provided.flat()] as ErrorMapping[])];
    }
    return this.mappings;
  }
}

function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
  return Array.isArray(message) ? message.join('; ') : String(message);
}
