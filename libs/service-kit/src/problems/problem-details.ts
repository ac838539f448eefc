/** RFC 9457 problem details, with the fields at fault listed in `errors`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  correlationId?: string;
}

/** `field` names where the input was wrong: `body.keyResults.0.target`, `query.asOf`, `params.id`. */
export interface FieldError {
  field: string;
  reason: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TYPE_BASE = 'https://okr-platform.dev/problems/';

export function problemType(slug: string): string {
  return `${TYPE_BASE}${slug}`;
}

/** An error that already knows the problem document it should answer with. */
export class ProblemError extends Error {
  constructor(readonly problem: Omit<ProblemDetails, 'instance' | 'correlationId'>) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemError';
  }
}

export function validationProblem(errors: FieldError[]): ProblemError {
  return new ProblemError({
    type: problemType('validation-failed'),
    title: 'The request is not valid',
    status: 400,
    detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '),
    errors,
  });
}
