import { MetricDataPointMessage } from '@okr/contracts';
import { MetricFact } from '@okr/metric-index';

/** A data point off metrics.datapoints.v1 as the fact a metric index holds: instants in epoch milliseconds. */
export function factOf(message: MetricDataPointMessage): MetricFact {
  const fact: MetricFact = {
    position: message.position,
    metric: message.metric,
    subject: { type: message.subject.type, id: message.subject.id },
    sourceRecordKey: message.sourceRecordKey,
    source: { system: message.source.system, recordId: message.source.recordId },
    recordVersion: message.recordVersion,
    operation: message.operation,
    occurredAt: Date.parse(message.occurredAt),
    recordedAt: Date.parse(message.receivedAt),
  };
  if (message.value !== undefined) fact.value = message.value;
  return fact;
}
