import { boundValueDisclosure, BoundMetric, boundMetricValue, canSeeContribution, Contribution, OrganizationState, ValueInstants, Viewer } from '@okr/goals-domain';

/**
 * The data points and source records behind a bound goal's value at the instants read. Rows about
 * a person the viewer may not see (canSeeContribution) are not listed: they are summed into
 * `others`, and even that is withheld when it covers fewer people than the policy's minGroupSize,
 * or it would reveal one person's number. The value itself is withheld by the same rule as the
 * goal's reads (boundValueDisclosure): the viewer's own rows minus the value would be the others'.
 */
export function metricLineage(boundMetric: BoundMetric, at: ValueInstants, org: OrganizationState, viewer: Viewer) {
  const reading = boundMetricValue(boundMetric, at);
  const visible = reading.contributing.filter((c) => canSeeContribution(org, viewer, c.subject));
  const hidden = reading.contributing.filter((c) => !visible.includes(c));
  const people = new Set(hidden.map((c) => c.subject.id)).size;
  const disclosure = boundValueDisclosure(org, viewer, reading.contributing, org.policy.minGroupSize);
  return {
    binding: boundMetric.binding,
    ...(disclosure.withheld ? disclosure : { value: reading.value }),
    records: visible.map(lineageRow),
    ...(hidden.length
      ? {
          others:
            people >= org.policy.minGroupSize
              ? { people, records: hidden.length, total: hidden.reduce((sum, c) => sum + (c.value ?? 0), 0) }
              : { withheld: true, reason: `contributions of people you may not see, fewer than ${org.policy.minGroupSize}` },
        }
      : {}),
  };
}

function lineageRow(c: Contribution) {
  return {
    dataPointId: c.dataPointId,
    sourceRecordKey: c.sourceRecordKey,
    recordVersion: c.recordVersion,
    source: { system: c.source.system, recordId: c.source.recordId, changeId: c.source.changeId ?? null },
    subject: c.subject,
    value: c.value,
    occurredAt: c.occurredAt,
    receivedAt: c.receivedAt,
    recordedAt: c.recordedAt,
    ...(c.amendmentReason ? { amendmentReason: c.amendmentReason } : {}),
  };
}
