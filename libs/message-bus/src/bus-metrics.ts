import { Counter, register } from 'prom-client';

const counter = (name: string, help: string) =>
  (register.getSingleMetric(name) as Counter<'topic' | 'group'> | undefined) ?? new Counter({ name, help, labelNames: ['topic', 'group'] });

/** What the bus tells Prometheus about consumers: handled messages, handler failures, dead letters. */
export const busMetrics = {
  handled: counter('bus_messages_handled_total', 'Messages a consumer handled successfully'),
  failures: counter('bus_handler_failures_total', 'Handler attempts that threw (each retry counts)'),
  deadLetters: counter('bus_dead_letters_total', 'Messages moved to a dead-letter topic'),
};
