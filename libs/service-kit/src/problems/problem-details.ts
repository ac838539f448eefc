/**
 * RFC 9457 problem details, as every error leaves the services. `errors` lists the fields at
 * fault; `correlationId` lets a caller quote the failing request to whoever reads the logs.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
  correlationId: string;
}

/** Where the input was wrong, in pointer form: `body.keyResults.0.target`, `query.asOf`, `params.id`. */
export interface FieldError {
  field: string;
  reason: string;
}

/** What code raising a problem supplies; the filter adds where (`instance`) and which request (`correlationId`). */
export type Problem = Omit<ProblemDetails, 'instance' | 'correlationId'>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const PROBLEM_TYPE_BASE = 'https://okr-platform.dev/problems/';

/** `problemType('not-found')` -> `https://okr-platform.dev/problems/not-found`. */
export function problemType(slug: string): string {
  return `${PROBLEM_TYPE_BASE}${slug}`;
}
