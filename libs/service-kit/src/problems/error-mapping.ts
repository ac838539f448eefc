/** Injection token: an `ErrorMapping[]`; every module may provide its own, the filter reads them all. */
export const ERROR_MAPPINGS = Symbol('ERROR_MAPPINGS');

/**
 * How a service's own errors become problems, so the kit never imports a domain: the goals service
 * maps its NotFoundError to 404. The error's message becomes `detail`; a `field` property on it
 * becomes an `errors` entry.
 */
export interface ErrorMapping {
  error: abstract new (...args: never[]) => Error;
  status: number;
  /** The slug of the type URI: 'not-found' -> https://okr-platform.dev/problems/not-found. */
  type: string;
  title: string;
}
