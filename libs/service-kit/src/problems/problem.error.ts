import { FieldError, Problem, problemType } from './problem-details';

/** An error that already knows the problem it answers with (and any header that goes with it). */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
    this.name = 'ProblemError';
  }
}

/** 400 naming every field at fault, for checks a schema cannot express (a CSV row, an If-Match header). */
export function validationProblem(errors: FieldError[]): ProblemError {
  return new ProblemError({
    type: problemType('validation-failed'),
    title: 'The request is not valid',
    status: 400,
    detail: errors.map((error) => `${error.field}: ${error.reason}`).join('; '),
    errors,
  });
}
