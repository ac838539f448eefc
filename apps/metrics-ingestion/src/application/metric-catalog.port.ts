export const METRIC_CATALOG = Symbol('METRIC_CATALOG');

export interface MetricDefinition {
  key: string;
  name: string;
  unit: string;
  description?: string;
}

/** The metrics data points may be given for: a data point for any other is refused. */
export interface MetricCatalog {
  define(metric: MetricDefinition, by: string): Promise<void>;
  list(): Promise<MetricDefinition[]>;
  /** Which of these keys are defined. */
  defined(keys: string[]): Promise<Set<string>>;
}
