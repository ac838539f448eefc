export const SOURCE_REGISTRY = Symbol('SOURCE_REGISTRY');

export const SOURCE_KINDS = ['api', 'csv', 'salesforce', 'webhook'] as const;

export interface SourceDefinition {
  /** The `source.system` its data points carry, e.g. `salesforce`, `webhook:billing`. */
  id: string;
  kind: (typeof SOURCE_KINDS)[number];
  name: string;
  description?: string;
}

/** The systems numbers come from, as the admins described them. */
export interface SourceRegistry {
  define(source: SourceDefinition, by: string): Promise<void>;
  list(): Promise<SourceDefinition[]>;
}
