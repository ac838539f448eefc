import { Counter, Gauge, register } from 'prom-client';

const counter = (name: string, help: string) =>
  (register.getSingleMetric(name) as Counter<'topic' | 'group'> | undefined) ?? new Counter({ name, help, labelNames: ['topic', 'group'] });

const gauge = (name: string, help: string) =>
  (register.getSingleMetric(name) as Gauge<'topic' | 'group' | 'partition'> | undefined) ??
  new Gauge({ name, help, labelNames: ['topic', 'group', 'partition'] });

/** What the bus tells Prometheus about consumers: handled messages, handler failures, dead letters, lag. */
export const busMetrics = {
  handled: counter('bus_messages_handled_total', 'Messages a consumer handled successfully'),
  failures: counter('bus_handler_failures_total', 'Handler attempts that threw (each retry counts)'),
  deadLetters: counter('bus_dead_letters_total', 'Messages moved to a dead-letter topic'),
  /** Messages in a partition after the consumer's position, as of the consumer's last look. */
  lag: gauge('bus_consumer_lag', 'Messages waiting behind a consumer group, per topic partition'),
};
