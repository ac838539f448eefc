import { ProblemDetails, problemType } from './problem-details';

/** Errors raised by the JSON and text body parsers before any controller runs. */
export function bodyParserProblem(exception: unknown): ProblemDetails | undefined {
  const error = exception as { type?: string; status?: number; message?: string; limit?: number };
  switch (error?.type) {
    case 'entity.parse.failed':
      return { type: problemType('malformed-body'), title: 'The body is not valid JSON', status: 400, detail: error.message, errors: [{ field: 'body', reason: 'not valid JSON' }] };
    case 'entity.too.large':
      return { type: problemType('payload-too-large'), title: 'The body is too large', status: 413, detail: `the limit is ${error.limit} bytes` };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { type: problemType('unsupported-media-type'), title: 'Unsupported encoding', status: 415, detail: error.message };
    default:
      return undefined;
  }
}
