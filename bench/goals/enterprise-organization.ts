/** The events of an enterprise organisation, for the organisation's fold benchmarks. */
import { OrganizationEvent, TimedEvent } from '@okr/goals-domain';

export const DEPARTMENTS = 50;
export const TEAMS = 1_000;
export const PEOPLE = 10_000;

const iso = (instant: number) => new Date(instant).toISOString();

/**
 * 1 company, 50 departments, 1,000 teams, 10,000 people, each in a team and in the company:
 * 31,051 events, in the order they are recorded, each recorded at `recordedAt(n)` and effective at `effectiveAt(n)`.
 */
export function enterpriseOrganization(effectiveAt: (n: number) => number, recordedAt: (n: number) => number): TimedEvent<OrganizationEvent>[] {
  const events: OrganizationEvent[] = [{ type: 'UnitCreated', data: { unitId: 'acme', name: 'Acme', kind: 'company', parentId: null } }];
  for (let d = 0; d < DEPARTMENTS; d++) events.push({ type: 'UnitCreated', data: { unitId: `d${d}`, name: `Department ${d}`, kind: 'department', parentId: 'acme' } });
  for (let t = 0; t < TEAMS; t++) events.push({ type: 'UnitCreated', data: { unitId: teamOf(t), name: `Team ${t}`, kind: 'team', parentId: `d${t % DEPARTMENTS}` } });
  for (let p = 0; p < PEOPLE; p++) events.push({ type: 'PersonRegistered', data: { personId: `p${p}`, name: `Person ${p}`, email: `p${p}@acme.test` } });
  for (let p = 0; p < PEOPLE; p++) events.push({ type: 'MemberAdded', data: { unitId: teamOf(p % TEAMS), personId: `p${p}` } });
  for (let p = 0; p < PEOPLE; p++) events.push({ type: 'MemberAdded', data: { unitId: 'acme', personId: `p${p}` } });
  return events.map((event, n) => ({ ...event, metadata: { effectiveAt: iso(effectiveAt(n)), recordedAt: iso(recordedAt(n)) } }));
}

/** Person p's move out of their first team into the next one. */
export function moveOf(p: number) {
  return { personId: `p${p}`, from: teamOf(p % TEAMS), to: teamOf((p + 1) % TEAMS) };
}

export function membershipMove(p: number): OrganizationEvent[] {
  const { personId, from, to } = moveOf(p);
  return [
    { type: 'MemberRemoved', data: { unitId: from, personId } },
    { type: 'MemberAdded', data: { unitId: to, personId } },
  ];
}

export const teamOf = (t: number) => `t${t}`;
export { iso };
