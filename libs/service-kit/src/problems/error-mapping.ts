export const ERROR_MAPPINGS = Symbol('ERROR_MAPPINGS');

/**
 * How a service's own errors become problems, so the kit never imports a domain: e.g. the goals
 * service maps NotFoundError to 404. A `field` property on the error becomes an `errors` entry.
 */
export interface ErrorMapping {
  error: abstract new (...args: never[]) => Error;
  status: number;
  type: string;
  title: string;
}
