import { Counter, register } from 'prom-client';

/**
 * Answers of 500 for an error nothing expected (a storage error that reached the problem filter):
 * each is a bug or an outage, so alert on any increase. Labelled by route pattern, never by URL.
 */
export const internalErrors =
  (register.getSingleMetric('http_internal_errors_total') as Counter<string> | undefined) ??
  new Counter({ name: 'http_internal_errors_total', help: 'HTTP requests answered 500 by an unexpected error: alert on any increase', labelNames: ['method', 'route'] });
