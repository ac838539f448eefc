export const OPENAPI_INFO = Symbol('OPENAPI_INFO');

/** The `info` object of the document: each service names itself. */
export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}
