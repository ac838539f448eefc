import { BoundValueDisclosure, canSeeContribution, MetricBinding, OrganizationState, Viewer } from '@okr/goals-domain';
import { CountedFact, MetricReading } from '@okr/metric-index';

/**
 * The facts behind a bound goal's value at the instants read. Facts about a person the viewer may
 * not see (canSeeContribution) are not listed: they are summed into `others`, and even that is
 * withheld when it covers fewer people than the policy's minGroupSize, or it would reveal one
 * person's number. The value itself is withheld as the goal's reads decide (`disclosure`): the
 * viewer's own facts minus the value would be the others'.
 */
export function metricLineage(binding: MetricBinding, reading: MetricReading, counted: readonly CountedFact[], org: OrganizationState, viewer: Viewer, disclosure: BoundValueDisclosure) {
  const visible = counted.filter((fact) => canSeeContribution(org, viewer, fact.subject));
  const hidden = counted.filter((fact) => !canSeeContribution(org, viewer, fact.subject));
  const hiddenPeople = new Set(hidden.map((fact) => fact.subject.id)).size;
  return {
    binding,
    ...(disclosure.withheld ? disclosure : { value: reading.value }),
    records: visible.map(lineageRow),
    ...(hidden.length
      ? {
          others:
            hiddenPeople >= org.policy.minGroupSize
              ? { people: hiddenPeople, records: hidden.length, total: hidden.reduce((sum, fact) => sum + fact.value, 0) }
              : { withheld: true, reason: `facts of people you may not see, fewer than ${org.policy.minGroupSize}` },
        }
      : {}),
  };
}

function lineageRow(fact: CountedFact) {
  return {
    dataPointId: `${fact.sourceRecordKey}@${fact.recordVersion}`,
    ledgerPosition: fact.position,
    sourceRecordKey: fact.sourceRecordKey,
    recordVersion: fact.recordVersion,
    source: fact.source,
    subject: fact.subject,
    value: fact.value,
    occurredAt: new Date(fact.occurredAt).toISOString(),
    recordedAt: new Date(fact.recordedAt).toISOString(),
  };
}
