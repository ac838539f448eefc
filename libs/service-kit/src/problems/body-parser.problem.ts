import { Problem, problemType } from './problem-details';
import { httpStatusProblem } from './http-status.problem';

/** The shape of the errors body-parser and Express's router raise (http-errors). */
interface HttpError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
  limit?: number;
  charset?: string;
}

/**
 * Errors raised before any controller runs (body parsers, the router decoding a path) carry a
 * status but are no Nest HttpException: without this they would be answered as 500s.
 */
export function bodyParserProblem(exception: unknown): Problem | undefined {
  if (!exception || typeof exception !== 'object') return undefined;
  const error = exception as HttpError;
  switch (error.type) {
    case 'entity.parse.failed':
      return {
        type: problemType('malformed-body'),
        title: 'The body is not valid JSON',
        status: 400,
        detail: error.message ?? 'the body is not valid JSON',
        errors: [{ field: 'body', reason: `not valid JSON: ${error.message}` }],
      };
    case 'entity.too.large':
      return { type: problemType('payload-too-large'), title: 'The body is too large', status: 413, detail: `the body may be at most ${error.limit} bytes` };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { type: problemType('unsupported-media-type'), title: 'Unsupported encoding', status: 415, detail: error.message ?? 'unsupported encoding' };
  }
  // Other client errors of http-errors (aborted request, a path that cannot be decoded): their message is safe to show.
  if (error.expose === true && typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return httpStatusProblem(error.status, error.message);
  }
  return undefined;
}
