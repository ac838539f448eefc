import { z } from 'zod';

/**
 * The topic metrics-ingestion publishes accepted data points to, keyed by `sourceRecordKey`
 * (the changes of one source record keep their order). The goals service consumes it.
 */
export const METRIC_DATA_POINTS_TOPIC = 'metrics.datapoints.v1';

const instant = z.iso.datetime({ offset: true });

/**
 * Version 1 of a data point on the bus: the current contribution of one source record (a
 * Salesforce opportunity, a CSV row, a webhook item) to one metric for one subject.
 *
 * A record contributes one value at a time: `upsert` replaces the record's previous value (an
 * amount changed), `retract` withdraws it (a deal left Closed Won, a record was deleted).
 * `recordVersion` grows by one with every change of the record that ingestion accepted, so a
 * consumer applies a record's change only when its version is newer than the last it applied:
 * redelivery and replays change nothing the second time.
 *
 * `position` is the data point's place in the metric ledger (1, 2, 3... without gaps, in commit
 * order), so a consumer that holds every position up to p knows it missed nothing up to p and can
 * read what it missed from the ledger by position (libs/metric-ledger).
 */
export const metricDataPointMessageSchema = z.object({
  /** Unique per accepted change: `${sourceRecordKey}@${recordVersion}`. */
  dataPointId: z.string().min(1),
  /** A metric defined in metrics-ingestion, e.g. `sales.closed_won_amount`. */
  metric: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/),
  /** Whose number it is: a person (a quota) or a unit. */
  subject: z.object({ type: z.enum(['person', 'unit']), id: z.string().min(1) }),
  operation: z.enum(['upsert', 'retract']),
  /** Absent for a retraction. */
  value: z.number().finite().optional(),
  /** When it was true in the world (valid time): becomes the effectiveAt of what it changes. */
  occurredAt: instant,
  /**
   * When the ledger recorded it: its transaction time. Never decreases as `position` grows (the
   * ledger takes the later of its clock and the last recorded instant), so "known at K" is a
   * prefix of the ledger.
   */
  receivedAt: instant,
  source: z.object({
    /** e.g. `salesforce`, `csv`, `api`, `webhook:billing`. */
    system: z.string().min(1),
    /** The record's id in that system, e.g. an opportunity id. */
    recordId: z.string().min(1),
    /** The change in the source that produced this, e.g. a CDC transactionKey/sequenceNumber, a file row. */
    changeId: z.string().optional(),
  }),
  /** `${source.system}:${source.recordId}:${metric}`: one record's contribution to one metric. */
  sourceRecordKey: z.string().min(1),
  recordVersion: z.number().int().positive(),
  /** `integration:<source>`: becomes the actor of the goal events it causes. */
  actor: z.string().regex(/^integration:.+/),
  correlationId: z.string().min(1),
  /** The data point's place in the metric ledger: 1, 2, 3... without gaps, in commit order. */
  position: z.number().int().positive(),
});

export type MetricDataPointMessage = z.infer<typeof metricDataPointMessageSchema>;
