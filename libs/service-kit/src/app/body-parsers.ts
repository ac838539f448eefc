import { json, RequestHandler, text } from 'express';
import type { IncomingMessage } from 'node:http';
import { ProblemError } from '../problems/problem.error';
import { bodyParserProblem } from '../problems/body-parser.problem';
import { problemType } from '../problems/problem-details';

export interface BodyParsingOptions {
  /** JSON bodies larger than this are refused with 413 (default 1mb). */
  jsonLimit?: string;
  /** Text bodies (uploads) up to this size (default 50mb). */
  textLimit?: string;
  /** Media types read as a string body (default text/csv). */
  textTypes?: string[];
  /** Keep the exact bytes as `request.rawBody` (a Buffer), e.g. to check a webhook's signature. */
  rawBody?: boolean;
  /**
   * Media types accepted but left unread, for a handler that reads the request stream itself (a
   * large upload parsed as it arrives). Such a type should not also be in `textTypes`.
   */
  streamedTypes?: string[];
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * The body parsers of every service, then a refusal (415) of any body they do not read: without
 * it a handler would see no body at all and answer a confusing 400.
 */
export function bodyParsers(options: BodyParsingOptions = {}): RequestHandler[] {
  const textTypes = options.textTypes ?? ['text/csv'];
  const verify = options.rawBody ? (request: IncomingMessage, _: unknown, buffer: Buffer) => void ((request as IncomingMessage & { rawBody?: Buffer }).rawBody = buffer) : undefined;
  const accepted = [...JSON_TYPES, ...textTypes, ...(options.streamedTypes ?? [])];
  return [
    asProblems(json({ limit: options.jsonLimit ?? '1mb', type: JSON_TYPES, verify })),
    // An empty type list would make the text parser read every type: no text types, no text parser.
    ...(textTypes.length ? [asProblems(text({ limit: options.textLimit ?? '50mb', type: textTypes, verify }))] : []),
    (request, _, next) => {
      if (!carriesBody(request) || request.is(accepted)) return next();
      next(
        new ProblemError({
          type: problemType('unsupported-media-type'),
          title: 'Unsupported media type',
          status: 415,
          detail: `a body of type ${request.headers['content-type'] ?? '(none)'} is not accepted; send ${accepted.filter((type) => !type.includes('*')).join(' or ')}`,
        }),
      );
    },
  ];
}

/**
 * Nest turns a body parser's SyntaxError into a bare BadRequestException before any filter sees it,
 * losing which part failed: the parser's errors become problems here, where they are still known.
 */
function asProblems(parser: RequestHandler): RequestHandler {
  return (request, response, next) =>
    parser(request, response, (error?: unknown) => {
      const problem = error ? bodyParserProblem(error) : undefined;
      next(problem ? new ProblemError(problem) : error);
    });
}

/** A body with bytes in it (a chunked body may be empty: then only its declared type is judged). */
function carriesBody(request: IncomingMessage): boolean {
  const length = Number(request.headers['content-length'] ?? 0);
  return length > 0 || (request.headers['transfer-encoding'] !== undefined && request.headers['content-type'] !== undefined);
}
