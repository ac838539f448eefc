import { Counter, Gauge, register } from 'prom-client';

// Several services (or test apps) share one registry in a process: register each metric once.
const counter = (name: string, help: string) =>
  (register.getSingleMetric(name) as Counter<'source' | 'outcome'> | undefined) ?? new Counter({ name, help, labelNames: ['source', 'outcome'] });
const gauge = (name: string, help: string) => (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help });

/** What ingestion counts for Prometheus. */
export const ingestionMetrics = {
  dataPoints: counter('ingestion_data_points_total', 'Data points by source and outcome (accepted, unchanged, rejected)'),
  importJobsRunning: gauge('ingestion_import_jobs_running', 'CSV import jobs running now'),
};
