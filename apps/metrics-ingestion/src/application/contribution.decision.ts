import { ContributionChange, CurrentContribution, DataPointDraft, Subject } from './contribution';

export type ContributionDecision = { outcome: 'unchanged' } | { outcome: 'accepted'; dataPoints: DataPointDraft[] };

/**
 * Whether a change of a source record is news, and which data points say it. The same content
 * twice is unchanged (a retried request, a replayed webhook, a re-uploaded file); a record that
 * moves to another subject first withdraws what it gave the old one, so no total counts it twice.
 */
export function decideContribution(current: CurrentContribution | undefined, change: ContributionChange): ContributionDecision {
  const version = current?.recordVersion ?? 0;
  const contributing = current?.operation === 'upsert' ? current : undefined;
  if (change.operation === 'retract') {
    if (!contributing) return { outcome: 'unchanged' };
    return { outcome: 'accepted', dataPoints: [{ subject: contributing.subject, operation: 'retract', occurredAt: change.occurredAt, recordVersion: version + 1 }] };
  }
  if (contributing && sameSubject(contributing.subject, change.subject) && contributing.value === change.value && contributing.occurredAt === change.occurredAt) {
    return { outcome: 'unchanged' };
  }
  const dataPoints: DataPointDraft[] = [];
  if (contributing && !sameSubject(contributing.subject, change.subject)) {
    dataPoints.push({ subject: contributing.subject, operation: 'retract', occurredAt: change.occurredAt, recordVersion: version + 1 });
  }
  dataPoints.push({ subject: change.subject, operation: 'upsert', value: change.value, occurredAt: change.occurredAt, recordVersion: version + dataPoints.length + 1 });
  return { outcome: 'accepted', dataPoints };
}

function sameSubject(a: Subject, b: Subject): boolean {
  return a.type === b.type && a.id === b.id;
}
