import { STATUS_CODES } from 'node:http';
import { Problem, problemType } from './problem-details';

/** Slugs of the statuses the services answer with; others are derived from Node's status text. */
const SLUGS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  429: 'too-many-requests',
  500: 'internal-error',
  503: 'service-unavailable',
};

/** A problem that says no more than its status does, for errors that carry only a status and a message. */
export function httpStatusProblem(status: number, detail?: string): Problem {
  const title = STATUS_CODES[status] ?? (status >= 500 ? 'Server error' : 'Request error');
  const slug = SLUGS[status] ?? title.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
  return { type: problemType(slug), title, status, detail: detail || title };
}
